using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Outbox;
using Coordination.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>
/// Units of work that arrive together: on SQLite they share one commit, and one unit's failure
/// undoes that unit alone; on PostgreSQL each commits by itself. Either way every caller hears
/// only what happened to its own unit.
/// </summary>
[Trait("Category", "Integration")]
public sealed class UnitOfWorkTests
{
    public sealed record Ping(int N);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Concurrent_units_commit_their_own_changes_and_a_failing_one_changes_nothing(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        using var signal = new OutboxSignal();
        var units = new UnitOfWork(db, signal, TimeProvider.System);

        var runs = Enumerable.Range(0, 20).Select(n => units.RunAsync(async write =>
        {
            write.Audit(AuditChainTests.Entry(n));
            write.Publish(new Ping(n));
            await Task.Yield();
            if (n == 7)
            {
                throw new InvalidOperationException("unit 7 fails");
            }

            return n;
        }, CancellationToken.None)).ToList();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => runs[7]);
        Assert.Equal("unit 7 fails", failed.Message);
        var others = await Task.WhenAll(runs.Where((_, n) => n != 7));
        Assert.Equal(Enumerable.Range(0, 20).Where(n => n != 7), others);

        Assert.Equal(19, await DbCounts.CountAsync(db, "outbox"));
        Assert.Equal(19, await DbCounts.CountAsync(db, "audit_log"));
        Assert.Equal(0, await DbCounts.CountAsync(db, "outbox", "body = @Body", new { Body = """{"n":7}""" }));
        Assert.Equal(1, await DbCounts.CountAsync(db, "outbox", "body = @Body", new { Body = """{"n":8}""" }));
        Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));
    }
}

using Coordination.Data;
using Coordination.Data.Outbox;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>Outbox, inbox and idempotency rows expire; what is still owed is kept.</summary>
[Trait("Category", "Integration")]
public sealed class RetentionTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);

    private const string SeedSql = """
        INSERT INTO outbox (id, message_type, body, created_at, sent_at, attempts) VALUES
            ('00000000-0000-4000-8000-000000000001', 'T, A', '{}', @Old, @Old, 1),
            ('00000000-0000-4000-8000-000000000002', 'T, A', '{}', @Old, NULL, 3),
            ('00000000-0000-4000-8000-000000000003', 'T, A', '{}', @Recent, @Recent, 1);
        INSERT INTO inbox (consumer, message_id, processed_at) VALUES
            ('q', '00000000-0000-4000-8000-000000000011', @Old),
            ('q', '00000000-0000-4000-8000-000000000012', @Recent);
        INSERT INTO idempotency_requests (caller, route, idem_key, request_hash, created_at) VALUES
            ('gp', 'POST /api/referrals', 'old', 'h', @Old),
            ('gp', 'POST /api/referrals', 'recent', 'h', @Recent);
        """;

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Sent_outbox_rows_inbox_rows_and_idempotency_records_past_their_retention_are_deleted(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync(SeedSql, new { Old = Now.AddDays(-8), Recent = Now.AddHours(-1) });
        }

        var removed = await new OutboxStore(db).DeleteExpiredAsync(Now, TimeSpan.FromDays(7), TimeSpan.FromDays(7), TimeSpan.FromHours(24), CancellationToken.None);

        Assert.Equal(new RetentionResult(1, 1, 1), removed);
        // The old unsent row is still owed to the broker: kept, whatever its age.
        Assert.Equal(2, await DbCounts.CountAsync(db, "outbox"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "outbox", "sent_at IS NULL"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "inbox"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "idempotency_requests", "idem_key = 'recent'"));
    }

    [Fact]
    [Trait("Category", "Unit")]
    public void The_inbox_remembers_at_least_as_long_as_the_relay_may_still_send_a_row_again()
    {
        var options = new OutboxOptions { RetryBaseDelay = TimeSpan.FromSeconds(1), RetryMaxDelay = TimeSpan.FromMinutes(5), MaxAttempts = 10 };
        // 1 + 2 + 4 + ... + 256 s: nine waits before the tenth and last attempt.
        Assert.Equal(TimeSpan.FromSeconds(511), options.LongestRetrySpan());
        Assert.Equal(TimeSpan.FromMinutes(5), options.BackOff(12));
    }
}

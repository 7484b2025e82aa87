using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>The audit log's hash chain: concurrent writers keep it whole, and a change behind the log's back is found.</summary>
[Trait("Category", "Integration")]
public sealed class AuditChainTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 15, 42, 123, DateTimeKind.Utc);

    public static AuditEntry Entry(int n) => new()
    {
        Action = AuditAction.Read,
        Outcome = "success",
        ClientBsn = "999900018",
        UserId = $"gp-{n}",
        UserName = "Dr. Jansen-Ünal",
        UserRole = "gp",
        Purpose = "family-plan",
        ObjectType = "FamilyPlan",
        ObjectId = $"f-{n}",
        SourceSystem = "test",
        CheckConsent = CheckResult.Passed,
    };

    public static async Task<(TestDatabase Databases, Database Db)> MigratedAsync(string dialect)
    {
        var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        return await Task.FromResult((databases, db));
    }

    /// <summary>Writes <paramref name="count"/> entries one by one; returns their ids in chain order.</summary>
    public static async Task<List<string>> WriteAsync(Database db, int count)
    {
        await using var connection = await db.OpenAsync();
        for (var n = 1; n <= count; n++)
        {
            await AuditLog.WriteAsync(connection, null, Entry(n), Now, CancellationToken.None);
        }

        return (await connection.QueryAsync<string>("SELECT id FROM audit_log ORDER BY seq")).ToList();
    }

    /// <summary>What only the owner (or a superuser) can do: take the append-only trigger away.</summary>
    public static Task DropNoUpdateTriggerAsync(Database db, string dialect)
    {
        var sql = dialect switch
        {
            Dialects.Sqlite => "DROP TRIGGER audit_log_no_update",
            Dialects.Postgres => "DROP TRIGGER audit_log_no_change ON audit_log",
            _ => "DROP TRIGGER audit_log_no_change",
        };
        return ExecuteAsync(db, sql);
    }

    public static async Task ExecuteAsync(Database db, string sql, object? args = null)
    {
        await using var connection = await db.OpenAsync();
        await connection.ExecuteAsync(sql, args);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task Concurrent_writers_extend_one_unbroken_chain(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;

        // Twenty writers at once: half write one entry in a transaction of the log's own, half two
        // entries inside a transaction of theirs, as a store writing a change with its entries does.
        await Together.RunAsync(20, async i =>
        {
            await using var connection = await db.OpenAsync();
            if (i % 2 == 0)
            {
                await AuditLog.WriteAsync(connection, null, Entry(i), Now, CancellationToken.None);
                return;
            }

            await using var tx = await connection.BeginTransactionAsync();
            await AuditLog.WriteManyAsync(connection, tx, [Entry(i), Entry(100 + i)], Now, CancellationToken.None);
            await tx.CommitAsync();
        });

        Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));
        var head = await AuditChain.HeadAsync(db, CancellationToken.None);
        Assert.Equal(30, head.Seq);
        Assert.Equal(30, await DbCounts.CountAsync(db, "audit_log"));
        // Each writer's pair of entries sits side by side in the chain.
        await using var connection = await db.OpenAsync();
        var users = (await connection.QueryAsync<string>("SELECT user_id FROM audit_log ORDER BY seq")).ToList();
        foreach (var i in Enumerable.Range(0, 20).Where(i => i % 2 == 1))
        {
            Assert.Equal(users.IndexOf($"gp-{i}") + 1, users.IndexOf($"gp-{100 + i}"));
        }
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task Verification_names_the_entry_that_was_changed_behind_the_logs_back(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        var ids = await WriteAsync(db, 5);
        Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));

        await DropNoUpdateTriggerAsync(db, dialect);
        await ExecuteAsync(db, "UPDATE audit_log SET purpose = 'research' WHERE seq = 3");

        var broken = await AuditChain.VerifyAsync(db, CancellationToken.None);
        Assert.NotNull(broken);
        Assert.Equal(3, broken.Seq);
        Assert.Equal(ids[2], broken.Id);
        Assert.Equal(AuditChainFault.HashMismatch, broken.Fault);
    }

    [SkippableFact]
    public async Task Every_field_of_an_entry_is_in_its_hash()
    {
        var (databases, db) = await MigratedAsync(Dialects.Sqlite);
        await using var _ = databases;
        await WriteAsync(db, 3);
        await DropNoUpdateTriggerAsync(db, Dialects.Sqlite);
        var changes = new Dictionary<string, string>
        {
            ["id"] = Guid.NewGuid().ToString("D"),
            ["occurred_at"] = "2026-11-23T09:15:43.0000000Z",
            ["action"] = "U",
            ["outcome"] = "denied",
            ["client_bsn"] = "999900006",
            ["user_id"] = "gp-9",
            ["user_name"] = "Dr. Jansen-Unal",
            ["user_role"] = "poh",
            ["on_behalf_of"] = "01012345",
            ["purpose"] = "research",
            ["object_type"] = "Referral",
            ["object_id"] = "f-9",
            ["source_system"] = "other",
            ["check_authorisation"] = "failed",
            ["check_treatment_relation"] = "passed",
            ["check_consent"] = "failed",
            ["check_emergency_access"] = "passed",
            ["correlation_id"] = "corr-9",
        };

        foreach (var (column, value) in changes)
        {
            await using var connection = await db.OpenAsync();
            var before = await connection.ExecuteScalarAsync<string?>($"SELECT {column} FROM audit_log WHERE seq = 2");
            await connection.ExecuteAsync($"UPDATE audit_log SET {column} = @Value WHERE seq = 2", new { Value = value });
            var broken = await AuditChain.VerifyAsync(db, CancellationToken.None);
            Assert.True(broken is { Seq: 2, Fault: AuditChainFault.HashMismatch }, $"{column}: {broken}");

            await connection.ExecuteAsync($"UPDATE audit_log SET {column} = @Value WHERE seq = 2", new { Value = before });
            Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));
        }
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Removed_entries_break_the_chain_in_the_middle_and_at_the_end(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        var ids = await WriteAsync(db, 5);
        var noDelete = dialect == Dialects.Sqlite ? "DROP TRIGGER audit_log_no_delete" : "DROP TRIGGER audit_log_no_change ON audit_log";
        await ExecuteAsync(db, noDelete);

        await ExecuteAsync(db, "DELETE FROM audit_log WHERE seq = 5");
        var atTheEnd = await AuditChain.VerifyAsync(db, CancellationToken.None);
        Assert.Equal(AuditChainFault.HeadMismatch, atTheEnd?.Fault);

        await ExecuteAsync(db, "DELETE FROM audit_log WHERE seq = 2");
        var inTheMiddle = await AuditChain.VerifyAsync(db, CancellationToken.None);
        Assert.NotNull(inTheMiddle);
        Assert.Equal((3L, ids[2], AuditChainFault.SequenceGap), (inTheMiddle.Seq!.Value, inTheMiddle.Id, inTheMiddle.Fault));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task An_unchained_entry_is_refused(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        await WriteAsync(db, 1);
        await using var connection = await db.OpenAsync();
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => connection.ExecuteAsync("""
            INSERT INTO audit_log (id, occurred_at, action, outcome, user_id, user_role, purpose, object_type, source_system,
                check_authorisation, check_treatment_relation, check_consent, check_emergency_access)
            VALUES ('x', '2026-11-23T09:15:42Z', 'R', 'success', 'u', 'gp', 'p', 'o', 's', 'passed', 'passed', 'passed', 'passed')
            """));
        Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));
    }
}

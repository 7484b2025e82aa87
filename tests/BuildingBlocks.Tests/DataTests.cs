using System.Data.Common;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Inbox;
using Coordination.Data.Outbox;
using Coordination.ServiceDefaults;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

/// <summary>The data building block on each real database: migrations, audit log, inbox, outbox.</summary>
[Trait("Category", "Integration")]
public sealed class DataTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 15, 42, 123, DateTimeKind.Utc);

    private static Task<(TestDatabase Databases, Database Db)> MigratedAsync(string dialect)
    {
        var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        // Forward-only and journaled: a second run changes nothing and does not fail.
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        return Task.FromResult((databases, db));
    }

    [Fact]
    public async Task Every_sqlite_connection_has_wal_foreign_keys_and_the_busy_timeout_also_when_it_comes_from_the_pool()
    {
        // The pragmas are set once per native connection (issue 22); a connection from the pool must still have them.
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var db = databases.For("referral");
        var handles = new HashSet<object>();
        for (var i = 0; i < 3; i++)
        {
            await using var connection = (Microsoft.Data.Sqlite.SqliteConnection)await db.OpenAsync();
            handles.Add(connection.Handle!);
            Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
            Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(10_000L, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
        }

        // The second and third came from the pool, the same native connection, and it kept its settings.
        Assert.Single(handles);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task Migrations_create_the_building_block_and_service_tables(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        foreach (var table in new[] { "outbox", "inbox", "audit_log", "referrals", "members", "idempotency_requests" })
        {
            Assert.Equal(0, await DbCounts.CountAsync(db, table));
        }
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task The_audit_log_keeps_the_nen7513_fields_and_refuses_changes(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        await using var connection = await db.OpenAsync();
        CorrelationContext.Current = "corr-1";
        await AuditLog.WriteAsync(connection, null, new AuditEntry
        {
            Action = AuditAction.Read,
            Outcome = "success",
            ClientBsn = "999900018",
            UserId = "gp-01012345",
            UserName = "Dr. Jansen",
            UserRole = "gp",
            OnBehalfOf = null,
            Purpose = "family-plan",
            ObjectType = "FamilyPlan",
            ObjectId = "f-1",
            SourceSystem = "test",
            CheckConsent = CheckResult.Passed,
        }, Now, CancellationToken.None);

        var row = await connection.QuerySingleAsync<AuditRow>(
            "SELECT action AS Action, occurred_at AS OccurredAt, client_bsn AS ClientBsn, user_role AS UserRole, check_consent AS CheckConsent, check_emergency_access AS CheckEmergencyAccess, correlation_id AS CorrelationId FROM audit_log");
        Assert.Equal("R", row.Action);
        Assert.Equal(new DateTime(2026, 11, 23, 9, 15, 42, DateTimeKind.Utc), row.OccurredAt);
        if (dialect == Dialects.Sqlite)
        {
            // SQLite has no timestamp type: the text itself is ISO 8601 UTC, to the second.
            Assert.Equal("2026-11-23T09:15:42.0000000Z", await connection.ExecuteScalarAsync<string>("SELECT occurred_at FROM audit_log"));
        }
        Assert.Equal("999900018", row.ClientBsn);
        Assert.Equal("passed", row.CheckConsent);
        Assert.Equal("not-applicable", row.CheckEmergencyAccess);
        Assert.Equal("corr-1", row.CorrelationId);

        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE audit_log SET outcome = 'denied'"));
        await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM audit_log"));
        if (dialect != Dialects.Sqlite)
        {
            // SQLite has no TRUNCATE; the others must refuse it although it bypasses row triggers.
            await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("TRUNCATE TABLE audit_log"));
        }

        Assert.Equal(1, await DbCounts.CountAsync(db, "audit_log", "outcome = 'success'"));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task The_inbox_records_a_message_once_per_consumer(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        var messageId = Guid.NewGuid();
        async Task<bool> Record(string consumer)
        {
            await using var connection = await db.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var first = await Inbox.TryRecordAsync(db, connection, tx, consumer, messageId, Now, CancellationToken.None);
            await tx.CommitAsync();
            return first;
        }

        Assert.True(await Record("A"));
        Assert.False(await Record("A"));
        Assert.True(await Record("B"));

        // A rolled-back change leaves no inbox row, so the redelivery is applied.
        var other = Guid.NewGuid();
        await using (var connection = await db.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            Assert.True(await Inbox.TryRecordAsync(db, connection, tx, "A", other, Now, CancellationToken.None));
            await tx.RollbackAsync();
        }

        Assert.Equal(0, await DbCounts.CountAsync(db, "inbox", "message_id = @Id", new { Id = other.ToString() }));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task An_outbox_row_rolls_back_with_its_transaction(string dialect)
    {
        var (databases, db) = await MigratedAsync(dialect);
        await using var _ = databases;
        await using var connection = await db.OpenAsync();
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(connection, tx, new Sample("kept"), Now, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using (var tx = await connection.BeginTransactionAsync())
        {
            await Outbox.EnqueueAsync(connection, tx, new Sample("dropped"), Now, CancellationToken.None);
            await tx.RollbackAsync();
        }

        var rows = (await connection.QueryAsync<string>("SELECT body FROM outbox")).ToList();
        Assert.Contains("kept", Assert.Single(rows), StringComparison.Ordinal);
        var type = await connection.ExecuteScalarAsync<string>("SELECT message_type FROM outbox");
        Assert.Equal(typeof(Sample), Type.GetType(type!));
    }

    public sealed record Sample(string Text);

    private sealed class AuditRow
    {
        public string Action { get; set; } = string.Empty;

        public DateTime OccurredAt { get; set; }

        public string? ClientBsn { get; set; }

        public string UserRole { get; set; } = string.Empty;

        public string CheckConsent { get; set; } = string.Empty;

        public string CheckEmergencyAccess { get; set; } = string.Empty;

        public string? CorrelationId { get; set; }
    }
}

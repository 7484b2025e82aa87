using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Inbox;
using Coordination.Data.Outbox;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace BuildingBlocks.Tests;

/// <summary>Migrations run once when replicas start together, as the owner, and leave the runtime user only its rights.</summary>
[Trait("Category", "Integration")]
public sealed class MigrationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 15, 42, DateTimeKind.Utc);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Migrators_started_together_on_a_fresh_database_apply_each_script_once(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        var assembly = typeof(global::Referral.Api.Program).Assembly;

        await Together.RunAsync(2, _ =>
        {
            DatabaseMigrator.Migrate(db, assembly, NullLogger.Instance);
            return Task.CompletedTask;
        });

        var expected = DatabaseMigrator.ScriptsOf(typeof(Database).Assembly, db.Dialect)
            .Concat(DatabaseMigrator.ScriptsOf(assembly, db.Dialect))
            .Select(s => s.Name)
            .Order(StringComparer.Ordinal);
        await using var connection = await db.OpenAsync();
        var journal = (await connection.QueryAsync<string>("SELECT scriptname FROM schemaversions")).Order(StringComparer.Ordinal);
        Assert.Equal(expected, journal);
    }

    [SkippableFact]
    public async Task The_runtime_user_writes_the_audit_log_but_cannot_change_it_or_its_triggers()
    {
        Infrastructure.RequireDialect(Dialects.Postgres);
        var role = "coord_runtime_" + Guid.NewGuid().ToString("N")[..10];
        // The test cluster trusts loopback connections (deploy/lib.sh), so the login needs no password.
        await SuperuserAsync($"CREATE ROLE {role} LOGIN");
        try
        {
            await using var databases = TestDatabase.Create(Dialects.Postgres);
            var owner = databases.For("referral");
            var runtime = new Database(SqlDialect.PostgreSql, new NpgsqlConnectionStringBuilder(owner.ConnectionString) { Username = role }.ToString());

            // As production runs it: the service runs as the runtime user, migrations as the owner.
            using var output = new StringWriter();
            var exit = await HostCommands.RunAsync(
                HostCommandsTests.Args("migrate", [
                    new("Database:Provider", Dialects.Postgres),
                    new("Database:ConnectionString", runtime.ConnectionString),
                    new("Database:MigrationConnectionString", owner.ConnectionString),
                    new("Database:RuntimeUser", role),
                ]),
                global::Referral.Api.Program.Build, output);
            Assert.True(exit == 0, output.ToString());

            await using var connection = await runtime.OpenAsync();
            await AuditLog.WriteAsync(connection, null, AuditChainTests.Entry(1), Now, CancellationToken.None);
            await using (var tx = await connection.BeginTransactionAsync())
            {
                // The service's own tables: read and write.
                await Outbox.EnqueueAsync(connection, tx, new DataTests.Sample("kept"), Now, CancellationToken.None);
                Assert.True(await Inbox.TryRecordAsync(runtime, connection, tx, "A", Guid.NewGuid(), Now, CancellationToken.None));
                await AuditLog.WriteManyAsync(connection, tx, [AuditChainTests.Entry(2), AuditChainTests.Entry(3)], Now, CancellationToken.None);
                await tx.CommitAsync();
            }

            Assert.Equal(0, await DbCounts.CountAsync(runtime, "referrals"));
            Assert.Null(await AuditChain.VerifyAsync(runtime, CancellationToken.None));

            string[] refused =
            [
                "UPDATE audit_log SET outcome = 'denied'",
                "DELETE FROM audit_log",
                "TRUNCATE TABLE audit_log",
                "DROP TRIGGER audit_log_no_change ON audit_log",
                "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change",
                "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                "DROP TABLE audit_log",
                "DELETE FROM audit_chain_head",
                "INSERT INTO audit_chain_head (id, seq, hash, legacy_rows) VALUES (2, 0, 'x', 0)",
                "SELECT COUNT(*) FROM schemaversions",
            ];
            foreach (var sql in refused)
            {
                var refusal = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(sql));
                // Refused for want of rights, before any trigger runs.
                Assert.True(refusal.SqlState == PostgresErrorCodes.InsufficientPrivilege, $"{sql}: {refusal.SqlState} {refusal.MessageText}");
            }

            Assert.Equal(3, await DbCounts.CountAsync(owner, "audit_log", "outcome = 'success'"));
            Assert.Null(await AuditChain.VerifyAsync(owner, CancellationToken.None));
        }
        finally
        {
            await SuperuserAsync($"DROP ROLE IF EXISTS {role}");
        }
    }

    private static async Task SuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Infrastructure.Postgres) { Database = "postgres", Pooling = false }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync(sql);
    }
}

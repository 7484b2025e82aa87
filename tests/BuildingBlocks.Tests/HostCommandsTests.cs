using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Testing;
using Dapper;

namespace BuildingBlocks.Tests;

/// <summary>What an operator runs with a service's executable: <c>migrate</c>, <c>verify-audit</c>, <c>topology</c> and <c>requeue-parked</c>.</summary>
public sealed class HostCommandsTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 9, 15, 42, DateTimeKind.Utc);

    /// <summary>A command line as a service's <c>Main</c> receives it.</summary>
    public static string[] Args(string command, IEnumerable<KeyValuePair<string, string?>> settings) =>
    [
        command,
        "--environment=Development",
        "--Auth:AllowDevelopmentKey=true",
        "--Logging:LogLevel:Default=Warning",
        $"--{TestClock.Setting.Key}={TestClock.Setting.Value}",
        .. settings.Select(kv => $"--{kv.Key}={kv.Value}"),
    ];

    [SkippableTheory]
    [Trait("Category", "Integration")]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Verify_audit_exits_0_on_an_intact_log_and_1_on_a_changed_one(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        var db = databases.For("referral");
        var settings = databases.Settings("referral").ToList();

        using var migrated = new StringWriter();
        Assert.Equal(0, await HostCommands.RunAsync(Args("migrate", settings), global::Referral.Api.Program.Build, migrated));
        Assert.Equal(0, await DbCounts.CountAsync(db, "audit_log"));

        await using (var connection = await db.OpenAsync())
        {
            foreach (var n in Enumerable.Range(1, 4))
            {
                await AuditLog.WriteAsync(connection, null, AuditChainTests.Entry(n), Now, CancellationToken.None);
            }
        }

        using var intact = new StringWriter();
        Assert.Equal(0, await HostCommands.RunAsync(Args("verify-audit", settings), global::Referral.Api.Program.Build, intact));
        Assert.Contains("intact: 4 entries", intact.ToString(), StringComparison.Ordinal);

        await AuditChainTests.DropNoUpdateTriggerAsync(db, dialect);
        await AuditChainTests.ExecuteAsync(db, "UPDATE audit_log SET client_bsn = '999900006' WHERE seq = 2");

        using var broken = new StringWriter();
        Assert.Equal(1, await HostCommands.RunAsync(Args("verify-audit", settings), global::Referral.Api.Program.Build, broken));
        Assert.Contains("broken at entry 2", broken.ToString(), StringComparison.Ordinal);
        Assert.Contains(nameof(AuditChainFault.HashMismatch), broken.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Category", "Integration")]
    public async Task Migrate_does_not_start_the_service()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        // A port in use would stop a service from starting; the command never binds it.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var settings = databases.Settings("referral").Append(new("urls", $"http://{listener.LocalEndpoint}")).ToList();

        using var output = new StringWriter();
        Assert.Equal(0, await HostCommands.RunAsync(Args("migrate", settings), global::Referral.Api.Program.Build, output));
        Assert.Contains("migrated the Sqlite database", output.ToString(), StringComparison.Ordinal);
        await using var connection = await databases.For("referral").OpenAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT seq FROM audit_chain_head"));
    }

    [SkippableFact]
    [Trait("Category", "Integration")]
    public async Task An_unknown_command_exits_2_and_lists_the_commands_of_the_service()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        using var output = new StringWriter();
        var exit = await HostCommands.RunAsync(Args("verify-audti", databases.Settings("referral")), global::Referral.Api.Program.Build, output);
        Assert.Equal(HostCommands.Failed, exit);
        Assert.All(HostCommands.Names.Concat(["requeue-parked", "topology"]), name => Assert.Contains(name, output.ToString(), StringComparison.Ordinal));
    }

    [SkippableFact]
    [Trait("Category", "Integration")]
    public async Task Topology_declares_every_queue_of_the_platform_and_requeue_parked_puts_parked_rows_back()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var settings = broker.Settings().Concat(databases.Settings("referral")).ToList();
        using var output = new StringWriter();
        Assert.Equal(0, await HostCommands.RunAsync(Args("topology", settings), global::Referral.Api.Program.Build, output));
        foreach (var subscription in Coordination.Messaging.PlatformTopology.All)
        {
            Assert.Equal(0u, await broker.ExactCountAsync(subscription.Queue));
        }

        Assert.Equal(0, await HostCommands.RunAsync(Args("migrate", settings), global::Referral.Api.Program.Build, output));
        await using (var connection = await databases.For("referral").OpenAsync())
        {
            await connection.ExecuteAsync("""
                INSERT INTO outbox (id, message_type, body, created_at, attempts, parked_at)
                VALUES ('6d7c3f5e-0000-4000-8000-000000000001', 'X, Y', '{}', '2026-11-23T09:00:00.0000000Z', 10, '2026-11-23T09:10:00.0000000Z')
                """);
        }

        Assert.Equal(0, await HostCommands.RunAsync(Args("requeue-parked", settings), global::Referral.Api.Program.Build, output));
        Assert.Contains("re-queued 1 parked outbox row(s)", output.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, await DbCounts.CountAsync(databases.For("referral"), "outbox", "parked_at IS NOT NULL"));
    }
}

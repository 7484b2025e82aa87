using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.Data.Outbox;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Referral.Contracts;

namespace EndToEnd.Tests;

/// <summary>
/// The outbox relay: nothing lost to a queue that does not exist yet, a poison row parked while
/// later rows go on, and two replicas that never both publish a row.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RelayTests
{
    /// <summary>Fast back-off so retries happen within a test.</summary>
    private static readonly KeyValuePair<string, string?>[] QuickRetries =
    [
        new("Outbox:RetryBaseDelay", "00:00:00.200"),
        new("Outbox:RetryMaxDelay", "00:00:01"),
    ];

    private const string PlanQueue = "family-plan-referral-submitted";

    [SkippableFact]
    public async Task A_referral_published_before_the_family_plans_queue_ever_existed_reaches_the_plan_once_it_starts()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        // No topology step: no queue is bound to the referral's exchange yet.
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, QuickRetries);
        var referralDb = databases.For(Platform.Referral);
        using var gp = referral.Client(Tokens.Gp());
        using var created = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var referralId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();

        // The broker returns the unroutable publish: the row is not marked sent, and waits its back-off.
        await Eventually.Until(() => DbCounts.CountAsync(referralDb, "outbox", "attempts >= 1 AND sent_at IS NULL AND message_type LIKE 'Referral.Contracts.ReferralSubmitted,%'"),
            n => n == 1, "the first publish to be returned");

        await using var familyPlan = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        var planDb = databases.For(Platform.FamilyPlan);
        await Eventually.Until(() => DbCounts.CountAsync(planDb, "plan_referrals", "id = @Id", new { Id = referralId.ToString() }), n => n == 1,
            "the family plan to receive the referral after it started");
    }

    [SkippableFact]
    public async Task With_the_topology_declared_first_an_event_waits_for_a_subscriber_that_has_not_started()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases);
        var referralDb = databases.For(Platform.Referral);
        using var gp = referral.Client(Tokens.Gp());
        using var created = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        // Both events are routed to queues that exist, though neither subscriber runs: sent at once.
        await Eventually.Until(() => DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"), n => n == 0, "both events to be sent");
        Assert.Equal(1u, await broker.ExactCountAsync(PlanQueue));
        Assert.Equal(1u, await broker.ExactCountAsync("funding-route-referral-submitted-for-funding"));

        await using var familyPlan = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        await Eventually.Until(() => DbCounts.CountAsync(databases.For(Platform.FamilyPlan), "plan_referrals"), n => n == 1, "the family plan to catch up");
    }

    [SkippableFact]
    public async Task A_poison_outbox_row_is_parked_after_its_attempts_later_rows_go_on_and_requeueing_publishes_it()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var db = databases.For(Platform.Referral);
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);

        // A row whose message type this build does not know (written by a newer version, say), then a good one.
        var good = Submitted();
        var poison = Submitted();
        Guid poisonId;
        await using (var connection = await db.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            poisonId = await Outbox.EnqueueAsync(connection, tx, poison, DateTime.UtcNow, CancellationToken.None);
            await connection.ExecuteAsync("UPDATE outbox SET message_type = 'Referral.Contracts.ReferralSubmittedV9, Referral.Contracts' WHERE id = @Id", new { Id = poisonId }, tx);
            await Outbox.EnqueueAsync(connection, tx, good, DateTime.UtcNow, CancellationToken.None);
            await tx.CommitAsync();
        }

        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases,
            [.. QuickRetries, new("Outbox:MaxAttempts", "3")]);
        await Eventually.Until(() => DbCounts.CountAsync(db, "outbox", "parked_at IS NOT NULL AND attempts = 3"), n => n == 1, "the poison row to be parked after 3 attempts");
        Assert.Equal(1, await DbCounts.CountAsync(db, "outbox", "sent_at IS NOT NULL"));
        Assert.Equal(1u, await broker.ExactCountAsync(PlanQueue));

        // Readiness names it, still 200: the service serves, but an operator must look.
        using var anonymous = referral.Client();
        using var ready = await anonymous.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var health = (await ready.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Degraded", health["checks"]!["outbox"]!["status"]!.GetValue<string>());
        Assert.Contains("parked", health["checks"]!["outbox"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // The cause is mended (the type is known again), and the operator re-queues: it is published.
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("UPDATE outbox SET message_type = 'Referral.Contracts.ReferralSubmitted, Referral.Contracts' WHERE id = @Id", new { Id = poisonId });
        }

        Assert.Equal(1, await new OutboxStore(db).RequeueParkedAsync(CancellationToken.None));
        await Eventually.Until(() => DbCounts.CountAsync(db, "outbox", "sent_at IS NULL"), n => n == 0, "the re-queued row to be published");
        Assert.Equal(2u, await broker.ExactCountAsync(PlanQueue));
    }

    [SkippableFact]
    public async Task Two_relays_on_one_postgresql_outbox_publish_each_row_exactly_once()
    {
        const int Rows = 300;
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        await using var databases = TestDatabase.Create(Dialects.Postgres);
        var db = databases.For(Platform.Referral);
        DatabaseMigrator.Migrate(db, typeof(global::Referral.Api.Program).Assembly, NullLogger.Instance);
        await using (var connection = await db.OpenAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            for (var i = 0; i < Rows; i++)
            {
                await Outbox.EnqueueAsync(connection, tx, Submitted(), DateTime.UtcNow, CancellationToken.None);
            }

            await tx.CommitAsync();
        }

        // Two replicas of the referral service start on the same database, with small batches so both get turns.
        KeyValuePair<string, string?>[] replica = [new("Outbox:BatchSize", "20")];
        var first = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, replica);
        var second = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, replica);
        await Eventually.Until(() => DbCounts.CountAsync(db, "outbox", "sent_at IS NULL"), n => n == 0, "every row to be sent");
        await first.DisposeAsync();
        await second.DisposeAsync();

        // Counted on the broker, where a double publish would show, not in an inbox that would hide it.
        Assert.Equal((uint)Rows, await broker.ExactCountAsync(PlanQueue));
        Assert.Equal(Rows, await DbCounts.CountAsync(db, "outbox", "attempts = 1"));
    }

    [SkippableFact]
    public async Task A_service_started_while_the_broker_is_down_is_ready_takes_a_referral_and_publishes_it_when_the_broker_comes()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var brokerPort = new TcpForwarder(Infrastructure.RabbitMq!.Port);
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases,
            [new("RabbitMq:Port", brokerPort.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))], waitForBroker: false);

        using var anonymous = referral.Client();
        using (var ready = await anonymous.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", (await ready.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>());
        }

        using var gp = referral.Client(Tokens.Gp());
        using var created = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var db = databases.For(Platform.Referral);
        Assert.Equal(2, await DbCounts.CountAsync(db, "outbox", "sent_at IS NULL"));

        await brokerPort.StartAsync();
        await Eventually.Until(() => DbCounts.CountAsync(db, "outbox", "sent_at IS NULL"), n => n == 0, "the events to be published once the broker is up", TimeSpan.FromSeconds(90));
        Assert.Equal(1u, await broker.ExactCountAsync(PlanQueue));
    }

    private static ReferralSubmitted Submitted() => new(
        Guid.NewGuid(), Guid.NewGuid(),
        new ReferredPerson("999900018", "Daan de Vries", new DateOnly(2011, 3, 14), "0344", null),
        [], new ReferrerInfo("01012345", "02", "Huisartsenpraktijk Lombok", "gp", "gp-01012345"),
        "youth", "Truancy.", null, null, false, DateTimeOffset.UtcNow);
}

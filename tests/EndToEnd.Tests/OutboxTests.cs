using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Dapper;
using Referral.Contracts;

namespace EndToEnd.Tests;

/// <summary>
/// The outbox: an event committed with the referral reaches the broker even when the relay was
/// not running at commit time and the service stopped before it could publish.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutboxTests
{
    private static readonly KeyValuePair<string, string?>[] RelayOff = [new("Outbox:RelayEnabled", "false")];

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task An_event_committed_before_a_stop_is_published_after_the_restart(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        await using var observer = await TestBus.StartAsync<ReferralSubmitted>(platform.Broker);
        var referralDb = platform.Databases.For(Platform.Referral);

        // The referral service runs without its relay: the commit happens, the publish does not.
        await platform.StopServiceAsync(Platform.Referral);
        var withoutRelay = await platform.StartServiceAsync(Platform.Referral, RelayOff);
        using var gp = withoutRelay.Client(Tokens.Gp());
        using var response = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var referralId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
        Assert.Equal(2, await DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"));

        // The service goes down between commit and publish, as in a crash.
        await platform.StopServiceAsync(Platform.Referral);
        Assert.Equal(2, await DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"));

        // Started again with its relay, it publishes what was committed, with the outbox row's id.
        await platform.StartServiceAsync(Platform.Referral);
        var delivered = await observer.WaitForAsync(m => m.ReferralId == referralId);
        await using (var connection = await referralDb.OpenAsync())
        {
            var outboxId = await connection.ExecuteScalarAsync<string>("SELECT id FROM outbox WHERE message_type LIKE 'Referral.Contracts.ReferralSubmitted,%'");
            Assert.Equal(Guid.Parse(outboxId!), delivered.MessageId);
        }

        await Eventually.Until(() => DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"), n => n == 0, "the outbox row to be marked sent");
        // ... and the family plan, downstream, has the referral.
        var planDb = platform.Databases.For(Platform.FamilyPlan);
        await Eventually.Until(() => DbCounts.CountAsync(planDb, "plan_referrals", "id = @Id", new { Id = referralId.ToString() }), n => n == 1, "the family plan to store the referral");
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task An_event_committed_by_a_process_that_was_killed_before_publishing_arrives_after_the_restart(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        await using var observer = await TestBus.StartAsync<ReferralSubmitted>(platform.Broker);
        var referralDb = platform.Databases.For(Platform.Referral);
        await platform.StopServiceAsync(Platform.Referral);

        // The referral service as a process of its own, whose relay never gets to publish.
        Guid referralId;
        using (var process = await ServiceProcess.StartAsync("Referral",
            platform.Broker.Settings().Concat(platform.Databases.Settings(Platform.Referral)).Concat(RelayOff)))
        {
            using var gp = process.Client(Tokens.Gp());
            using var response = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            referralId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
            process.Kill();
        }

        Assert.Equal(2, await DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"));
        await platform.StartServiceAsync(Platform.Referral);
        await observer.WaitForAsync(m => m.ReferralId == referralId);
        await Eventually.Until(() => DbCounts.CountAsync(referralDb, "outbox", "sent_at IS NULL"), n => n == 0, "the outbox row to be marked sent");
    }
}

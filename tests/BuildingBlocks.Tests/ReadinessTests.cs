using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace BuildingBlocks.Tests;

/// <summary>
/// <c>/health/ready</c> checks the database and the broker. Without its database a service cannot
/// work and is not ready (503). Without the broker it still serves (reads, and writes that wait in
/// the outbox), so it stays ready and reports the broker as Degraded. <c>/health/live</c> says only
/// that the process runs.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReadinessTests
{
    [SkippableFact]
    public async Task Without_the_broker_a_referral_is_still_taken_and_its_waiting_event_shows_as_degraded()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var broker = await RabbitVirtualHost.CreateAsync();
        await using var host = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [new("Outbox:StaleAfter", "00:00:01")]);
        using var client = host.Client();
        Assert.Equal("Healthy", (await ReadyAsync(client)).Body["status"]!.GetValue<string>());

        await broker.DisposeAsync();

        // The referral is taken and its event waits; once it has waited too long, readiness says so without failing.
        using var gp = host.Client(Tokens.Gp());
        using var referral = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, referral.StatusCode);
        Assert.Equal(2, await DbCounts.CountAsync(databases.For(Platform.Referral), "outbox", "sent_at IS NULL"));
        // The bus reports the lost broker at once (every service consumes access-log queries); the outbox once its event waited too long.
        var (status, body) = await Eventually.Until(() => ReadyAsync(client), r => r.Body["checks"]!["outbox"]!["status"]!.GetValue<string>() == "Degraded", "the waiting event to show as degraded");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Degraded", body["status"]!.GetValue<string>());
        Assert.Equal("Healthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_consuming_service_reports_a_lost_broker_as_degraded_and_stays_ready()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var broker = await RabbitVirtualHost.CreateAsync();
        await using var host = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        using var client = host.Client();
        Assert.Equal("Healthy", (await ReadyAsync(client)).Body["status"]!.GetValue<string>());

        await broker.DisposeAsync();

        var (status, body) = await Eventually.Until(() => ReadyAsync(client), r => r.Body["status"]!.GetValue<string>() == "Degraded", "the lost broker to show as degraded");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body["checks"]!.AsObject(), c => c.Key.Contains("masstransit", StringComparison.Ordinal) && c.Value!["status"]!.GetValue<string>() == "Degraded");
    }

    [SkippableFact]
    public async Task Without_its_database_a_service_is_not_ready_but_live()
    {
        var databases = TestDatabase.Create(Dialects.Postgres);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var host = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        using var client = host.Client();
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(client)).Status);

        // Drops the service's database, closing its connections.
        await databases.DisposeAsync();

        var (_, body) = await Eventually.Until(() => ReadyAsync(client), r => r.Status == HttpStatusCode.ServiceUnavailable, "the service to be unready without its database");
        Assert.Equal("Unhealthy", body["checks"]!["database"]!["status"]!.GetValue<string>());
        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> ReadyAsync(HttpClient client)
    {
        using var ready = await client.GetAsync("/health/ready");
        return (ready.StatusCode, JsonNode.Parse(await ready.Content.ReadAsStringAsync())!);
    }
}

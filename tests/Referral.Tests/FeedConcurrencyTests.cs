using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// The referrer's feed keeps its order per referrer (issue 22): writers for different GPs no longer
/// queue on one lock for the whole service. On PostgreSQL, where writers really run at once: two GPs
/// refer at the same time while each follows their own feed, and each sees every one of their
/// referrals once, and none of the other's.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FeedConcurrencyTests : IAsyncLifetime
{
    private const int Each = 12;
    private static readonly string[] Gps = ["01054321", "01066666"];

    private RabbitVirtualHost _broker = null!;
    private TestDatabase _databases = null!;
    private RunningHost _referral = null!;

    public async Task InitializeAsync()
    {
        Infrastructure.RequireRabbitMq();
        Infrastructure.RequireDialect(Dialects.Postgres);
        _broker = await RabbitVirtualHost.CreateAsync();
        _databases = TestDatabase.Create(Dialects.Postgres);
        _referral = await RunningHost.StartServiceAsync(Platform.Referral, _broker, _databases);
    }

    [SkippableFact]
    public async Task Two_gps_referring_at_once_each_follow_every_change_of_theirs_once()
    {
        var clients = Gps.ToDictionary(gp => gp, gp => _referral.Client(Tokens.Gp(gp)));
        var starts = new Dictionary<string, string>();
        foreach (var (gp, client) in clients)
        {
            starts[gp] = (await client.GetFromJsonAsync<JsonObject>("/api/referrals/updates"))!["nextCursor"]!.GetValue<string>();
        }

        var referring = Gps.ToDictionary(gp => gp, gp => Task.WhenAll(Enumerable.Range(0, Each).Select(_ => ReferAsync(clients[gp], gp))));
        var following = Gps.ToDictionary(gp => gp, gp => FollowAsync(clients[gp], starts[gp]));
        await Task.WhenAll(referring.Values);
        await Task.WhenAll(following.Values);

        foreach (var gp in Gps)
        {
            var seen = await following[gp];
            var referred = (await referring[gp]).ToHashSet();
            Assert.Equal(Each, seen.Count);
            Assert.Equal(referred, seen.ToHashSet());
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private static async Task<Guid> ReferAsync(HttpClient gp, string agb)
    {
        var body = Referrals.Daan();
        body["referrer"]!["agb"] = agb;
        return await Referrals.ReferAsync(gp, body);
    }

    // Follows the feed from the cursor, a few changes at a time, as a GP's system polls it, until it has seen Each submissions.
    private static async Task<List<Guid>> FollowAsync(HttpClient gp, string cursor)
    {
        var seen = new List<Guid>();
        var clock = Stopwatch.StartNew();
        while (seen.Count < Each && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var page = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/updates?cursor={Uri.EscapeDataString(cursor)}&limit=3"))!;
            seen.AddRange(page["items"]!.AsArray().Where(i => i!["step"]!.GetValue<string>() == "submit").Select(i => i!["referralId"]!.GetValue<Guid>()));
            cursor = page["nextCursor"]!.GetValue<string>();
            // The follower's own poll interval, bounded by the loop's deadline. Not Eventually.Until: its back-off to
            // 500 ms would read less often while the GPs commit, the window in which a change could be skipped.
            await Task.Delay(20);
        }

        return seen;
    }

    public async Task DisposeAsync()
    {
        if (_referral is not null)
        {
            await _referral.DisposeAsync();
            await _databases.DisposeAsync();
            await _broker.DisposeAsync();
        }
    }
}

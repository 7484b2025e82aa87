using System.Net;
using Coordination.Portal.Session;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Portal.Tests;

/// <summary>
/// The portal runs as two replicas or more in production, and a user's requests reach any of them:
/// with <c>Portal:Redis</c> set, a session made by one portal is read by another, an anti-forgery
/// token of one is accepted by the other (one key ring), signing out at one ends the session at
/// both, and the session in Redis is protected (no access token to read). A portal without the
/// shared state knows nothing of the others' sessions. Against the real Redis of deploy/test.sh.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SharedSessionTests : IAsyncLifetime
{
    private WebApplication _gateway = null!;

    public async Task InitializeAsync()
    {
        // A stand-in gateway: the list page asks it for the GP's referrals.
        _gateway = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]).Build();
        _gateway.MapGet("/api/referrals", () => Results.Json(new { items = Array.Empty<object>(), nextCursor = (string?)null }));
        _gateway.MapGet("/api/referrals/updates", () => Results.Json(new { items = Array.Empty<object>(), nextCursor = "0" }));
        await _gateway.StartAsync();
    }

    [SkippableFact]
    public async Task A_session_made_by_one_portal_is_read_and_ended_by_another()
    {
        Infrastructure.RequireRedis();
        var gateway = new Uri(_gateway.Urls.First() + "/");
        KeyValuePair<string, string?>[] shared = [new(SharedState.RedisSetting, Infrastructure.Redis)];
        await using var first = await PortalFixture.StartPortalAsync(gateway, shared);
        await using var second = await PortalFixture.StartPortalAsync(gateway, shared);
        await using var alone = await PortalFixture.StartPortalAsync(gateway, []);
        using var atFirst = PortalSteps.Client(first.Address);
        using var atSecond = PortalSteps.Client(second.Address);
        using var atAlone = PortalSteps.Client(alone.Address);

        var session = (await PortalSteps.SignInOverHttpAsync(atFirst)).Cookies.Split("; ").Single(c => c.StartsWith("coordination.session=", StringComparison.Ordinal));

        // The other replica reads the session; a portal with its own keys and sessions does not.
        using var list = await GetAsync(atSecond, "/verwijzingen", session);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        using var elsewhere = await GetAsync(atAlone, "/verwijzingen", session);
        Assert.True(PortalSteps.IsRedirectTo(elsewhere, "/aanmelden/ontwikkeling"), $"{elsewhere.StatusCode} {elsewhere.Headers.Location}");

        // In Redis the session is protected: the access token is not in it.
        var stored = await StoredSessionsAsync();
        Assert.NotEmpty(stored);
        Assert.All(stored, s => Assert.DoesNotContain("eyJ", s, StringComparison.Ordinal));

        // The sign-out form of the second replica, posted to the first: its anti-forgery token holds there.
        var token = await PortalSteps.AntiforgeryTokenAsync(list);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/afmelden")
        {
            Content = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]),
        };
        signOut.Headers.Add("Cookie", $"{session}; {PortalSteps.CookiesOf(list)}");
        using var signedOut = await atFirst.SendAsync(signOut);
        Assert.True(PortalSteps.IsRedirectTo(signedOut, "afgemeld=1"), $"{signedOut.StatusCode} {signedOut.Headers.Location}");

        // The session is gone for both.
        using var afterFirst = await GetAsync(atFirst, "/verwijzingen", session);
        using var afterSecond = await GetAsync(atSecond, "/verwijzingen", session);
        Assert.True(PortalSteps.IsRedirectTo(afterFirst, "/aanmelden/ontwikkeling"));
        Assert.True(PortalSteps.IsRedirectTo(afterSecond, "/aanmelden/ontwikkeling"));
    }

    [SkippableFact]
    public async Task Without_Redis_the_shared_portal_is_not_ready_but_lives()
    {
        Infrastructure.RequireRedis();
        // A port nothing listens on: Redis is away.
        var away = $"127.0.0.1:{Loopback.FreePort()},connectTimeout=500";
        await using var portal = await PortalFixture.StartPortalAsync(new Uri(_gateway.Urls.First() + "/"), [new(SharedState.RedisSetting, away)]);
        using var client = PortalSteps.Client(portal.Address);

        using var live = await client.GetAsync("/health/live");
        using var ready = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    private static Task<HttpResponseMessage> GetAsync(HttpClient portal, string path, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return portal.SendAsync(request);
    }

    // What the Redis cache holds for each portal session (a hash; its data field is the stored session).
    private static async Task<List<string>> StoredSessionsAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Infrastructure.Redis!);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var sessions = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: SharedState.SessionPrefix + "portal-session:*"))
        {
            var data = await redis.GetDatabase().HashGetAsync(key, "data");
            sessions.Add(System.Text.Encoding.Latin1.GetString((byte[])data!));
        }

        return sessions;
    }

    public async Task DisposeAsync() => await _gateway.DisposeAsync();
}

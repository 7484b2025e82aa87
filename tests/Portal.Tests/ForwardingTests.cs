using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests;

/// <summary>
/// The portal behind the gateway: it calls the API with the user's address (the gateway limits each address, and
/// every user would otherwise share the portal's), and builds its public addresses from what the gateway forwards.
/// A stand-in gateway on loopback records what the portal sends it.
/// </summary>
public sealed partial class ForwardingTests : IAsyncLifetime
{
    private readonly ConcurrentQueue<string?> _forwardedFor = new();
    private WebApplication _gateway = null!;
    private RunningHost _portal = null!;

    public async Task InitializeAsync()
    {
        _gateway = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]).Build();
        _gateway.MapGet("/api/referrals", (HttpContext http) =>
        {
            _forwardedFor.Enqueue(http.Request.Headers["X-Forwarded-For"].ToString());
            return Results.Json(new { items = Array.Empty<object>(), page = 1, pageSize = 50, total = 0 });
        });
        _gateway.MapGet("/api/referrals/updates", () => Results.Json(new { items = Array.Empty<object>(), next = "0" }));
        await _gateway.StartAsync();
        _portal = await PortalFixture.StartPortalAsync(new Uri(_gateway.Urls.First() + "/"), []);
    }

    [Fact]
    public async Task The_API_is_called_with_the_users_address_and_the_public_host_is_the_gateways()
    {
        // Cookies by hand: the portal marks them Secure (the public scheme is https), and this client talks http to it, as the gateway does.
        using var browser = PortalSteps.Client(_portal.Address);
        // As the gateway forwards a user's request: her address, the public scheme and host.
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Host", "portaal.example.nl");

        using var form = await browser.GetAsync("/aanmelden/ontwikkeling");
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/aanmelden/ontwikkeling")
        {
            Content = new FormUrlEncodedContent([new("persona", "huisarts"), new("__RequestVerificationToken", token)]),
        };
        post.Headers.Add("Cookie", CookiesOf(form));
        using var signIn = await browser.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(PortalSteps.StartsASession(signIn));
        Assert.All(signIn.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        using var list = new HttpRequestMessage(HttpMethod.Get, "/verwijzingen");
        list.Headers.Add("Cookie", CookiesOf(signIn));
        using var page = await browser.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(["203.0.113.9"], _forwardedFor);
    }

    private static string CookiesOf(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _gateway.DisposeAsync();
    }
}

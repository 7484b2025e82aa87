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
    // The stand-in's cursor after the first page of referrals: characters a query string must escape.
    private const string NextCursor = "next+1/2";

    private readonly ConcurrentQueue<string?> _forwardedFor = new();
    private readonly ConcurrentQueue<string> _referralQueries = new();
    private WebApplication _gateway = null!;
    private RunningHost _portal = null!;

    public async Task InitializeAsync()
    {
        _gateway = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]).Build();
        _gateway.MapGet("/api/referrals", (HttpContext http) =>
        {
            _forwardedFor.Enqueue(http.Request.Headers["X-Forwarded-For"].ToString());
            _referralQueries.Enqueue(string.Join('&', http.Request.Query.OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}")));
            // Two pages of one referral each: the first with a cursor to the second, the second the last.
            var first = string.IsNullOrEmpty(http.Request.Query["cursor"]);
            return Results.Json(new { items = new[] { ListedReferral(first ? "Noah Jansen" : "Lisa Jansen") }, nextCursor = first ? NextCursor : null });
        });
        _gateway.MapGet("/api/referrals/updates", () => Results.Json(new { items = Array.Empty<object>(), nextCursor = "0" }));
        await _gateway.StartAsync();
        // The gateway named as a network, as in a cluster where its pods change address.
        _portal = await PortalFixture.StartPortalAsync(new Uri(_gateway.Urls.First() + "/"), [new("Portal:KnownProxies:0", "127.0.0.0/8")]);
    }

    [Fact]
    public async Task The_API_is_called_with_the_users_address_and_the_public_host_is_the_gateways()
    {
        using var browser = Browser();
        var cookies = await SignInAsync(browser);

        using var list = new HttpRequestMessage(HttpMethod.Get, "/verwijzingen");
        list.Headers.Add("Cookie", cookies);
        using var page = await browser.SendAsync(list);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(["203.0.113.9"], _forwardedFor);
    }

    [Fact]
    public async Task My_referrals_go_on_with_the_APIs_cursor_and_count_only_the_referrals_on_the_page()
    {
        using var browser = Browser();
        var cookies = await SignInAsync(browser);

        // The first page: its referral, a count that claims no more than it shows, and a link on that carries the cursor.
        var first = await ReadAsync(browser, "/verwijzingen", cookies);
        Assert.Contains("Noah Jansen", first, StringComparison.Ordinal);
        Assert.Contains("1 verwijzingen op deze pagina", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Eerste pagina", first, StringComparison.Ordinal);
        var next = WebUtility.HtmlDecode(NextPageLink().Match(first).Groups[1].Value);
        Assert.Equal("verwijzingen?verder=" + Uri.EscapeDataString(NextCursor), next);

        // The next page asks the API from that cursor; it is the last, so it leads back to the first and no further.
        var second = await ReadAsync(browser, "/" + next, cookies);
        Assert.Contains("Lisa Jansen", second, StringComparison.Ordinal);
        Assert.Contains("1 verwijzingen op deze pagina", second, StringComparison.Ordinal);
        Assert.Contains("<a href=\"verwijzingen\">Eerste pagina</a>", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Volgende pagina", second, StringComparison.Ordinal);
        Assert.Equal(["limit=50&order=recent", $"cursor={NextCursor}&limit=50&order=recent"], _referralQueries);
    }

    // Cookies by hand: the portal marks them Secure (the public scheme is https), and this client talks http to it, as the gateway does.
    private HttpClient Browser()
    {
        var browser = PortalSteps.Client(_portal.Address);
        // As the gateway forwards a user's request: her address, the public scheme and host.
        browser.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Host", "portaal.example.nl");
        return browser;
    }

    // Signs in as the development persona of a GP; every cookie is Secure (the public scheme is https). Returns the cookies.
    private static async Task<string> SignInAsync(HttpClient browser)
    {
        var (cookies, setCookie) = await PortalSteps.SignInOverHttpAsync(browser);
        Assert.All(setCookie, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        return cookies;
    }

    private static async Task<string> ReadAsync(HttpClient browser, string path, string cookies)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        using var response = await browser.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // A referral of the list as the referral service sends it: only what the portal reads.
    private static object ListedReferral(string subject) => new
    {
        id = Guid.NewGuid(), subjectName = subject, domain = "youth", status = "submitted", urgent = false, referrerAgb = "01012345",
        referrerName = "Dr. P. de Boer", receiverAgb = (string?)null, receiverName = (string?)null,
        submittedAt = new DateTime(2026, 1, 5, 9, 0, 0, DateTimeKind.Utc), clocks = Array.Empty<object>(),
    };

    [GeneratedRegex("<a href=\"([^\"]+)\">Volgende pagina</a>")]
    private static partial Regex NextPageLink();

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _gateway.DisposeAsync();
    }
}

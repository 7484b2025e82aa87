using System.Net;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Portal.Tests;

/// <summary>
/// A portal without the development key: the persona page and its token route do not exist, and
/// signing in is OpenID Connect's code flow with PKCE at the configured authority (here a stand-in
/// that publishes only its metadata, on loopback).
/// </summary>
public sealed class SignInModeTests : IAsyncLifetime
{
    private WebApplication _provider = null!;
    private RunningHost _portal = null!;

    public async Task InitializeAsync()
    {
        _provider = WebApplication.CreateBuilder(["--urls=http://127.0.0.1:0"]).Build();
        _provider.MapGet("/.well-known/openid-configuration", (HttpContext http) =>
        {
            var issuer = $"http://{http.Request.Host}";
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["authorization_endpoint"] = $"{issuer}/authorize",
                ["token_endpoint"] = $"{issuer}/token",
                ["end_session_endpoint"] = $"{issuer}/logout",
                ["jwks_uri"] = $"{issuer}/jwks",
                ["response_types_supported"] = new[] { "code" },
                ["code_challenge_methods_supported"] = new[] { "S256" },
            });
        });
        _provider.MapGet("/jwks", () => Results.Json(new { keys = Array.Empty<object>() }));
        await _provider.StartAsync();
        var authority = _provider.Urls.First();
        _portal = await PortalFixture.StartPortalAsync(new Uri("http://127.0.0.1:9/"),
        [
            new("Auth:AllowDevelopmentKey", "false"),
            new("Auth:Authority", authority),
            new("Auth:RequireHttpsMetadata", "false"),
        ]);
    }

    [Fact]
    public async Task Without_the_development_key_there_is_no_persona_page_and_no_route_that_mints_a_token()
    {
        using var client = PortalSteps.Client(_portal.Address);
        using var page = await client.GetAsync("/aanmelden/ontwikkeling");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.DoesNotContain("Dr. P. de Boer", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var post = await client.PostAsync("/aanmelden/ontwikkeling", new FormUrlEncodedContent([new("persona", "huisarts")]));
        Assert.True((int)post.StatusCode >= 400, $"POST answered {post.StatusCode}");
        Assert.False(PortalSteps.StartsASession(post));
    }

    [Fact]
    public async Task Signing_in_is_the_code_flow_with_PKCE_at_the_authority()
    {
        using var client = PortalSteps.Client(_portal.Address);
        // A page that needs a user, and the sign-in link of every page, both lead to the authority.
        using var page = await client.GetAsync("/verwijzingen");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(_provider.Urls.First() + "/authorize?", page.Headers.Location!.ToString(), StringComparison.Ordinal);

        using var signIn = await client.GetAsync("/aanmelden?returnUrl=/verwijzingen");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authorize = signIn.Headers.Location!;
        Assert.StartsWith(_provider.Urls.First() + "/authorize?", authorize.ToString(), StringComparison.Ordinal);
        var query = System.Web.HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);
        Assert.False(string.IsNullOrEmpty(query["code_challenge"]));
        Assert.Equal("coordination-portal", query["client_id"]);
        Assert.Contains("openid", query["scope"]!.Split(' '));
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _provider.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Json;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;

namespace Gateway.Tests;

/// <summary>
/// A token must be present, unexpired, signed with the right key and meant for this audience and
/// issuer, at the gateway and again at a service called directly.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AuthenticationTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    public static TheoryData<string, string?> BadTokens() => new()
    {
        { "missing", null },
        { "expired", Tokens.Create(Roles.Gp, Agb(), expires: DateTime.UtcNow.AddMinutes(-5)) },
        { "wrongly signed", Tokens.Create(Roles.Gp, Agb(), signingKey: "another-key-of-at-least-thirty-two-bytes-long!") },
        { "wrong audience", Tokens.Create(Roles.Gp, Agb(), audience: "someone-else") },
        { "wrong issuer", Tokens.Create(Roles.Gp, Agb(), issuer: "https://evil.example") },
        { "not a token", "not-a-jwt" },
        { "oversized subject", Tokens.Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = "01012345", [ClaimNames.Subject] = new string('x', 101) }) },
        { "malformed AGB claim", Tokens.Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = "0101234" }) },
        { "no role", Tokens.Create(string.Empty, Agb()) },
    };

    [SkippableTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_at_the_gateway(string kind, string? token)
    {
        using var client = fixture.Platform.Gateway.Client(token);
        using var response = await client.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} token: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    [SkippableTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_at_every_service_called_directly(string kind, string? token)
    {
        foreach (var (name, _) in Platform.ServiceBuilders)
        {
            using var client = fixture.Platform.Service(name).Client(token);
            using var response = await client.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
            // A service answers 401 for a bad token before routing says whether the path exists.
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}, {kind} token: {response.StatusCode}");
        }

        using var referral = fixture.Platform.Service(Platform.Referral).Client(token);
        using var post = await referral.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [SkippableFact]
    public async Task A_role_outside_a_routes_policy_is_403_at_the_gateway()
    {
        using var municipality = fixture.Platform.Gateway.Client(Tokens.Create(Roles.Municipality, new Dictionary<string, string> { [ClaimNames.Municipality] = "0344" }));
        using var response = await municipality.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [SkippableFact]
    public async Task A_role_the_gateway_lets_through_is_still_checked_by_the_service()
    {
        using var clinician = fixture.Platform.Gateway.Client(Tokens.Create(Roles.Clinician, new Dictionary<string, string> { [ClaimNames.Agb] = "01012345" }));
        using var response = await clinician.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    private static Dictionary<string, string> Agb() => new() { [ClaimNames.Agb] = "01012345" };
}

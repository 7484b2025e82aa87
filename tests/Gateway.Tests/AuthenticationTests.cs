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
    /// <summary>Each bad token with the rule its 401 names in <c>WWW-Authenticate</c> (RFC 6750); null where no token was offered.</summary>
    public static TheoryData<string, string?, string?> BadTokens() => new()
    {
        { "missing", null, null },
        { "expired", Tokens.Create(Roles.Gp, Agb(), expires: DateTime.UtcNow.AddMinutes(-5)), "the token has expired" },
        { "wrongly signed", Tokens.Create(Roles.Gp, Agb(), signingKey: "another-key-of-at-least-thirty-two-bytes-long!"), "the token's signature is missing or invalid" },
        { "wrong audience", Tokens.Create(Roles.Gp, Agb(), audience: "someone-else"), "the token is meant for another audience" },
        { "wrong issuer", Tokens.Create(Roles.Gp, Agb(), issuer: "https://evil.example"), "the token comes from an issuer that is not trusted here" },
        { "not a token", "not-a-jwt", "the token is malformed" },
        { "oversized subject", Tokens.Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = "01012345", [ClaimNames.Subject] = new string('x', 101) }), "claim 'sub' is at most" },
        { "malformed AGB claim", Tokens.Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = "0101234" }), "claim 'agb' is an AGB code of 8 digits" },
        { "no role", Tokens.Create(string.Empty, Agb()), "claim 'role'" },
        { "no sub", Tokens.Create(Roles.Gp, Agb(), without: [ClaimNames.Subject]), "claim 'sub' is required" },
        { "no name", Tokens.Create(Roles.Gp, Agb(), without: [ClaimNames.Name]), "claim 'name' is required" },
        { "two roles", Tokens.Create(Roles.Gp, Agb(), extra: new Dictionary<string, object> { [ClaimNames.Role] = new[] { Roles.Gp, Roles.Poh } }), "claim 'role' appears more than once" },
        { "an unknown role", Tokens.Create("admin", Agb()), "claim 'role' is not a known role" },
        { "two AGB codes", Tokens.Create(Roles.Gp, extra: new Dictionary<string, object> { [ClaimNames.Agb] = new[] { "01012345", "01099999" } }), "claim 'agb' appears more than once" },
        { "gp without agb", Tokens.Create(Roles.Gp), "claim 'agb' is required for role 'gp'" },
        { "clinician without org", Tokens.Create(Roles.Clinician, new Dictionary<string, string> { [ClaimNames.Agb] = "94012345", [ClaimNames.Domain] = "youth" }), "claim 'org' is required for role 'clinician'" },
        { "municipality without municipality", Tokens.Create(Roles.Municipality), "claim 'municipality' is required for role 'municipality'" },
        { "ID token (typ JWT)", Tokens.Create(Roles.Gp, Agb(), tokenType: "JWT"), "the token is not an access token (typ)" },
        { "ID token (a nonce)", Tokens.Create(Roles.Gp, new Dictionary<string, string> { [ClaimNames.Agb] = "01012345", [ClaimNames.Nonce] = "n-0S6_WzA2Mj" }), "claim 'nonce' marks an ID token, not an access token" },
        { "HS512 with the right key", Tokens.HmacSigned("HS512", Roles.Gp, Agb()), "the token's signature is missing or invalid" },
        { "no exp", Tokens.Create(Roles.Gp, Agb(), withExpiry: false), "the token has no expiry (exp)" },
        { "unsigned (alg none)", Tokens.WithoutSignature(Roles.Gp, Agb()), "the token's signature is missing or invalid" },
    };

    [SkippableFact]
    public async Task The_tokens_the_bad_ones_are_made_from_are_accepted()
    {
        // Each bad token above differs from this one in one way only; this one must pass.
        using var gateway = fixture.Platform.Gateway.Client(Tokens.Create(Roles.Gp, Agb()));
        Assert.Equal(HttpStatusCode.NotFound, (await gateway.GetAsync($"/api/families/{Guid.NewGuid()}/plan")).StatusCode);
        using var service = fixture.Platform.Service(Platform.FamilyPlan).Client(Tokens.Create(Roles.Gp, Agb()));
        Assert.Equal(HttpStatusCode.NotFound, (await service.GetAsync($"/api/families/{Guid.NewGuid()}/plan")).StatusCode);
        // Signed by hand like the HS512 one, but with HS256: only the algorithm makes that one bad.
        using var handSigned = fixture.Platform.Gateway.Client(Tokens.HmacSigned("HS256", Roles.Gp, Agb()));
        Assert.Equal(HttpStatusCode.NotFound, (await handSigned.GetAsync($"/api/families/{Guid.NewGuid()}/plan")).StatusCode);
    }

    [SkippableTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_at_the_gateway(string kind, string? token, string? rule)
    {
        using var client = fixture.Platform.Gateway.Client(token);
        using var response = await client.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{kind} token: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertChallenge(response, token, rule);
        Assert.Equal(0, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    [SkippableTheory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401_at_every_service_called_directly(string kind, string? token, string? rule)
    {
        foreach (var (name, _) in Platform.ServiceBuilders)
        {
            using var client = fixture.Platform.Service(name).Client(token);
            using var response = await client.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
            // A service answers 401 for a bad token before routing says whether the path exists.
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{name}, {kind} token: {response.StatusCode}");
            AssertChallenge(response, token, rule);
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
        using var clinician = fixture.Platform.Gateway.Client(Tokens.Clinician(agb: "01012345"));
        using var response = await clinician.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    public static TheoryData<string> EveryRole() => [.. Roles.All];

    [SkippableTheory]
    [MemberData(nameof(EveryRole))]
    public async Task A_token_from_deploy_token_sh_is_accepted_for_every_role(string role)
    {
        var token = Tokens.FromScript([role, .. Tokens.ClaimsFor(role).Select(c => $"{c.Key}={c.Value}")]);
        using var client = fixture.Platform.Gateway.Client(token);

        // Every role may ask the funding route; the service knows no such id, so the answer is 404, not 401.
        using var funding = await client.GetAsync($"/api/funding/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, funding.StatusCode);
        // Only financiers reach the funding routes, and the service knows no such referral: 404 for them, 403 for the rest.
        using var route = await client.GetAsync($"/api/funding-routes/{Guid.NewGuid()}");
        Assert.Equal(role is Roles.Municipality or Roles.Insurer ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden, route.StatusCode);
        // Financiers never reach the family plan; everyone else (the district nurse too) does.
        using var plan = await client.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
        Assert.Equal(role is Roles.Municipality or Roles.Insurer ? HttpStatusCode.Forbidden : HttpStatusCode.NotFound, plan.StatusCode);
    }

    private static Dictionary<string, string> Agb() => new() { [ClaimNames.Agb] = "01012345" };

    /// <summary>RFC 6750: <c>Bearer error="invalid_token", error_description="…"</c> naming the rule, never echoing the token.</summary>
    private static void AssertChallenge(HttpResponseMessage response, string? token, string? rule)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        if (rule is null)
        {
            Assert.DoesNotContain("error=", challenge.Parameter ?? string.Empty, StringComparison.Ordinal);
            return;
        }

        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.True(challenge.Parameter!.Contains(rule, StringComparison.Ordinal), $"expected '{rule}' in {challenge.Parameter}");
        foreach (var part in token!.Split('.').Where(p => p.Length > 8))
        {
            Assert.DoesNotContain(part, challenge.Parameter, StringComparison.Ordinal);
        }
    }
}

/// <summary><c>deploy/token.sh</c> prints only tokens a host accepts, and says why when it cannot.</summary>
[Trait("Category", "Unit")]
public sealed class TokenScriptTests
{
    [Theory]
    [InlineData("clinician", "agb=94012345 domain=youth")]
    [InlineData("municipality", "")]
    [InlineData("district-nurse", "agb=94012345")]
    [InlineData("client", "")]
    public void A_role_without_its_required_claims_gets_no_token(string role, string claims)
    {
        var (exitCode, output, error) = Tokens.RunScript([role, .. claims.Split(' ', StringSplitOptions.RemoveEmptyEntries)]);
        Assert.Equal(2, exitCode);
        Assert.Empty(output);
        Assert.Contains($"role {role} needs the claims", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_script_token_is_an_access_token_with_a_subject_and_a_name()
    {
        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(Tokens.FromScript("gp", "agb=01012345"));
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("gp-01012345", token.Subject);
        Assert.False(string.IsNullOrWhiteSpace(token.GetPayloadValue<string>(ClaimNames.Name)));
    }
}

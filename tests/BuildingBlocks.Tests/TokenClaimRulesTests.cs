using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class TokenClaimRulesTests
{
    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    [Fact]
    public void The_tokens_deploy_token_sh_prints_have_usable_claims()
    {
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Gp), (ClaimNames.Subject, "gp-01012345"), (ClaimNames.Agb, "01012345"))));
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Municipality), (ClaimNames.Municipality, "0344"))));
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Insurer), (ClaimNames.Uzovi, "3311"))));
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Client), (ClaimNames.Bsn, "999900006"))));
    }

    [Theory]
    [InlineData(ClaimNames.Agb, "0101234", "AGB")]
    [InlineData(ClaimNames.Municipality, "344", "municipality")]
    [InlineData(ClaimNames.Uzovi, "33110", "UZOVI")]
    [InlineData(ClaimNames.Bsn, "999900019", "eleven-test")]
    public void A_malformed_identifier_claim_is_named(string claim, string value, string rule)
    {
        var problem = Assert.Single(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Gp), (claim, value))));
        Assert.Contains($"'{claim}'", problem, StringComparison.Ordinal);
        Assert.Contains(rule, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_longer_than_the_access_log_keeps_are_refused()
    {
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Gp), (ClaimNames.Subject, new string('s', 100)), (ClaimNames.Name, new string('n', 200)))));
        var problems = TokenClaimRules.Problems(User((ClaimNames.Role, new string('r', 51)), (ClaimNames.Subject, new string('s', 101)), (ClaimNames.Name, new string('n', 201))));
        Assert.Equal(3, problems.Count);
    }

    [Fact]
    public void A_token_without_a_role_is_refused() =>
        Assert.Contains("'role' is required", Assert.Single(TokenClaimRules.Problems(User((ClaimNames.Subject, "someone")))), StringComparison.Ordinal);
}

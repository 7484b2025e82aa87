using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class TokenClaimRulesTests
{
    private static ClaimsPrincipal User(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    /// <summary>A valid user of <paramref name="role"/>: subject, name, role and the role's own claims.</summary>
    private static (string Type, string Value)[] Valid(string role) =>
    [
        (ClaimNames.Subject, $"{role}-1"),
        (ClaimNames.Name, "Anne de Boer"),
        (ClaimNames.Role, role),
        .. Coordination.Testing.Tokens.ClaimsFor(role).Select(kv => (kv.Key, kv.Value)),
    ];

    private static ClaimsPrincipal Valid(string role, Func<(string Type, string Value)[], IEnumerable<(string Type, string Value)>> change) =>
        User([.. change(Valid(role))]);

    public static TheoryData<string> EveryRole() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(EveryRole))]
    public void Every_role_with_its_own_claims_is_usable(string role) =>
        Assert.Empty(TokenClaimRules.Problems(User(Valid(role))));

    [Fact]
    public void Every_role_has_its_required_claims_listed() =>
        Assert.Equal(Roles.All.Order(), TokenClaimRules.RequiredByRole.Keys.Order());

    [Fact]
    public void The_tokens_deploy_token_sh_prints_have_usable_claims()
    {
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Gp), (ClaimNames.Subject, "gp-01012345"), (ClaimNames.Name, "Development user gp-01012345"), (ClaimNames.Agb, "01012345"))));
        Assert.Empty(TokenClaimRules.Problems(User((ClaimNames.Role, Roles.Municipality), (ClaimNames.Subject, "municipality-0344"), (ClaimNames.Name, "Development user municipality-0344"), (ClaimNames.Municipality, "0344"))));
    }

    /// <summary>Each role, and the claim whose absence makes its token unusable.</summary>
    public static TheoryData<string, string> RequiredClaims() => new()
    {
        { Roles.Gp, ClaimNames.Agb },
        { Roles.Poh, ClaimNames.Agb },
        { Roles.Clinician, ClaimNames.Agb },
        { Roles.Clinician, ClaimNames.Org },
        { Roles.Clinician, ClaimNames.Domain },
        { Roles.FamilyTherapist, ClaimNames.Agb },
        { Roles.FamilyTherapist, ClaimNames.Org },
        { Roles.FamilySystemsWorker, ClaimNames.Agb },
        { Roles.FamilySystemsWorker, ClaimNames.Org },
        { Roles.YouthProtection, ClaimNames.Agb },
        { Roles.YouthProtection, ClaimNames.Org },
        { Roles.DistrictNurse, ClaimNames.Agb },
        { Roles.DistrictNurse, ClaimNames.Org },
        { Roles.SocialDomain, ClaimNames.Municipality },
        { Roles.Municipality, ClaimNames.Municipality },
        { Roles.Insurer, ClaimNames.Uzovi },
        { Roles.Client, ClaimNames.Bsn },
    };

    [Theory]
    [MemberData(nameof(RequiredClaims))]
    public void A_role_without_a_claim_it_needs_is_refused(string role, string claim)
    {
        var problem = Assert.Single(TokenClaimRules.Problems(Valid(role, claims => claims.Where(c => c.Type != claim))));
        Assert.Equal($"claim '{claim}' is required for role '{role}'", problem);
    }

    [Theory]
    [InlineData(ClaimNames.Subject)]
    [InlineData(ClaimNames.Name)]
    [InlineData(ClaimNames.Role)]
    public void A_token_without_a_subject_a_name_or_a_role_is_refused(string claim) =>
        Assert.Equal($"claim '{claim}' is required", Assert.Single(TokenClaimRules.Problems(Valid(Roles.Gp, claims => claims.Where(c => c.Type != claim)))));

    [Fact]
    public void A_blank_subject_counts_as_none() =>
        Assert.Equal("claim 'sub' is required", Assert.Single(TokenClaimRules.Problems(Valid(Roles.Gp, claims => claims.Where(c => c.Type != ClaimNames.Subject).Append((ClaimNames.Subject, " "))))));

    [Fact]
    public void An_unknown_role_is_refused() =>
        Assert.Equal("claim 'role' is not a known role", Assert.Single(TokenClaimRules.Problems(Valid(Roles.Gp, claims => claims.Where(c => c.Type != ClaimNames.Role).Append((ClaimNames.Role, "admin"))))));

    /// <summary>Each claim that may appear once, and a second value for it.</summary>
    public static TheoryData<string, string, string> DoubledClaims() => new()
    {
        { Roles.Gp, ClaimNames.Subject, "gp-2" },
        { Roles.Gp, ClaimNames.Name, "Bert de Boer" },
        { Roles.Gp, ClaimNames.Role, Roles.Poh },
        { Roles.Gp, ClaimNames.Agb, "01099999" },
        { Roles.Clinician, ClaimNames.Org, "73739999" },
        { Roles.Clinician, ClaimNames.Domain, "adult" },
        { Roles.Municipality, ClaimNames.Municipality, "0363" },
        { Roles.Insurer, ClaimNames.Uzovi, "3343" },
        { Roles.Client, ClaimNames.Bsn, "999900018" },
    };

    [Theory]
    [MemberData(nameof(DoubledClaims))]
    public void A_claim_that_must_appear_once_appearing_twice_is_refused(string role, string claim, string second) =>
        Assert.Equal($"claim '{claim}' appears more than once", Assert.Single(TokenClaimRules.Problems(Valid(role, claims => claims.Append((claim, second))))));

    [Theory]
    [InlineData(Roles.Gp, ClaimNames.Agb, "0101234", "AGB")]
    [InlineData(Roles.Clinician, ClaimNames.Org, "7373000", "organisation's AGB")]
    [InlineData(Roles.Clinician, ClaimNames.Domain, "elderly", "'youth' or 'adult'")]
    [InlineData(Roles.Municipality, ClaimNames.Municipality, "344", "municipality")]
    [InlineData(Roles.Insurer, ClaimNames.Uzovi, "33110", "UZOVI")]
    [InlineData(Roles.Client, ClaimNames.Bsn, "999900019", "eleven-test")]
    public void A_malformed_claim_is_named(string role, string claim, string value, string rule)
    {
        var problem = Assert.Single(TokenClaimRules.Problems(Valid(role, claims => claims.Where(c => c.Type != claim).Append((claim, value)))));
        Assert.Contains($"'{claim}'", problem, StringComparison.Ordinal);
        Assert.Contains(rule, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Claims_longer_than_the_access_log_keeps_are_refused()
    {
        Assert.Empty(TokenClaimRules.Problems(Valid(Roles.Gp, claims => claims.Where(c => c.Type is not (ClaimNames.Subject or ClaimNames.Name))
            .Append((ClaimNames.Subject, new string('s', 100))).Append((ClaimNames.Name, new string('n', 200))))));
        var problems = TokenClaimRules.Problems(User((ClaimNames.Role, new string('r', 51)), (ClaimNames.Subject, new string('s', 101)), (ClaimNames.Name, new string('n', 201))));
        Assert.Equal(
            ["claim 'role' is not a known role", "claim 'role' is at most 50 characters", "claim 'sub' is at most 100 characters", "claim 'name' is at most 200 characters"],
            problems);
    }

    [Fact]
    public void An_id_token_is_recognised_by_its_nonce() =>
        Assert.Contains("ID token", Assert.Single(TokenClaimRules.Problems(Valid(Roles.Gp, claims => claims.Append((ClaimNames.Nonce, "n-0S6_WzA2Mj"))))), StringComparison.Ordinal);
}

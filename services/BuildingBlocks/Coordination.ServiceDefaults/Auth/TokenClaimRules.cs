using System.Security.Claims;
using Coordination.ServiceDefaults.Identifiers;

namespace Coordination.ServiceDefaults.Auth;

/// <summary>
/// What a signed token must also get right before its claims are used: a subject and a name, one
/// known role with the claims that role needs, identifiers in their Dutch format and names short
/// enough to land in the access log. A token that breaks them is refused like a badly signed one
/// (401), so no handler has to guard against a missing or doubled claim again.
/// </summary>
public static class TokenClaimRules
{
    /// <summary>The longest subject (user id) stored in the access log.</summary>
    public const int MaxSubjectLength = 100;

    /// <summary>The longest display name stored in the access log.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest role stored in the access log.</summary>
    public const int MaxRoleLength = 50;

    /// <summary>The values of the <c>domain</c> claim.</summary>
    public static readonly IReadOnlyList<string> Domains = ["youth", "adult"];

    /// <summary>The claims every token carries, whatever its role.</summary>
    public static readonly IReadOnlyList<string> RequiredForEveryone = [ClaimNames.Subject, ClaimNames.Name, ClaimNames.Role];

    /// <summary>
    /// The claims each role needs besides <see cref="RequiredForEveryone"/>: a care provider its AGB
    /// code (a POH carries the GP's), one who works for an organisation also that organisation's
    /// AGB code, a clinician their world, a municipality or social-domain worker the municipality,
    /// an insurer its UZOVI code, a client their own BSN.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> RequiredByRole = new Dictionary<string, IReadOnlyList<string>>
    {
        [Roles.Gp] = [ClaimNames.Agb],
        [Roles.Poh] = [ClaimNames.Agb],
        [Roles.Clinician] = [ClaimNames.Agb, ClaimNames.Org, ClaimNames.Domain],
        [Roles.FamilyTherapist] = [ClaimNames.Agb, ClaimNames.Org],
        [Roles.FamilySystemsWorker] = [ClaimNames.Agb, ClaimNames.Org],
        [Roles.YouthProtection] = [ClaimNames.Agb, ClaimNames.Org],
        [Roles.DistrictNurse] = [ClaimNames.Agb, ClaimNames.Org],
        [Roles.SocialDomain] = [ClaimNames.Municipality],
        [Roles.Municipality] = [ClaimNames.Municipality],
        [Roles.Insurer] = [ClaimNames.Uzovi],
        [Roles.Client] = [ClaimNames.Bsn],
    };

    /// <summary>The claims a token may carry at most once: a second value would make "whose" ambiguous.</summary>
    public static readonly IReadOnlyList<string> SingleValued =
        [ClaimNames.Subject, ClaimNames.Name, ClaimNames.Role, ClaimNames.Agb, ClaimNames.Org, ClaimNames.Domain, ClaimNames.Municipality, ClaimNames.Uzovi, ClaimNames.Bsn];

    /// <summary>Why the claims of <paramref name="user"/> cannot be used, or an empty list.</summary>
    public static IReadOnlyList<string> Problems(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var problems = new List<string>();
        void Check(string claim, Func<string, bool> valid, string rule)
        {
            foreach (var value in user.FindAll(claim).Select(c => c.Value))
            {
                if (!valid(value))
                {
                    problems.Add($"claim '{claim}' {rule}");
                }
            }
        }

        foreach (var claim in SingleValued.Where(c => user.FindAll(c).Skip(1).Any()))
        {
            problems.Add($"claim '{claim}' appears more than once");
        }

        foreach (var claim in RequiredForEveryone.Where(c => user.Claim(c) is null))
        {
            problems.Add($"claim '{claim}' is required");
        }

        var roles = user.FindAll(ClaimNames.Role).ToList();
        if (roles.Count == 1 && user.Claim(ClaimNames.Role) is { } role)
        {
            if (RequiredByRole.TryGetValue(role, out var required))
            {
                problems.AddRange(required.Where(c => user.Claim(c) is null).Select(c => $"claim '{c}' is required for role '{role}'"));
            }
            else
            {
                problems.Add($"claim '{ClaimNames.Role}' is not a known role");
            }
        }

        // An ID token tells a client who signed in; it is not meant for an API. Its nonce gives it away
        // even when its issuer types it like an access token.
        if (user.FindFirst(ClaimNames.Nonce) is not null)
        {
            problems.Add($"claim '{ClaimNames.Nonce}' marks an ID token, not an access token");
        }

        Check(ClaimNames.Role, v => v.Length <= MaxRoleLength, $"is at most {MaxRoleLength} characters");
        Check(ClaimNames.Subject, v => v.Length <= MaxSubjectLength, $"is at most {MaxSubjectLength} characters");
        Check(ClaimNames.Name, v => v.Length <= MaxNameLength, $"is at most {MaxNameLength} characters");
        Check(ClaimNames.Agb, DutchIdentifiers.IsValidAgb, "is an AGB code of 8 digits");
        Check(ClaimNames.Org, DutchIdentifiers.IsValidAgb, "is an organisation's AGB code of 8 digits");
        Check(ClaimNames.Domain, Domains.Contains, "is 'youth' or 'adult'");
        Check(ClaimNames.Municipality, DutchIdentifiers.IsValidMunicipalityCode, "is a CBS municipality code of 4 digits");
        Check(ClaimNames.Uzovi, DutchIdentifiers.IsValidUzovi, "is a UZOVI code of 4 digits");
        Check(ClaimNames.Bsn, DutchIdentifiers.IsValidBsn, "is a BSN that passes the eleven-test");
        return problems;
    }
}

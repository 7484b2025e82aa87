using System.Security.Claims;
using Coordination.ServiceDefaults.Identifiers;

namespace Coordination.ServiceDefaults.Auth;

/// <summary>
/// What a signed token must also get right before its claims are used: identifiers in their
/// Dutch format and names short enough to land in the access log. A token that breaks them is
/// refused like a badly signed one (401), so no handler has to guard against them again.
/// </summary>
public static class TokenClaimRules
{
    /// <summary>The longest subject (user id) stored in the access log.</summary>
    public const int MaxSubjectLength = 100;

    /// <summary>The longest display name stored in the access log.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest role stored in the access log.</summary>
    public const int MaxRoleLength = 50;

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

        if (user.Claim(ClaimNames.Role) is null)
        {
            problems.Add($"claim '{ClaimNames.Role}' is required");
        }

        Check(ClaimNames.Role, v => v.Length <= MaxRoleLength, $"is at most {MaxRoleLength} characters");
        Check(ClaimNames.Subject, v => v.Length <= MaxSubjectLength, $"is at most {MaxSubjectLength} characters");
        Check(ClaimNames.Name, v => v.Length <= MaxNameLength, $"is at most {MaxNameLength} characters");
        Check(ClaimNames.Agb, DutchIdentifiers.IsValidAgb, "is an AGB code of 8 digits");
        Check(ClaimNames.Municipality, DutchIdentifiers.IsValidMunicipalityCode, "is a CBS municipality code of 4 digits");
        Check(ClaimNames.Uzovi, DutchIdentifiers.IsValidUzovi, "is a UZOVI code of 4 digits");
        Check(ClaimNames.Bsn, DutchIdentifiers.IsValidBsn, "is a BSN that passes the eleven-test");
        return problems;
    }
}

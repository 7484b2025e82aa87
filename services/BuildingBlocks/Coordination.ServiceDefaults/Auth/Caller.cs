using System.Security.Claims;

namespace Coordination.ServiceDefaults.Auth;

/// <summary>Reads the caller's identity from validated token claims.</summary>
public static class Caller
{
    /// <summary>The caller's role, or an empty string.</summary>
    public static string Role(this ClaimsPrincipal user) => user.Claim(ClaimNames.Role) ?? string.Empty;

    /// <summary>The caller's id: the token subject, else the AGB code.</summary>
    public static string Id(this ClaimsPrincipal user) =>
        user.Claim(ClaimNames.Subject) ?? user.Claim(ClaimNames.Agb) ?? "unknown";

    /// <summary>The value of a claim, or null.</summary>
    public static string? Claim(this ClaimsPrincipal user, string type)
    {
        ArgumentNullException.ThrowIfNull(user);
        var value = user.FindFirst(type)?.Value;
        return string.IsNullOrWhiteSpace(value) ? null : value;
    }

    /// <summary>True when the caller has one of <paramref name="roles"/>.</summary>
    public static bool HasRole(this ClaimsPrincipal user, IEnumerable<string> roles) => roles.Contains(user.Role());
}

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

/// <summary>Audit entries for what the caller of a request did.</summary>
public static class CallerAudit
{
    /// <summary>
    /// An entry with the caller's id, name and role filled in; the rest (client, checks, on whose
    /// behalf) the endpoint adds with <c>with { … }</c>.
    /// </summary>
    public static Coordination.Data.Audit.AuditEntry AuditEntry(
        this ClaimsPrincipal user, Coordination.Data.Audit.AuditAction action, bool allowed, string purpose, string objectType, string? objectId, string sourceSystem) => new()
        {
            Action = action,
            Outcome = allowed ? "success" : "denied",
            UserId = user.Id(),
            UserName = user.Claim(ClaimNames.Name),
            UserRole = user.Role(),
            // A POH-GGZ works under the GP whose AGB code the token carries.
            OnBehalfOf = user.Role() == Roles.Poh ? user.Claim(ClaimNames.Agb) : null,
            Purpose = purpose,
            ObjectType = objectType,
            ObjectId = objectId,
            SourceSystem = sourceSystem,
            CheckAuthorisation = allowed ? Coordination.Data.Audit.CheckResult.Passed : Coordination.Data.Audit.CheckResult.Failed,
        };
}

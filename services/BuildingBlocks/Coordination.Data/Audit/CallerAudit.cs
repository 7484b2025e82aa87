using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Data.Audit;

/// <summary>Audit entries for what the caller of a request did.</summary>
public static class CallerAudit
{
    /// <summary>
    /// An entry with the caller's id, name and role filled in; the rest (client, checks, on whose
    /// behalf) the endpoint adds with <c>with { … }</c>.
    /// </summary>
    public static AuditEntry AuditEntry(
        this ClaimsPrincipal user, AuditAction action, bool allowed, string purpose, string objectType, string? objectId, string sourceSystem) => new()
        {
            Action = action,
            Outcome = allowed ? "success" : "denied",
            UserId = user.Id(),
            UserName = user.Claim(ClaimNames.Name),
            UserRole = user.Role(),
            // A POH-GGZ works under the GP whose AGB code the token carries; a professional of an
            // organisation acts on its behalf, and the client reads which organisation that was.
            OnBehalfOf = user.Role() == Roles.Poh ? user.Claim(ClaimNames.Agb) : user.Claim(ClaimNames.Org),
            Purpose = purpose,
            ObjectType = objectType,
            ObjectId = objectId,
            SourceSystem = sourceSystem,
            CheckAuthorisation = allowed ? CheckResult.Passed : CheckResult.Failed,
        };
}

using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Data.Audit;

/// <summary>
/// The service's one writer of NEN 7513 access-log entries: it builds the entries of an allowed or a
/// refused access by the caller, and of what the service did by itself on an event, all with the
/// service's own source system (<c>coordination-&lt;service&gt;</c>, from its <see cref="ServiceIdentity"/>),
/// and writes the entries of a read or a refusal in a unit of work of their own. An entry of a change
/// goes into the change's own unit of work instead (<see cref="WriteContext.Audit"/>).
/// </summary>
public sealed class AccessLogWriter(ServiceIdentity service, UnitOfWork unitOfWork)
{
    /// <summary>The system the entries name as their source, e.g. <c>coordination-family-plan</c>.</summary>
    public string SourceSystem { get; } = SourceSystemOf(service);

    /// <summary>The source system of <paramref name="service"/>'s entries.</summary>
    public static string SourceSystemOf(ServiceIdentity service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return "coordination-" + service.Name;
    }

    /// <summary>
    /// The entry of an access by the caller, allowed (the authorisation check passed) or refused
    /// (<c>denied</c>, the check failed), with the caller's id, name and role and on whose behalf
    /// they act; the other checks and details the caller adds with <c>with { … }</c>.
    /// </summary>
    public AuditEntry Of(ClaimsPrincipal user, AuditAction action, bool allowed, string purpose, string objectType, string? objectId, string? clientBsn = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new AuditEntry
        {
            Action = action,
            Outcome = allowed ? "success" : "denied",
            ClientBsn = clientBsn,
            UserId = user.Id(),
            UserName = user.Claim(ClaimNames.Name),
            UserRole = user.Role(),
            // A POH-GGZ works under the GP whose AGB code the token carries; a professional of an
            // organisation acts on its behalf, and the client reads which organisation that was.
            OnBehalfOf = user.Role() == Roles.Poh ? user.Claim(ClaimNames.Agb) : user.Claim(ClaimNames.Org),
            Purpose = purpose,
            ObjectType = objectType,
            ObjectId = objectId,
            SourceSystem = SourceSystem,
            CheckAuthorisation = allowed ? CheckResult.Passed : CheckResult.Failed,
        };
    }

    /// <summary>The entry of an allowed access by the caller.</summary>
    public AuditEntry Allowed(ClaimsPrincipal user, AuditAction action, string purpose, string objectType, string? objectId, string? clientBsn = null) =>
        Of(user, action, allowed: true, purpose, objectType, objectId, clientBsn);

    /// <summary>The entry of an access by the caller refused by the authorisation check.</summary>
    public AuditEntry Denied(ClaimsPrincipal user, AuditAction action, string purpose, string objectType, string? objectId, string? clientBsn = null) =>
        Of(user, action, allowed: false, purpose, objectType, objectId, clientBsn);

    /// <summary>The entry of what the service did by itself, on an event another service published after its own checks.</summary>
    public AuditEntry BySystem(AuditAction action, string purpose, string objectType, string? objectId, string? clientBsn, string? onBehalfOf) =>
        AuditEntry.BySystem(SourceSystem, action, purpose, objectType, objectId, clientBsn, onBehalfOf);

    /// <summary>Writes <paramref name="entry"/> now, in a unit of work of its own; the caller answers once it is committed.</summary>
    public Task WriteAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return unitOfWork.AuditAsync([entry], cancellationToken);
    }

    /// <summary>Writes <paramref name="entries"/> now, in one unit of work; none when there are none.</summary>
    public Task WriteAsync(IEnumerable<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var all = entries as IReadOnlyCollection<AuditEntry> ?? entries.ToList();
        return all.Count == 0 ? Task.CompletedTask : unitOfWork.AuditAsync(all, cancellationToken);
    }

    /// <summary>
    /// Writes <paramref name="entry"/> now as a refusal by the authorisation check (<c>denied</c>, the
    /// check failed), whatever it said before: the one call for "this caller may not".
    /// </summary>
    public Task DeniedAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteAsync(entry with { Outcome = "denied", CheckAuthorisation = CheckResult.Failed }, cancellationToken);
    }
}

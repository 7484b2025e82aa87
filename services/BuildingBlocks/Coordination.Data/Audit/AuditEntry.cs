namespace Coordination.Data.Audit;

/// <summary>What was done, in NEN 7513 terms.</summary>
public enum AuditAction
{
    /// <summary>C: create.</summary>
    Create,

    /// <summary>R: read.</summary>
    Read,

    /// <summary>U: update.</summary>
    Update,

    /// <summary>D: delete.</summary>
    Delete,

    /// <summary>E: execute.</summary>
    Execute,
}

/// <summary>The outcome of a check recorded with an access.</summary>
public static class CheckResult
{
    /// <summary>The check was made and passed.</summary>
    public const string Passed = "passed";

    /// <summary>The check was made and failed.</summary>
    public const string Failed = "failed";

    /// <summary>The check does not apply to this access.</summary>
    public const string NotApplicable = "not-applicable";

    /// <summary>The check could not be made (the service that answers it did not); the access was refused as if it failed.</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>
/// One NEN 7513 access-log entry: what happened and its outcome, when (UTC, to the second),
/// which client, which user (id, name, role), on whose behalf, for what purpose, on which object,
/// from which system, and the results of the authorisation, treatment-relationship, consent and
/// emergency-access checks.
/// </summary>
public sealed record AuditEntry
{
    /// <summary>The action.</summary>
    public required AuditAction Action { get; init; }

    /// <summary><c>success</c>, <c>denied</c> or <c>failed</c>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The BSN of the client whose data was touched, if any.</summary>
    public string? ClientBsn { get; init; }

    /// <summary>The user's id (token subject or AGB code).</summary>
    public required string UserId { get; init; }

    /// <summary>The user's display name, when known.</summary>
    public string? UserName { get; init; }

    /// <summary>The user's role.</summary>
    public required string UserRole { get; init; }

    /// <summary>On whose behalf the user acted (a POH for a GP: the GP's AGB).</summary>
    public string? OnBehalfOf { get; init; }

    /// <summary>The purpose of use, e.g. <c>referral</c>, <c>treatment</c>, <c>funding</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>The type of the object accessed.</summary>
    public required string ObjectType { get; init; }

    /// <summary>The id of the object accessed.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The system that made the access.</summary>
    public required string SourceSystem { get; init; }

    /// <summary>Result of the authorisation check.</summary>
    public string CheckAuthorisation { get; init; } = CheckResult.Passed;

    /// <summary>Result of the treatment-relationship check.</summary>
    public string CheckTreatmentRelationship { get; init; } = CheckResult.NotApplicable;

    /// <summary>Result of the client-consent check.</summary>
    public string CheckConsent { get; init; } = CheckResult.NotApplicable;

    /// <summary>Whether emergency access ("break the glass") was used.</summary>
    public string CheckEmergencyAccess { get; init; } = CheckResult.NotApplicable;

    /// <summary>The role recorded when a service itself stores a client's data, e.g. from an event.</summary>
    public const string SystemRole = "system";

    /// <summary>
    /// An entry for what a service did by itself, on an event another service published after its
    /// own checks: the service is the user, the person who caused the event is on whose behalf.
    /// </summary>
    internal static AuditEntry BySystem(
        string sourceSystem, AuditAction action, string purpose, string objectType, string? objectId, string? clientBsn, string? onBehalfOf) => new()
        {
            Action = action,
            Outcome = "success",
            ClientBsn = clientBsn,
            UserId = sourceSystem,
            UserRole = SystemRole,
            OnBehalfOf = onBehalfOf,
            Purpose = purpose,
            ObjectType = objectType,
            ObjectId = objectId,
            SourceSystem = sourceSystem,
            CheckAuthorisation = CheckResult.NotApplicable,
        };
}

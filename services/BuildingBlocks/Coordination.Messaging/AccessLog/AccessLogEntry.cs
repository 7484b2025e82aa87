namespace Coordination.Messaging.AccessLog;

/// <summary>
/// One NEN 7513 access-log entry about the client: what happened and its outcome, when (UTC, to
/// the second), which user (id, name, role), on whose behalf, for what purpose, on which object,
/// from which system, and the results of the authorisation, treatment-relationship, consent and
/// emergency-access checks. The client is the one the query named, so it is not repeated.
/// </summary>
/// <param name="Id">The entry's id in the service's audit log.</param>
/// <param name="At">When the access happened, UTC, to the second.</param>
/// <param name="Action">The NEN 7513 action code: <c>C</c> create, <c>R</c> read, <c>U</c> update, <c>D</c> delete, <c>E</c> execute.</param>
/// <param name="Outcome"><c>success</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="UserId">The user's id (token subject or AGB code; the service's name for what it did itself).</param>
/// <param name="UserName">The user's display name, when known.</param>
/// <param name="UserRole">The user's role (<c>system</c> for what a service did itself).</param>
/// <param name="OnBehalfOf">On whose behalf the user acted (a POH for a GP: the GP's AGB), if anyone's.</param>
/// <param name="Purpose">The purpose of use, e.g. <c>referral</c>, <c>family-plan</c>, <c>funding</c>.</param>
/// <param name="ObjectType">The type of the object accessed.</param>
/// <param name="ObjectId">The id of the object accessed, when there is one.</param>
/// <param name="SourceSystem">The system that made the access.</param>
/// <param name="CheckAuthorisation">Result of the authorisation check: <c>passed</c>, <c>failed</c> or <c>not-applicable</c>.</param>
/// <param name="CheckTreatmentRelationship">Result of the treatment-relationship check.</param>
/// <param name="CheckConsent">Result of the client-consent check.</param>
/// <param name="CheckEmergencyAccess">Whether emergency access ("break the glass") was used.</param>
public sealed record AccessLogEntry(
    string Id,
    DateTimeOffset At,
    string Action,
    string Outcome,
    string UserId,
    string? UserName,
    string UserRole,
    string? OnBehalfOf,
    string Purpose,
    string ObjectType,
    string? ObjectId,
    string SourceSystem,
    string CheckAuthorisation,
    string CheckTreatmentRelationship,
    string CheckConsent,
    string CheckEmergencyAccess);

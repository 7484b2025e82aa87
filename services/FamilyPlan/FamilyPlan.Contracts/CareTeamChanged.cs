namespace FamilyPlan.Contracts;

/// <summary>
/// A family's care team changed: someone was invited, accepted or declined, joined by accepting a
/// referral, left or was removed, or took the coordinator role. The MDO service invites from the
/// team and drops from planned MDOs whoever left.
/// </summary>
/// <param name="FamilyId">The family.</param>
/// <param name="TeamVersion">The team's version after the change: a subscriber keeps the highest it has seen.</param>
/// <param name="Change">invited, accepted, declined, joined, left, removed or coordinator.</param>
/// <param name="UserId">Whom it is about.</param>
/// <param name="Role">Their role (clinician, family-therapist, stw, …).</param>
/// <param name="OrganisationAgb">Their organisation, when known.</param>
/// <param name="Domain">For a clinician: youth or adult care.</param>
/// <param name="ByUserId">Who made the change (the accepting professional for a join).</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record CareTeamChanged(
    Guid FamilyId,
    int TeamVersion,
    string Change,
    string UserId,
    string Role,
    string? OrganisationAgb,
    string? Domain,
    string ByUserId,
    DateTimeOffset ChangedAt);

namespace FamilyPlan.Contracts;

/// <summary>
/// An intervention of the family plan was planned (version 1) or changed: the facts the funding
/// route service decides who pays from. Carries no clinical content (no title, note or diagnosis):
/// the kind of care, for whom, by which profession, when and how much.
/// </summary>
/// <param name="InterventionId">The intervention.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="MemberId">The member it is for; null for an intervention for the family.</param>
/// <param name="ParticipantIds">The members who take part (for a family intervention, those named; else the member).</param>
/// <param name="Kind">The kind of care, from <c>InterventionKinds</c>: individual-treatment, family-therapy, family-sessions, respite-care, support-at-home, nursing-home-admission, other.</param>
/// <param name="ResponsibleRole">The token role of the responsible team member (clinician, family-therapist, poh, …).</param>
/// <param name="ResponsibleDomain">For a clinician: youth or adult care.</param>
/// <param name="ResponsibleOrganisationAgb">The responsible team member's organisation, when known.</param>
/// <param name="StartOn">When it starts (Europe/Amsterdam date).</param>
/// <param name="EndOn">When it is planned to end, if known.</param>
/// <param name="PlannedSessions">How many sessions are planned, if counted in sessions.</param>
/// <param name="Status">planned, active, ended or cancelled.</param>
/// <param name="ChangedAt">When this version was stored (UTC).</param>
/// <param name="Version">The intervention's version, from 1: a subscriber keeps the highest it has seen.</param>
public sealed record InterventionChanged(
    Guid InterventionId,
    Guid FamilyId,
    Guid? MemberId,
    IReadOnlyList<Guid> ParticipantIds,
    string Kind,
    string ResponsibleRole,
    string? ResponsibleDomain,
    string? ResponsibleOrganisationAgb,
    DateOnly StartOn,
    DateOnly? EndOn,
    int? PlannedSessions,
    string Status,
    DateTimeOffset ChangedAt,
    int Version);

namespace Referral.Contracts;

/// <summary>
/// A referral moved to another status (domain.md, the closed loop): triaged, accepted, rejected,
/// redirected, waiting, in treatment, closed or cancelled. Published through the referral service's
/// outbox for every status change; an acceptance is also published as <see cref="ReferralAccepted"/>,
/// which carries what the care team needs. Apply it only when <paramref name="Version"/> is newer
/// than the one you hold: the bus keeps no order.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="Step">The step taken: triage, accept, reject, redirect, schedule-intake, start-treatment, close or cancel.</param>
/// <param name="FromStatus">The status before.</param>
/// <param name="Status">The status now.</param>
/// <param name="ReceiverAgb">The organisation that receives the referral now (after a redirect, the new one).</param>
/// <param name="By">Who took the step.</param>
/// <param name="OccurredAt">When (UTC).</param>
/// <param name="Version">The referral's version after the step.</param>
public sealed record ReferralStatusChanged(
    Guid ReferralId,
    Guid FamilyId,
    string Step,
    string FromStatus,
    string Status,
    string? ReceiverAgb,
    ReferralActor By,
    DateTimeOffset OccurredAt,
    int Version);

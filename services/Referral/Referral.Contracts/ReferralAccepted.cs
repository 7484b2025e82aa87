namespace Referral.Contracts;

/// <summary>
/// A receiving clinician (or, for a referral to the practice's own POH-GGZ, the POH) accepted a
/// referral: they join the family's care team, and the family plan raises the checks of domain.md —
/// a kindcheck for an adult client, an oudercheck for a child with parents in the household. The
/// event carries the household's member ids as the referral stated them, so the plan needs no
/// other event to raise the checks.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="SubjectMemberId">The member id of the person referred.</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c> care.</param>
/// <param name="SubjectIsAdult">Whether the person referred was 18 or older on the day of acceptance (Amsterdam).</param>
/// <param name="Minors">Member ids of the household's members under 18 on that day (for the kindcheck).</param>
/// <param name="Parents">Member ids of the subject's parents the household names (for the oudercheck).</param>
/// <param name="AcceptedBy">The accepting professional.</param>
/// <param name="AcceptedAt">When (UTC).</param>
/// <param name="Version">The referral's version after acceptance.</param>
public sealed record ReferralAccepted(
    Guid ReferralId,
    Guid FamilyId,
    Guid SubjectMemberId,
    string Domain,
    bool SubjectIsAdult,
    IReadOnlyList<Guid> Minors,
    IReadOnlyList<Guid> Parents,
    ReferralActor AcceptedBy,
    DateTimeOffset AcceptedAt,
    int Version);

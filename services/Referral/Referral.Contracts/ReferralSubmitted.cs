namespace Referral.Contracts;

/// <summary>
/// A GP or POH-GGZ submitted a referral for one family member. Published once, through the
/// referral service's outbox, after the referral was stored.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="FamilyId">The family the subject belongs to, matched by the household's BSNs.</param>
/// <param name="Subject">The person referred.</param>
/// <param name="Household">The other members of the subject's household.</param>
/// <param name="Referrer">Who referred (GP practice; a POH refers under the GP's AGB).</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c> care.</param>
/// <param name="Reason">Why, in the referrer's words.</param>
/// <param name="SuspectedDsm">For adult care: the suspected DSM-5 disorder.</param>
/// <param name="CareLevel">For adult care, when given: <c>basic</c> or <c>specialised</c> GGZ.</param>
/// <param name="Urgent">Whether the referrer marked it urgent.</param>
/// <param name="SubmittedAt">When it was stored (UTC).</param>
/// <param name="MemberIds">The member id of the subject and of each household member (absent in events stored before member ids existed).</param>
public sealed record ReferralSubmitted(
    Guid ReferralId,
    Guid FamilyId,
    ReferredPerson Subject,
    IReadOnlyList<HouseholdMember> Household,
    ReferrerInfo Referrer,
    string Domain,
    string Reason,
    DsmClassification? SuspectedDsm,
    string? CareLevel,
    bool Urgent,
    DateTimeOffset SubmittedAt,
    IReadOnlyList<MemberIdentity>? MemberIds = null);

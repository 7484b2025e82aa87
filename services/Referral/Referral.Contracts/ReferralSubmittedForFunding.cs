namespace Referral.Contracts;

/// <summary>
/// A referral was submitted, as the funding route service needs to know it: whether a suspected
/// DSM-5 disorder was stated and the care level, never the code, its description or the reason.
/// Published beside <see cref="ReferralSubmitted"/>, in the same unit of work.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="Subject">The person referred.</param>
/// <param name="ReferrerAgb">The referring GP practice's AGB code.</param>
/// <param name="ReferrerType">iJw COD327 referrer type (02 GP).</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c> care.</param>
/// <param name="HasSuspectedDsm">Whether the referral states a suspected DSM-5 disorder.</param>
/// <param name="CareLevel">For adult care, when given: <c>basic</c> or <c>specialised</c> GGZ.</param>
/// <param name="SubmittedAt">When it was stored (UTC).</param>
/// <param name="SubjectMemberId">The subject's member id in the family: the key the family plan's interventions name them by.</param>
public sealed record ReferralSubmittedForFunding(
    Guid ReferralId,
    Guid FamilyId,
    FundingSubject Subject,
    string ReferrerAgb,
    string ReferrerType,
    string Domain,
    bool HasSuspectedDsm,
    string? CareLevel,
    DateTimeOffset SubmittedAt,
    Guid? SubjectMemberId = null);

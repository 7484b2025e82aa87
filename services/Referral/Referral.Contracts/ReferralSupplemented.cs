namespace Referral.Contracts;

/// <summary>
/// The referrer supplemented a referral (text and attachments' metadata, with a reason), as
/// ZorgDomein allows until closure. The supplement itself stays in the referral service, where the
/// receiver reads it on the referral's timeline; the event says only that there is one.
/// </summary>
/// <param name="ReferralId">The referral.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="AttachmentCount">How many attachments the supplement describes.</param>
/// <param name="By">The referrer who supplemented it.</param>
/// <param name="SupplementedAt">When (UTC).</param>
/// <param name="Version">The referral's version after the supplement.</param>
public sealed record ReferralSupplemented(
    Guid ReferralId,
    Guid FamilyId,
    int AttachmentCount,
    ReferralActor By,
    DateTimeOffset SupplementedAt,
    int Version);

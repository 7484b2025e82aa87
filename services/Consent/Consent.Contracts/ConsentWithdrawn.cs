namespace Consent.Contracts;

/// <summary>
/// A consent was withdrawn; it no longer counts from <paramref name="WithdrawnAt"/>. Reading
/// services ask at every read and need not listen; a service that acted on the consent earlier
/// (the MDO service invited someone under it) re-checks what it did.
/// </summary>
/// <param name="ConsentId">The consent.</param>
/// <param name="FamilyId">The subject's family.</param>
/// <param name="SubjectMemberId">Whom it was about.</param>
/// <param name="Purpose">Its purpose (<see cref="ConsentPurposes"/>).</param>
/// <param name="RecipientKind">organisation, professional, family-member or care-team.</param>
/// <param name="RecipientId">The recipient's AGB code, member id or family id.</param>
/// <param name="WithdrawnAt">When (UTC).</param>
public sealed record ConsentWithdrawn(
    Guid ConsentId,
    Guid FamilyId,
    Guid SubjectMemberId,
    string Purpose,
    string RecipientKind,
    string RecipientId,
    DateTimeOffset WithdrawnAt);

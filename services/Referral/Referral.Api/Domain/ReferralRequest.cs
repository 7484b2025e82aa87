namespace Referral.Api.Domain;

// The request as it arrives: everything nullable, so that a missing field is reported by name
// instead of failing deserialisation.

public sealed record ReferralRequest(
    PersonInput? Subject,
    IReadOnlyList<HouseholdInput>? Household,
    ReferrerInput? Referrer,
    string? Domain,
    string? Reason,
    DsmInput? SuspectedDsm,
    string? CareLevel,
    bool? Urgent);

public sealed record PersonInput(string? Bsn, string? Name, DateOnly? BirthDate, string? MunicipalityCode, string? Uzovi);

public sealed record HouseholdInput(string? Bsn, string? Name, DateOnly? BirthDate, string? Relation, bool? Custody);

public sealed record ReferrerInput(string? Agb, string? Type, string? Name);

public sealed record DsmInput(string? Code, string? Description);

/// <summary>The answer to a stored referral.</summary>
public sealed record ReferralCreated(Guid Id, Guid FamilyId, string Status, DateTimeOffset SubmittedAt);

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Referral.Api.Domain;

// The request as it arrives: everything nullable, so that a missing field is reported by name
// instead of failing deserialisation. ReferralValidator enforces the rules; the annotations only
// state them in the OpenAPI document (nothing validates by attribute), and a test compares the two.

public sealed record ReferralRequest(
    [Required, Description("The person referred.")] PersonInput? Subject,
    [Description("The people the subject lives with; each is named in the family plan.")] IReadOnlyList<HouseholdInput>? Household,
    [Required, Description("Who refers: a GP, or a POH-GGZ under the GP's AGB code.")] ReferrerInput? Referrer,
    [Required, AllowedValues("youth", "adult"), Description("Youth care (under 18, Jeugdwet) or adult GGZ (18 and over, Zvw).")] string? Domain,
    [Required, StringLength(4000, MinimumLength = 1), Description("Why the subject is referred.")] string? Reason,
    [Description("The suspected DSM-5 disorder; required for adult GGZ.")] DsmInput? SuspectedDsm,
    [AllowedValues("basic", "specialised"), Description("The care level asked for.")] string? CareLevel,
    [Description("Whether the referral is urgent; false when left out.")] bool? Urgent,
    [StringLength(1000), Description("Why it is urgent; required when urgent.")] string? UrgentReason = null,
    [Description("The receiving organisation, picked from the directory; left out, the referral waits in the regional intake pool.")] ReceiverInput? Receiver = null);

public sealed record ReceiverInput(
    [Required, RegularExpression("^[0-9]{8}$"), Description("The receiving organisation's AGB code.")] string? Agb,
    [Required, StringLength(200, MinimumLength = 1), Description("Its name.")] string? Name);

public sealed record PersonInput(
    [Required, RegularExpression("^[0-9]{9}$"), Description("Burgerservicenummer: 9 digits that pass the eleven-test.")] string? Bsn,
    [Required, StringLength(200, MinimumLength = 1)] string? Name,
    [Required, Description("Not in the future, not more than 130 years ago.")] DateOnly? BirthDate,
    [Required, RegularExpression("^[0-9]{4}$"), Description("CBS code of the municipality of residence.")] string? MunicipalityCode,
    [RegularExpression("^[0-9]{4}$"), Description("UZOVI code of the insurer; required for adult GGZ.")] string? Uzovi);

public sealed record HouseholdInput(
    [Required, RegularExpression("^[0-9]{9}$"), Description("Burgerservicenummer: 9 digits that pass the eleven-test; each BSN once per referral.")] string? Bsn,
    [StringLength(200)] string? Name,
    [Required, Description("Not in the future, not more than 130 years ago.")] DateOnly? BirthDate,
    [Required, AllowedValues("parent", "child", "partner", "sibling", "grandparent", "other"), Description("What this person is to the subject.")] string? Relation,
    [Description("Whether this person has custody of the subject.")] bool? Custody);

public sealed record ReferrerInput(
    [Required, RegularExpression("^[0-9]{8}$"), Description("The AGB code of the referring practice: the caller's own.")] string? Agb,
    [AllowedValues("01", "02", "03", "04", "05", "06", "08"), Description("iJw COD327 referrer type; a GP or POH-GGZ refers as 02 (the default).")] string? Type,
    [StringLength(200), Description("The referrer's name; required for adult GGZ.")] string? Name);

public sealed record DsmInput(
    [Required, RegularExpression("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$"), Description("The ICD-10-CM code of the DSM-5 classification, e.g. F32.0.")] string? Code,
    [Required, StringLength(200, MinimumLength = 1)] string? Description);

/// <summary>The answer to a stored referral.</summary>
public sealed record ReferralCreated(Guid Id, Guid FamilyId, string Status, DateTimeOffset SubmittedAt);

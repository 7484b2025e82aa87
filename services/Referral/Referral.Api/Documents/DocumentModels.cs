namespace Referral.Api.Documents;

/// <summary>The referring GP practice, and who wrote on its behalf.</summary>
/// <param name="Agb">The practice's AGB code: the one the referral is made under.</param>
/// <param name="Name">The practice's (or the GP's) name.</param>
/// <param name="AuthorRole"><c>gp</c>, or <c>poh</c> for a POH-GGZ referring on the GP's behalf (Roles.Gp, Roles.Poh).</param>
/// <param name="AuthorName">The author's name, when known.</param>
/// <param name="Address">Work address from the directory, when known.</param>
/// <param name="Phone">Work phone from the directory, when known.</param>
/// <param name="Email">Work e-mail from the directory, when known.</param>
public sealed record PracticeDetails(
    string Agb,
    string Name,
    string AuthorRole,
    string? AuthorName = null,
    string? Address = null,
    string? Phone = null,
    string? Email = null);

/// <summary>The receiving organisation, as the directory has it.</summary>
/// <param name="Agb">Its AGB code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Address">Address (or city) from the directory, when known.</param>
/// <param name="Phone">Phone from the directory, when known.</param>
/// <param name="Email">E-mail from the directory, when known.</param>
public sealed record ReceiverDetails(string Agb, string Name, string? Address = null, string? Phone = null, string? Email = null);

/// <summary>The person referred.</summary>
/// <param name="Name">Full name.</param>
/// <param name="Bsn">Burgerservicenummer.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="MunicipalityCode">CBS code of the municipality of residence (the letter shows it).</param>
/// <param name="Uzovi">UZOVI code of the insurer, for adult GGZ (the letter shows it).</param>
public sealed record PatientDetails(string Name, string Bsn, DateOnly BirthDate, string? MunicipalityCode = null, string? Uzovi = null);

/// <summary>The referral letter, as the GP files it.</summary>
/// <param name="ReferralId">The referral's id, printed on every page.</param>
/// <param name="Registered">The (Amsterdam) date the referral was registered.</param>
/// <param name="Practice">The referring practice.</param>
/// <param name="Receiver">The receiving organisation; null while the referral waits, not yet addressed, in the regional intake pool.</param>
/// <param name="Subject">The person referred.</param>
/// <param name="Domain"><c>youth</c> (Jeugdwet) or <c>adult</c> (Zvw).</param>
/// <param name="CareLevel">For adult GGZ: <c>basic</c> or <c>specialised</c>.</param>
/// <param name="Reason">Why the person is referred; any length, it flows onto further pages.</param>
/// <param name="SuspectedDsmCode">The suspected DSM-5 classification's ICD-10-CM code only: the DSM's text is not printed.</param>
/// <param name="Urgent">Whether the referral is urgent.</param>
/// <param name="UrgentReason">Why it is urgent.</param>
public sealed record ReferralLetter(
    Guid ReferralId,
    DateOnly Registered,
    PracticeDetails Practice,
    ReceiverDetails? Receiver,
    PatientDetails Subject,
    string Domain,
    string? CareLevel,
    string Reason,
    string? SuspectedDsmCode,
    bool Urgent,
    string? UrgentReason = null);

/// <summary>Who closed the referral's treatment.</summary>
/// <param name="Name">The clinician's name.</param>
/// <param name="Role">Their role or profession, e.g. GZ-psycholoog.</param>
public sealed record ClosedBy(string Name, string Role);

/// <summary>The closure summary the receiver sends back to the referring practice, as the GP files it.</summary>
/// <param name="ReferralId">The referral's id, printed on every page.</param>
/// <param name="Practice">The referring practice: the summary's addressee.</param>
/// <param name="Receiver">The organisation that treated: the summary's sender.</param>
/// <param name="Subject">The person referred (name, BSN, date of birth are printed).</param>
/// <param name="Registered">The day the Treeknorm clock started: the registration (or, after a redirect, the redirect).</param>
/// <param name="Intake">The day of the intake; null when none took place.</param>
/// <param name="TreatmentStart">The day treatment started; null when it did not.</param>
/// <param name="Closed">The day the referral was closed.</param>
/// <param name="ClosedBy">Who closed it.</param>
/// <param name="Summary">The summary text; any length, it flows onto further pages.</param>
public sealed record ClosureSummaryDocument(
    Guid ReferralId,
    PracticeDetails Practice,
    ReceiverDetails Receiver,
    PatientDetails Subject,
    DateOnly Registered,
    DateOnly? Intake,
    DateOnly? TreatmentStart,
    DateOnly Closed,
    ClosedBy ClosedBy,
    string Summary);

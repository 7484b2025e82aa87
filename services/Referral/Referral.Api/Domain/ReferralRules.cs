namespace Referral.Api.Domain;

/// <summary>
/// Every rule the referral service refuses by name: the id a problem's <c>rule</c> member carries
/// (and its <c>type</c> ends with), and in <see cref="All"/> what each requires.
/// </summary>
public static class ReferralRules
{
    /// <summary>An adult GGZ referral states its care level.</summary>
    public const string AdultCareLevel = "adult-ggz-care-level";

    /// <summary>A suspected DSM-5 classification carries a known code.</summary>
    public const string DsmCodeUnknown = "dsm-code-unknown";

    /// <summary>An intake does not lie before the referral.</summary>
    public const string IntakeBeforeReferral = "intake-before-referral";

    /// <summary>Treatment starts after an intake that was held.</summary>
    public const string IntakeNotHeld = "intake-not-held";

    /// <summary>Treatment does not start before the intake.</summary>
    public const string TreatmentBeforeIntake = "treatment-before-intake";

    /// <summary>A referral is redirected to another organisation than the one that has it.</summary>
    public const string RedirectToSameReceiver = "redirect-to-same-receiver";

    /// <summary>Every rule of the referral service by its id, with what it requires in one sentence.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [AdultCareLevel] = "A referral to adult GGZ (Zvw) states whether it is to basic or specialised GGZ.",
        [DsmCodeUnknown] = "A suspected DSM-5 classification carries a code on the platform's list of ICD-10-CM codes.",
        [IntakeBeforeReferral] = "An intake, planned or held, lies on or after the day the referral was registered.",
        [IntakeNotHeld] = "Treatment is recorded as started only after the intake has been recorded as held.",
        [TreatmentBeforeIntake] = "Treatment starts on or after the day of the intake.",
        [RedirectToSameReceiver] = "A referral is redirected to another organisation than the one that has it.",
    };
}

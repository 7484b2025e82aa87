using Coordination.ServiceDefaults.Outcomes;

namespace Referral.Api.Domain;

/// <summary>
/// The rules a valid referral must still pass before it is stored (domain.md, "Referral"): the
/// domain's own rules, then who may refer it. Pure: the caller passes the referrer's AGB claim.
/// </summary>
public static class ReferralSubmission
{
    /// <summary>iJw COD327 referrer type 02: general practitioner (a POH-GGZ refers on the GP's behalf).</summary>
    public const string GpReferrerType = "02";

    /// <summary>
    /// Why <paramref name="referral"/> may not be stored by a referrer whose AGB code is
    /// <paramref name="callerAgb"/>, or null when it may: an adult GGZ referral states its care level;
    /// a suspected disorder's code is known; the referrer refers under their own AGB code, as a GP.
    /// </summary>
    public static Refusal? Check(ValidReferral referral, string? callerAgb)
    {
        ArgumentNullException.ThrowIfNull(referral);

        // domain.md: an adult GGZ referral states whether it is to basic or specialised GGZ.
        if (referral.Domain == ReferralValidator.Adult && referral.CareLevel is null)
        {
            return Refusal.Broken(ReferralRules.AdultCareLevel, "An adult GGZ referral states its care level.", "careLevel")
                .Because("A referral to adult GGZ (Zvw) must say whether it is to basic GGZ (generalistische basis-ggz) or specialised GGZ (specialistische ggz): careLevel basic or specialised.");
        }

        // domain.md: unknown codes are refused. The list is partial (docs/dsm-codes.md); a code it lacks is refused by name.
        if (referral.SuspectedDsm is { } dsm && DsmCodeRule.Check(dsm.Code) is { } unknown)
        {
            return Refusal.Broken(ReferralRules.DsmCodeUnknown, "The suspected disorder's code is not known.", DsmCodeRule.Field).Because(unknown);
        }

        if (referral.ReferrerAgb != callerAgb)
        {
            return Refusal.Forbidden("You may refer only under your own AGB code (a POH-GGZ: the GP's).");
        }

        // The referrer type decides the youth route's paperwork, so nobody refers in another capacity.
        return referral.ReferrerType != GpReferrerType
            ? Refusal.Forbidden($"A GP or POH-GGZ refers as referrer type {GpReferrerType} (GP), not {referral.ReferrerType}.")
            : null;
    }
}

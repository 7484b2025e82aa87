using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>The referrer's steps on their own referral: cancel it until treatment starts, supplement it until closure.</summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The referrer's steps (<c>POST /{id}/cancel</c>, <c>POST /{id}/supplement</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapReferrerSteps(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        MapStep<StepReason>(referrals, ReferralLifecycle.Cancel, "The referrer cancels the referral, with a reason, until treatment starts.", (b, _) => ReferralStepValidator.Reason(ReferralLifecycle.Cancel, b!));
        MapStep<SupplementInput>(referrals, ReferralLifecycle.Supplement, "The referrer supplements the referral (text and attachments' metadata, with a reason) until closure; the receiver sees it.",
            (b, _) => ReferralStepValidator.Supplement(b!));
        return referrals;
    }
}

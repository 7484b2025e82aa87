using Coordination.ServiceDefaults.Http;

namespace Referral.Api.Endpoints;

/// <summary>The referral service's API: its route groups, each made once, and the features mapped on them.</summary>
public static class ReferralApi
{
    /// <summary>
    /// Maps <c>/api/referrals</c> (referring and reading, the worklists and the pool, the claim, the
    /// referrer's feed, the Treeknorm figures, the lifecycle's steps, the PDF documents) and
    /// <c>/api/directory</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapReferralApi(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapApiGroup("/api/referrals").WithTags("Referrals");
        ReferralEndpoints.MapReferrals(referrals);
        ReferralLifecycleEndpoints.MapWorklists(referrals);
        ReferralLifecycleEndpoints.MapClaim(referrals);
        ReferralLifecycleEndpoints.MapFeed(referrals);
        ReferralLifecycleEndpoints.MapFigures(referrals);
        ReferralLifecycleEndpoints.MapReceiverSteps(referrals);
        ReferralLifecycleEndpoints.MapReferrerSteps(referrals);
        ReferralDocumentEndpoints.MapDocuments(referrals);

        var directory = app.MapApiGroup("/api/directory").WithTags("Directory");
        DirectoryEndpoints.MapDirectory(directory);
        return app;
    }
}

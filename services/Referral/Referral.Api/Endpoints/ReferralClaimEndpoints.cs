using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;

namespace Referral.Api.Endpoints;

/// <summary>A clinician claims a referral from the regional intake pool: their organisation receives it; the first claim wins.</summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The claim (<c>POST /{id}/claim</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapClaim(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapPost("/{id:guid}/claim", ClaimAsync)
            .WithName("ClaimReferral")
            .WithSummary("A clinician claims a referral from the pool: their organisation receives it. The first claim wins; a later one is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return referrals;
    }

    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> ClaimAsync(
        Guid id, HttpContext http, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, ProfessionalDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        var entry = access.Allowed(http.User, AuditAction.Update, "referral-claim", "Referral", id.ToString());
        var org = viewer.Org;
        // The organisation's name as the directory knows it; an organisation not (yet) in it is named by its code.
        var name = org is null ? string.Empty : (await directory.FindAsync(org, ct))?.Name ?? $"AGB {org}";
        var result = await steps.ClaimAsync(id, viewer, ActorOf(http), name, entry, ct);
        return await AnswerAsync(result, http, viewer, store, AmsterdamTime.Today(time), ct);
    }
}

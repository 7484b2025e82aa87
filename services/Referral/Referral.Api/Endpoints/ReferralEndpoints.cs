using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>Referring: a GP or POH-GGZ submits a referral; its parties read it with its timeline, clocks and the steps they may take.</summary>
public static class ReferralEndpoints
{
    /// <summary>Submitting (<c>POST /</c>) and reading (<c>GET /{id}</c>) a referral on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapReferrals(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapPost("/", SubmitAsync)
            .WithName("SubmitReferral")
            .WithSummary("A GP or POH-GGZ refers one family member to youth or adult GGZ.")
            .WithDescription("Validates BSN (eleven-test), AGB, municipality and UZOVI codes and the domain's rules, stores the referral "
                + "and tells the family plan and the funding route. The referrer refers under their own AGB code as referrer type 02.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        referrals.MapGet("/{id:guid}", GetAsync)
            .WithName("GetReferral")
            .WithSummary("A referral with its timeline (closed loop), its waiting-time clocks (Treeknorm) and the steps the reader may take; the ETag is its version.")
            .WithDescription("The referrer (a GP, or a POH-GGZ under the GP's AGB code) follows it; a clinician of the organisation it is addressed to, "
                + "in its domain, receives it (a referral to the practice's own POH-GGZ: a POH of that practice); to anyone else it does not exist (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return referrals;
    }

    private static async Task<Results<Created<ReferralCreated>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        ReferralRequest request, HttpContext http, ReferralStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(Roles.Referrers))
        {
            return Refusal.Forbidden("Only a GP or a POH-GGZ may refer.").ToProblem();
        }

        var (referral, errors) = ReferralValidator.Validate(request, AmsterdamTime.Today(time));
        if (referral is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The referral is invalid.");
        }

        // The domain's rules (care level, a known DSM code), then who refers it: under their own AGB code, as a GP.
        if (ReferralSubmission.Check(referral, user.Claim(ClaimNames.Agb)) is { } refusal)
        {
            return refusal.ToProblem();
        }

        // The referrer refers their own patient: the treatment relationship is the referral itself.
        var entry = access.Allowed(user, AuditAction.Create, "referral", "Referral", objectId: null) with
        {
            CheckTreatmentRelationship = CheckResult.Passed,
        };
        var stored = await store.SubmitAsync(referral, entry, ct);
        return TypedResults.Created($"/api/referrals/{stored.Id}",
            new ReferralCreated(stored.Id, stored.FamilyId, stored.Status, new DateTimeOffset(stored.SubmittedAt)));
    }

    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, ReferralStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var referral = await store.FindAsync(id, ct);
        // The referrer follows it; its receiver works on it. To anyone else it does not exist.
        var standing = referral is null ? new ReferralStanding(false, false) : ReferralAccess.Of(ReferralLifecycleEndpoints.ViewerOf(http), referral.Parties);
        // A refused look at an existing referral is logged against its client too: they may see who tried.
        await access.WriteAsync(
            access.Of(http.User, AuditAction.Read, standing.Sees, standing.Purpose, "Referral", id.ToString(), referral?.SubjectBsn) with
            {
                CheckTreatmentRelationship = standing.Referrer ? CheckResult.Passed : standing.Receiver ? CheckResult.NotApplicable : CheckResult.Failed,
            },
            ct);
        if (!standing.Sees)
        {
            return ReferralStepRules.NoSuchReferral.ToProblem();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(referral!.Version);
        var timeline = await store.TimelineAsync(id, ct);
        return TypedResults.Ok(FollowedReferral.Of(referral, timeline, standing, AmsterdamTime.Today(time)));
    }
}

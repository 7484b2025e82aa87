using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

public static class ReferralEndpoints
{
    /// <summary>iJw COD327 referrer type 02: general practitioner (a POH-GGZ refers on the GP's behalf).</summary>
    public const string GpReferrerType = "02";

    /// <summary>The rule an adult referral without a care level breaks.</summary>
    public const string AdultCareLevelRule = "adult-ggz-care-level";

    public static IEndpointRouteBuilder MapReferralEndpoints(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals");
        referrals.MapPost("/", SubmitAsync)
            .WithName("SubmitReferral")
            .WithSummary("A GP or POH-GGZ refers one family member to youth or adult GGZ.")
            .WithDescription("Validates BSN (eleven-test), AGB, municipality and UZOVI codes and the domain's rules, stores the referral "
                + "and tells the family plan and the funding route. The referrer refers under their own AGB code as referrer type 02.")
            .Accepts<ReferralRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        referrals.MapGet("/{id:guid}", GetAsync)
            .WithName("GetReferral")
            .WithSummary("A referral with its timeline (closed loop), its waiting-time clocks (Treeknorm) and the steps the reader may take; the ETag is its version.")
            .WithDescription("The referrer (a GP, or a POH-GGZ under the GP's AGB code) follows it; a clinician of the organisation it is addressed to, "
                + "in its domain, receives it (a referral to the practice's own POH-GGZ: a POH of that practice); to anyone else it does not exist (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ReferralCreated>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext http, ReferralStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(Roles.Referrers))
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a GP or a POH-GGZ may refer.");
        }

        var (request, problem) = await JsonBody.ReadAsync<ReferralRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (referral, errors) = ReferralValidator.Validate(request!, AmsterdamTime.Today(time));
        if (referral is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The referral is invalid.");
        }

        // domain.md: an adult GGZ referral states whether it is to basic or specialised GGZ.
        if (referral.Domain == ReferralValidator.Adult && referral.CareLevel is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "An adult GGZ referral states its care level.",
                detail: "A referral to adult GGZ (Zvw) must say whether it is to basic GGZ (generalistische basis-ggz) or specialised GGZ (specialistische ggz): careLevel basic or specialised.",
                extensions: new Dictionary<string, object?> { ["rule"] = AdultCareLevelRule, ["field"] = "careLevel" });
        }

        // domain.md: unknown codes are refused. The list is partial (docs/dsm-codes.md); a code it lacks is refused by name.
        if (referral.SuspectedDsm is { } dsm && DsmCodeRule.Check(dsm.Code) is { } unknown)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The suspected disorder's code is not known.",
                detail: unknown, extensions: new Dictionary<string, object?> { ["rule"] = DsmCodeRule.RuleId, ["field"] = DsmCodeRule.Field });
        }

        if (referral.ReferrerAgb != user.Claim(ClaimNames.Agb))
        {
            return Problem(StatusCodes.Status403Forbidden, "You may refer only under your own AGB code (a POH-GGZ: the GP's).");
        }

        // The referrer type decides the youth route's paperwork, so nobody refers in another capacity.
        if (referral.ReferrerType != GpReferrerType)
        {
            return Problem(StatusCodes.Status403Forbidden, $"A GP or POH-GGZ refers as referrer type {GpReferrerType} (GP), not {referral.ReferrerType}.");
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
            return Problem(StatusCodes.Status404NotFound, "No such referral.");
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(referral!.Version);
        var timeline = await store.TimelineAsync(id, ct);
        return TypedResults.Ok(FollowedReferral.Of(referral, timeline, standing, AmsterdamTime.Today(time)));
    }

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);
}

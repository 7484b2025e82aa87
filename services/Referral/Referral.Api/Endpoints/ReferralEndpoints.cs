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
            .WithSummary("The referrer reads a referral, its status (closed loop) and its waiting-time clock (Treeknorm).")
            .WithDescription("The referrer who sent it follows it; a clinician of the organisation it is addressed to, in its domain, receives it; "
                + "to anyone else it does not exist (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<ReferralCreated>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext http, ReferralStore store, RequestLimits limits, TimeProvider time, CancellationToken ct)
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
        var access = user.AuditEntry(AuditAction.Create, allowed: true, "referral", "Referral", objectId: null, ReferralStore.SourceSystem) with
        {
            CheckTreatmentRelationship = CheckResult.Passed,
        };
        var stored = await store.SubmitAsync(referral, access, ct);
        return TypedResults.Created($"/api/referrals/{stored.Id}",
            new ReferralCreated(stored.Id, stored.FamilyId, stored.Status, new DateTimeOffset(stored.SubmittedAt)));
    }

    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, ReferralStore store, TimeProvider time, CancellationToken ct)
    {
        var user = http.User;
        var referral = await store.FindAsync(id, ct);
        // The referrer follows it; a clinician of the organisation it is addressed to, in its domain, receives it.
        // To anyone else it does not exist.
        var referrer = referral is not null && user.HasRole(Roles.Referrers) && user.Claim(ClaimNames.Agb) == referral.ReferrerAgb;
        var receiver = referral is not null && user.Role() == Roles.Clinician && referral.ReceiverAgb is not null
            && user.Claim(ClaimNames.Org) == referral.ReceiverAgb && user.Claim(ClaimNames.Domain) == referral.Domain;
        var allowed = referrer || receiver;
        await store.AuditAsync(
            user.AuditEntry(AuditAction.Read, allowed, receiver ? "referral-intake" : "referral-follow-up", "Referral", id.ToString(), ReferralStore.SourceSystem) with
            {
                // A refused look at an existing referral is logged against its client too: they may see who tried.
                ClientBsn = referral?.SubjectBsn,
                CheckTreatmentRelationship = referrer ? CheckResult.Passed : receiver ? CheckResult.NotApplicable : CheckResult.Failed,
            },
            ct);
        return allowed ? TypedResults.Ok(FollowedReferral.Of(referral!, AmsterdamTime.Today(time))) : Problem(StatusCodes.Status404NotFound, "No such referral.");
    }

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);
}

/// <summary>A referral as its referrer reads it, with the waiting-time clocks as of today (Amsterdam).</summary>
/// <param name="Id">The referral.</param>
/// <param name="FamilyId">The family it joined.</param>
/// <param name="SubjectBsn">The person referred.</param>
/// <param name="SubjectName">Their name.</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c>.</param>
/// <param name="Reason">Why, in the referrer's words.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ReferrerAgb">The referrer's AGB code.</param>
/// <param name="ReferrerName">The referrer's name.</param>
/// <param name="SuspectedDsmCode">For adult care: the suspected disorder's code.</param>
/// <param name="Urgent">Whether the referrer marked it urgent.</param>
/// <param name="UrgentReason">Why, when urgent.</param>
/// <param name="ReceiverAgb">The receiving organisation's AGB code, when the referral names one.</param>
/// <param name="ReceiverName">Its name.</param>
/// <param name="SubmittedAt">When it was registered.</param>
/// <param name="Clocks">The Treeknorm clocks: registration to intake (28 days) and, once the intake took place, intake to treatment (70 days).</param>
public sealed record FollowedReferral(
    Guid Id, Guid FamilyId, string SubjectBsn, string SubjectName, string Domain, string Reason, string Status, string ReferrerAgb,
    string? ReferrerName, string? SuspectedDsmCode, bool Urgent, string? UrgentReason, string? ReceiverAgb, string? ReceiverName,
    DateTime SubmittedAt, IReadOnlyList<NormClock> Clocks)
{
    /// <summary>The view of <paramref name="row"/> on <paramref name="today"/>.</summary>
    public static FollowedReferral Of(ReferralRow row, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        // Intake and treatment dates come with the receiver's steps; until then only the first clock runs.
        var registered = AmsterdamTime.DateOf(new DateTimeOffset(row.SubmittedAt, TimeSpan.Zero));
        var intake = WaitingTimeNorms.IntakeClock(registered, intake: null, plannedIntake: null, today);
        return new FollowedReferral(row.Id, row.FamilyId, row.SubjectBsn, row.SubjectName, row.Domain, row.Reason, row.Status, row.ReferrerAgb,
            row.ReferrerName, row.SuspectedDsmCode, row.Urgent, row.UrgentReason, row.ReceiverAgb, row.ReceiverName, row.SubmittedAt, [intake]);
    }
}

using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>
/// The lifecycle's steps, each a POST with If-Match: the receiving organisation's (triage, accept,
/// reject, redirect, schedule the intake, start treatment, close) here; the referrer's in
/// <c>ReferralReferrerStepEndpoints.cs</c>.
/// </summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The receiving organisation's steps (<c>POST /{id}/{step}</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapReceiverSteps(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        MapStep<StepNote>(referrals, ReferralLifecycle.Triage, "The receiver triages the referral.", (b, _) => ReferralStepValidator.Note(ReferralLifecycle.Triage, b), optionalBody: true);
        MapStep<StepNote>(referrals, ReferralLifecycle.Accept, "The receiver accepts the referral: the accepting professional joins the family's care team.",
            (b, _) => ReferralStepValidator.Note(ReferralLifecycle.Accept, b), optionalBody: true);
        MapStep<StepReason>(referrals, ReferralLifecycle.Reject, "The receiver rejects the referral, with a reason for the referrer.", (b, _) => ReferralStepValidator.Reason(ReferralLifecycle.Reject, b!));
        MapStep<RedirectInput>(referrals, ReferralLifecycle.Redirect, "The receiver sends the referral on to another organisation, with a reason; that organisation's clock starts.",
            (b, _) => ReferralStepValidator.Redirect(b!), rules: true);
        MapStep<IntakeInput>(referrals, ReferralLifecycle.ScheduleIntake, "The receiver plans the intake, or records the day it took place (which stops the registration-to-intake clock).",
            (b, today) => ReferralStepValidator.Intake(b!, today), rules: true);
        MapStep<TreatmentStartInput>(referrals, ReferralLifecycle.StartTreatment, "The receiver records the day treatment started (which stops the intake-to-treatment clock).",
            (b, today) => ReferralStepValidator.TreatmentStart(b!, today), rules: true);
        MapStep<ClosureInput>(referrals, ReferralLifecycle.Close, "The receiver closes the referral with a summary the referrer reads.", (b, _) => ReferralStepValidator.Closure(b!));
        return referrals;
    }

    private static void MapStep<TBody>(
        RouteGroupBuilder group, ReferralStep step, string summary,
        Func<TBody?, DateOnly, (StepChange? Change, Dictionary<string, string[]> Errors)> validate, bool optionalBody = false, bool rules = false)
        where TBody : class
    {
        var name = string.Concat(step.Name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var route = $"/{{id:guid}}/{step.Name}";
        // The framework binds the body: a step whose body is optional takes a nullable one, so an empty body is no body.
        var endpoint = (optionalBody
                ? group.MapPost(route, (Guid id, TBody? body, HttpContext http, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct) =>
                    TakeStepAsync(id, body, http, step, validate, steps, store, access, time, ct))
                : group.MapPost(route, (Guid id, TBody body, HttpContext http, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct) =>
                    TakeStepAsync(id, body, http, step, validate, steps, store, access, time, ct)))
            .WithName($"{name}Referral")
            .WithSummary(summary)
            .WithDescription($"Send the referral's ETag in If-Match. Taken by {ReferralStepRules.NameOf(step.Party)}; "
                + "409 lists the steps allowed from the referral's status" + (rules ? "; 422 names a broken rule." : "."))
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        if (rules)
        {
            endpoint.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<Results<Ok<FollowedReferral>, ValidationProblem, ProblemHttpResult>> TakeStepAsync<TBody>(
        Guid id, TBody? body, HttpContext http, ReferralStep step, Func<TBody?, DateOnly, (StepChange? Change, Dictionary<string, string[]> Errors)> validate,
        ReferralStepStore steps, ReferralStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
        where TBody : class
    {
        var user = http.User;
        if (!user.HasRole(Professionals))
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "referral-step", "Referral", id.ToString()), ct);
            return Refusal.Forbidden("Only the referrer and the receiving organisation change a referral.").ToProblem();
        }

        var today = AmsterdamTime.Today(time);
        var (change, errors) = validate(body, today);
        if (change is null)
        {
            return TypedResults.ValidationProblem(errors, title: $"The {step.Name} step is invalid.");
        }

        var viewer = ViewerOf(http);
        var entry = access.Allowed(user, AuditAction.Update, "referral-" + step.Name, "Referral", id.ToString());
        var result = await steps.TakeAsync(id, viewer, ActorOf(http), entry, change, IfMatch.Read(http.Request), ct);
        return (await AnswerAsync(result, http, viewer, store, today, ct)).Result switch
        {
            Ok<FollowedReferral> ok => ok,
            var problem => (ProblemHttpResult)problem,
        };
    }

    /// <summary>
    /// The answer to a step or a claim: the referral as it is now, with its ETag; or the refusal's
    /// problem, with the current ETag when the version sent was missing or stale.
    /// </summary>
    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> AnswerAsync(
        StepResult result, HttpContext http, ReferralViewer viewer, ReferralStore store, DateOnly today, CancellationToken ct)
    {
        if (result.Version is { } version)
        {
            http.Response.Headers.ETag = IfMatch.ETagOf(version);
        }

        if (result.Refusal is { } refusal)
        {
            return refusal.ToProblem();
        }

        var row = result.Referral!;
        var timeline = await store.TimelineAsync(row.Id, ct);
        return TypedResults.Ok(FollowedReferral.Of(row, timeline, ReferralAccess.Of(viewer, row.Parties), today));
    }
}

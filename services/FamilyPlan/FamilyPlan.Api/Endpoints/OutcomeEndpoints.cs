using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

public sealed record OutcomeRequest(
    [Required, Description("The member measured, by member id.")] Guid? MemberId,
    [Required, StringLength(100, MinimumLength = 1), Description("The instrument, by its id in GET /api/families/outcome-instruments.")] string? InstrumentId,
    [Required, Description("The score, within the instrument's range, at most two decimals.")] decimal? Score,
    [Required, Description("The day it was measured (Amsterdam): not in the future, not before the member's birth.")] DateOnly? MeasuredOn);

/// <summary>A recorded measurement, as its recorder reads it back.</summary>
public sealed record RecordedOutcome(Guid Id, Guid MemberId, string InstrumentId, decimal Score, DateOnly MeasuredOn, OutcomeRecorder RecordedBy);

/// <summary>
/// Outcomes across the family (issue 9): the instruments (data), and a measurement recorded by a
/// professional who treats the member. The plan shows the trajectories of the members the viewer sees.
/// </summary>
public static class OutcomeEndpoints
{
    /// <summary>The outcome routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapOutcomeEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapGet("/outcome-instruments", () => TypedResults.Ok(OutcomeInstruments.All))
            .WithName("ListOutcomeInstruments")
            .WithSummary("The outcome instruments the plan records: name, what it measures, who fills it in, score range, direction and, where well established, a cut-off. Names and ranges only.");
        families.MapPost("/{familyId:guid}/outcomes", RecordAsync)
            .WithName("RecordOutcome")
            .WithSummary("A professional who treats the member records an outcome measurement: instrument, score, date.")
            .WithDescription("Someone on the care team who does not treat the member: 403. Anyone else, or a member not in the family: 404. "
                + "An unknown instrument, a score outside its range or with more than two decimals, a date in the future or before the member's birth: 400 naming the field and rule.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        return families;
    }

    private static async Task<Results<Created<RecordedOutcome>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        Guid familyId, OutcomeRequest request, HttpContext http, PlanStore plans, OutcomeStore outcomes, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var user = http.User;
        var missing = new Dictionary<string, string[]>();
        if (request.MemberId is null)
        {
            missing["memberId"] = ["The member is required."];
        }

        if (request.Score is null)
        {
            missing["score"] = ["The score is required."];
        }

        if (request.MeasuredOn is null)
        {
            missing["measuredOn"] = ["The day measured is required."];
        }

        if (missing.Count > 0)
        {
            return TypedResults.ValidationProblem(missing, title: "The outcome is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var (refusal, bsn) = CareTeam.MayWritePart(facts, FamilyEndpoints.ViewerOf(user), request.MemberId);
        var entry = access.Allowed(user, AuditAction.Create, "family-plan", "OutcomeMeasurement", objectId: null, bsn);
        if (refusal is not null)
        {
            // A 403 is a professional on the team who does not treat the member; a 404, anyone else.
            var onTeam = refusal.Kind == RefusalKind.Forbidden;
            await access.WriteAsync(entry with
            {
                Outcome = "denied",
                CheckAuthorisation = onTeam ? CheckResult.Passed : CheckResult.Failed,
                CheckTreatmentRelationship = onTeam ? CheckResult.Failed : entry.CheckTreatmentRelationship,
            }, ct);
            return refusal.ToProblem();
        }

        var birthDate = facts!.Members.Where(m => m.Bsn == bsn).MaxBy(m => m.StatedAt)?.BirthDate;
        var check = OutcomeRules.Validate(request.InstrumentId, request.Score!.Value, request.MeasuredOn!.Value, AmsterdamTime.Today(time), birthDate);
        if (check.Valid is not { } valid)
        {
            return TypedResults.ValidationProblem(check.ErrorsByField(), title: "The outcome is invalid.");
        }

        var by = new OutcomeRecorder(user.Id(), FamilyEndpoints.NameOf(user), user.Role());
        var id = await outcomes.RecordAsync(familyId, request.MemberId!.Value, valid, by,
            entry with { CheckAuthorisation = CheckResult.Passed, CheckTreatmentRelationship = CheckResult.Passed }, ct);
        return TypedResults.Created($"/api/families/{familyId}/plan",
            new RecordedOutcome(id, request.MemberId.Value, valid.Instrument.Id, valid.Score, valid.MeasuredOn, by));
    }
}

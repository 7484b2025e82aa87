using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>
/// The plan's interventions (issue 9): planned care for a member (by a professional who treats
/// them) or for the family (by anyone on the team), with a responsible team member, start, planned
/// sessions and status. Each plan and change is announced to the funding route service, whose
/// answer the plan shows beside the intervention.
/// </summary>
public static class InterventionEndpoints
{
    /// <summary>The most members who take part in the family's intervention.</summary>
    public const int MaxParticipants = 20;

    /// <summary>The intervention routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapInterventionEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapPost("/{familyId:guid}/interventions", CreateAsync)
            .WithName("PlanIntervention")
            .WithSummary("A team member plans an intervention: for a member they treat, or for the family with the members taking part.")
            .WithDescription("An intervention for a relative who is not a client is refused (422, rule member-not-a-relative). "
                + "The funding route service is told, and its answer shows beside the intervention in the plan.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        families.MapPatch("/{familyId:guid}/interventions/{interventionId:guid}", UpdateAsync)
            .WithName("UpdatePlanIntervention")
            .WithSummary("A team member changes an intervention: its status (planned, active, ended, cancelled), dates, sessions or responsible member.")
            .WithDescription("A member's intervention is changed by a professional who treats the member, or by its responsible member; the family's by anyone "
                + "on the team. Send the intervention's ETag in If-Match. A status the current one does not lead to is 409 naming the allowed ones.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return families;
    }

    private static async Task<Results<Created<InterventionView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid familyId, InterventionRequest request, HttpContext http, PlanStore plans, InterventionStore interventions, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        if (request.Kind is null || !InterventionKinds.All.Contains(request.Kind))
        {
            errors["kind"] = [$"Use one of: {string.Join(", ", InterventionKinds.All)}."];
        }

        var title = TextFields.Bounded(request.Title, "title", 200, required: true, errors);
        var description = TextFields.Bounded(request.Description, "description", 2000, required: false, errors);
        var responsible = TextFields.Bounded(request.ResponsibleUserId, "responsibleUserId", 200, required: true, errors);
        PlanParts.CheckDate(request.StartOn, "startOn", today.AddYears(-1), today.AddYears(3), "An intervention starts from a year ago up to three years ahead.", required: true, errors);
        CheckEnd(request.StartOn, request.EndOn, errors);
        CheckSessions(request.PlannedSessions, errors);
        var participants = (request.ParticipantIds ?? []).Distinct().ToList();
        if (request.MemberId is not null && participants.Count > 0)
        {
            errors["participantIds"] = ["Participants are named for the family's intervention; a member's is the member's."];
        }
        else if (participants.Count > MaxParticipants)
        {
            errors["participantIds"] = [$"At most {MaxParticipants} participants."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The intervention is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var viewer = FamilyEndpoints.ViewerOf(http.User);
        var (refusal, bsn) = PlanPartRules.MayPlanIntervention(facts, viewer, request.MemberId, participants);
        var entry = access.Allowed(http.User, AuditAction.Create, "family-plan", "PlanIntervention", familyId.ToString(), bsn);
        if (refusal is not null)
        {
            await access.DeniedAsync(entry, ct);
            return refusal.ToProblem();
        }

        if (CareTeam.Person(facts!, viewer, FamilyEndpoints.NameOf(http.User), responsible!) is not { } person)
        {
            await access.WriteAsync(entry with { Outcome = "denied" }, ct);
            return PlanPartRules.ResponsibleNotOnTeam.ToProblem();
        }

        var intervention = new InterventionState(Guid.NewGuid(), request.MemberId, request.MemberId is { } m ? [m] : participants, request.Kind!, title!, description,
            person, request.StartOn!.Value, request.EndOn, request.PlannedSessions, InterventionStatuses.Planned);
        await interventions.CreateAsync(familyId, intervention, entry with { ObjectId = intervention.Id.ToString() },
            Change(http, intervention, "added", null), ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(1);
        return TypedResults.Created($"/api/families/{familyId}/plan", View(intervention, 1));
    }

    private static async Task<Results<Ok<InterventionView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid familyId, Guid interventionId, InterventionUpdate request, HttpContext http, PlanStore plans, InterventionStore interventions, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        var title = TextFields.Bounded(request.Title, "title", 200, required: false, errors);
        var description = TextFields.Bounded(request.Description, "description", 2000, required: false, errors);
        var responsible = TextFields.Bounded(request.ResponsibleUserId, "responsibleUserId", 200, required: false, errors);
        PlanParts.CheckDate(request.StartOn, "startOn", today.AddYears(-1), today.AddYears(3), "An intervention starts from a year ago up to three years ahead.", required: false, errors);
        CheckSessions(request.PlannedSessions, errors);
        if (request.Status is not null && !InterventionStatuses.All.Contains(request.Status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", InterventionStatuses.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The change is invalid.");
        }

        var (current, facts, entry, ifMatch, refused) = await PlanParts.ChangingAsync(http, plans, access, familyId, interventionId, "PlanIntervention", "intervention",
            c => plans.FindInterventionAsync(familyId, interventionId, c), i => (i.MemberId, i.ResponsibleUserId, i.Version), NotFound, ct);
        if (refused is not null)
        {
            return refused;
        }

        var status = request.Status ?? current!.Status;
        if (InterventionStatuses.MayMove(current!.Status, status) is { } order)
        {
            return order.ToProblem();
        }

        var startOn = request.StartOn ?? current.StartOn;
        var endOn = request.EndOn ?? current.EndOn ?? (status == InterventionStatuses.Ended ? today : null);
        CheckEnd(startOn, endOn, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The change is invalid.");
        }

        var person = new TeamPerson(current.ResponsibleUserId, current.ResponsibleName, current.ResponsibleRole, current.ResponsibleOrg, current.ResponsibleDomain);
        if (responsible is not null)
        {
            if (CareTeam.Person(facts!, FamilyEndpoints.ViewerOf(http.User), FamilyEndpoints.NameOf(http.User), responsible) is not { } named)
            {
                await access.WriteAsync(entry with { Outcome = "denied" }, ct);
                return PlanPartRules.ResponsibleNotOnTeam.ToProblem();
            }

            person = named;
        }

        var next = new InterventionState(current.Id, current.MemberId, current.Participants, current.Kind, title ?? current.Title, description ?? current.Description,
            person, startOn, endOn, request.PlannedSessions ?? current.PlannedSessions, status);
        var fields = Changed(current, next);
        if (!ifMatch.Matches(IfMatch.ETagOf(current.Version)) || !await interventions.UpdateAsync(familyId, next, current.Version, entry, Change(http, next, "changed", fields), ct))
        {
            return PlanPartRules.Stale("intervention").ToProblem();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(current.Version + 1);
        return TypedResults.Ok(View(next, current.Version + 1) with { Funding = InterventionView.Of(current).Funding });
    }

    private static PlanChange Change(HttpContext http, InterventionState i, string change, IReadOnlyList<string>? fields) =>
        new(http.User.Id(), FamilyEndpoints.NameOf(http.User), i.MemberId, "intervention", i.Id.ToString(), change, fields);

    private static InterventionView View(InterventionState i, int version) => new(i.Id, i.MemberId, i.ParticipantIds, i.Kind, i.Title, i.Description,
        i.Responsible.UserId, i.Responsible.Name, i.StartOn, i.EndOn, i.PlannedSessions, i.Status, version, null);

    private static List<string> Changed(FamilyFacts.InterventionRow a, InterventionState b) => PlanParts.Changed(
        ("title", a.Title != b.Title), ("description", a.Description != b.Description), ("responsibleUserId", a.ResponsibleUserId != b.Responsible.UserId),
        ("startOn", a.StartOn != b.StartOn), ("endOn", a.EndOn != b.EndOn), ("plannedSessions", a.PlannedSessions != b.PlannedSessions), ("status", a.Status != b.Status));

    private static void CheckEnd(DateOnly? startOn, DateOnly? endOn, Dictionary<string, string[]> errors)
    {
        if (startOn is { } start && endOn is { } end && (end < start || end > start.AddYears(5)))
        {
            errors["endOn"] = ["An intervention ends on or after its start, within five years of it."];
        }
    }

    private static void CheckSessions(int? sessions, Dictionary<string, string[]> errors)
    {
        if (sessions is < 1 or > 200)
        {
            errors["plannedSessions"] = ["Plan 1 to 200 sessions, or leave it out."];
        }
    }

    private static readonly Refusal NotFound = Refusal.NotFound("No such family or intervention.");
}

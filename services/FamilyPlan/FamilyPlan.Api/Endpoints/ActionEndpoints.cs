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

public sealed record ActionRequest(
    [Description("The member it is for, by member id; left out, it is the family's.")] Guid? MemberId,
    [Required, StringLength(200, MinimumLength = 1), Description("What is to be done.")] string? Title,
    [Required, StringLength(200, MinimumLength = 1), Description("Who does it, by user id: a team member who joined in person, or the caller.")] string? OwnerUserId,
    [Required, Description("When it is due: today or later, at most three years on.")] DateOnly? DueOn);

public sealed record ActionUpdate(
    [StringLength(200, MinimumLength = 1), Description("What is to be done.")] string? Title,
    [StringLength(200, MinimumLength = 1), Description("A new owner, by user id.")] string? OwnerUserId,
    [Description("A new due date: today or later.")] DateOnly? DueOn,
    [AllowedValues("open", "done", "dropped"), Description("open, done or dropped.")] string? Status);

/// <summary>
/// The plan's actions (issue 9): concrete steps with an owner and a due date, for a member (by a
/// professional who treats them) or for the family (by anyone on the team). An MDO's decisions
/// arrive as actions too (<c>MdoDecisionsRecorded</c>).
/// </summary>
public static class ActionEndpoints
{

    /// <summary>The action routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapActionEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapPost("/{familyId:guid}/actions", CreateAsync)
            .WithName("AddPlanAction")
            .WithSummary("A team member adds an action: for a member they treat, or for the family; with an owner on the team and a due date.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        families.MapPatch("/{familyId:guid}/actions/{actionId:guid}", UpdateAsync)
            .WithName("UpdatePlanAction")
            .WithSummary("A team member changes an action: done, dropped or open again; its owner, due date or title.")
            .WithDescription("A member's action is changed by a professional who treats the member, or by its owner; the family's by anyone on the team. "
                + "Send the action's ETag in If-Match.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return families;
    }

    private static async Task<Results<Created<ActionView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid familyId, ActionRequest request, HttpContext http, PlanStore plans, ActionStore actions, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        var title = TextFields.Bounded(request.Title, "title", 200, required: true, errors);
        var owner = TextFields.Bounded(request.OwnerUserId, "ownerUserId", 200, required: true, errors);
        PlanParts.CheckDate(request.DueOn, "dueOn", today, today.AddYears(3), "An action is due from today up to three years ahead.", required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The action is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var viewer = FamilyEndpoints.ViewerOf(http.User);
        var (refusal, bsn) = CareTeam.MayWritePart(facts, viewer, request.MemberId);
        var entry = access.Allowed(http.User, AuditAction.Create, "family-plan", "PlanAction", familyId.ToString(), bsn);
        if (refusal is not null)
        {
            await access.DeniedAsync(entry, ct);
            return refusal.ToProblem();
        }

        if (CareTeam.Person(facts!, viewer, FamilyEndpoints.NameOf(http.User), owner!) is not { } person)
        {
            await access.WriteAsync(entry with { Outcome = "denied" }, ct);
            return PlanPartRules.ActionOwnerNotOnTeam.ToProblem();
        }

        var action = new ActionState(Guid.NewGuid(), request.MemberId, title!, person.UserId, person.Name, request.DueOn!.Value, ActionStatuses.Open);
        await actions.CreateAsync(familyId, action, entry with { ObjectId = action.Id.ToString() }, Change(http, action, "added", null), ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(1);
        return TypedResults.Created($"/api/families/{familyId}/plan", View(action, ActionSources.Team, null, 1));
    }

    private static async Task<Results<Ok<ActionView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid familyId, Guid actionId, ActionUpdate request, HttpContext http, PlanStore plans, ActionStore actions, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        var title = TextFields.Bounded(request.Title, "title", 200, required: false, errors);
        var owner = TextFields.Bounded(request.OwnerUserId, "ownerUserId", 200, required: false, errors);
        PlanParts.CheckDate(request.DueOn, "dueOn", today, today.AddYears(3), "An action is due from today up to three years ahead.", required: false, errors);
        if (request.Status is not null && !ActionStatuses.All.Contains(request.Status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", ActionStatuses.All)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The change is invalid.");
        }

        var (current, facts, entry, ifMatch, refused) = await PlanParts.ChangingAsync(http, plans, access, familyId, actionId, "PlanAction", "action",
            c => plans.FindActionAsync(familyId, actionId, c), a => (a.MemberId, a.OwnerUserId, a.Version), NotFound, ct);
        if (refused is not null)
        {
            return refused;
        }

        var (ownerId, ownerName) = (current!.OwnerUserId, current.OwnerName);
        if (owner is not null)
        {
            if (CareTeam.Person(facts!, FamilyEndpoints.ViewerOf(http.User), FamilyEndpoints.NameOf(http.User), owner) is not { } person)
            {
                await access.WriteAsync(entry with { Outcome = "denied" }, ct);
                return PlanPartRules.ActionOwnerNotOnTeam.ToProblem();
            }

            (ownerId, ownerName) = (person.UserId, person.Name);
        }

        var next = new ActionState(current.Id, current.MemberId, title ?? current.Title, ownerId, ownerName, request.DueOn ?? current.DueOn, request.Status ?? current.Status);
        var fields = PlanParts.Changed(("title", current.Title != next.Title), ("ownerUserId", current.OwnerUserId != next.OwnerUserId),
            ("dueOn", current.DueOn != next.DueOn), ("status", current.Status != next.Status));
        if (!ifMatch.Matches(IfMatch.ETagOf(current.Version)) || !await actions.UpdateAsync(familyId, next, current.Version, entry, Change(http, next, "changed", fields), ct))
        {
            return PlanPartRules.Stale("action").ToProblem();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(current.Version + 1);
        return TypedResults.Ok(View(next, current.Source, current.MdoId, current.Version + 1));
    }

    private static PlanChange Change(HttpContext http, ActionState a, string change, IReadOnlyList<string>? fields) =>
        new(http.User.Id(), FamilyEndpoints.NameOf(http.User), a.MemberId, "action", a.Id.ToString(), change, fields);

    private static ActionView View(ActionState a, string source, Guid? mdoId, int version) =>
        new(a.Id, a.MemberId, a.Title, a.OwnerUserId, a.OwnerName, a.DueOn, a.Status, source, mdoId, version);

    private static readonly Refusal NotFound = Refusal.NotFound("No such family or action.");
}

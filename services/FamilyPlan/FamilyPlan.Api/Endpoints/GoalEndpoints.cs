using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

public sealed record GoalRequest(
    [Description("The member the goal is for, by member id; left out, the goal is the whole family's.")] Guid? MemberId,
    [Required, StringLength(200, MinimumLength = 1), Description("What is aimed for.")] string? Title,
    [StringLength(2000), Description("More about it.")] string? Description,
    [Required, StringLength(200, MinimumLength = 1), Description("The team member who owns it, by user id: one who joined in person, or the caller.")] string? OwnerUserId,
    [Required, Description("When it is evaluated: today or later, at most three years on.")] DateOnly? EvaluationOn);

public sealed record GoalUpdate(
    [StringLength(200, MinimumLength = 1), Description("What is aimed for.")] string? Title,
    [StringLength(2000), Description("More about it.")] string? Description,
    [StringLength(200, MinimumLength = 1), Description("A new owner, by user id.")] string? OwnerUserId,
    [AllowedValues("open", "achieved", "dropped"), Description("open, achieved or dropped.")] string? Status,
    [Description("The next evaluation: today or later.")] DateOnly? EvaluationOn);

/// <summary>
/// The plan's goals (issue 9): for a member, by a professional who treats them; for the family, by
/// any professional on the team. Owned by a team member, with a status and an evaluation date.
/// </summary>
public static class GoalEndpoints
{
    public static readonly IReadOnlyList<string> Statuses = ["open", "achieved", "dropped"];
    public const int MaxYearsAhead = 3;

    /// <summary>The goal routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapGoalEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapPost("/{familyId:guid}/goals", CreateAsync)
            .WithName("AddPlanGoal")
            .WithSummary("A team member adds a goal: for a member they treat, or for the whole family; owned by a team member, evaluated on a date.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        families.MapPatch("/{familyId:guid}/goals/{goalId:guid}", UpdateAsync)
            .WithName("UpdatePlanGoal")
            .WithSummary("A team member changes a goal: its status (open, achieved, dropped), evaluation date, owner, title or description.")
            .WithDescription("A member's goal is changed by a professional who treats the member, or by its owner; a family goal by anyone on the team. "
                + "Send the goal's ETag in If-Match.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return families;
    }

    private static async Task<Results<Created<GoalView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        Guid familyId, GoalRequest request, HttpContext http, PlanStore plans, GoalStore goals, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        var title = TextFields.Bounded(request.Title, "title", 200, required: true, errors);
        var description = TextFields.Bounded(request.Description, "description", 2000, required: false, errors);
        var owner = TextFields.Bounded(request.OwnerUserId, "ownerUserId", 200, required: true, errors);
        CheckDate(request.EvaluationOn, today, required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The goal is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var (refusal, bsn) = CareTeam.MayWritePart(facts, FamilyEndpoints.ViewerOf(http.User), request.MemberId);
        var entry = access.Allowed(http.User, AuditAction.Create, "family-plan", "PlanGoal", familyId.ToString(), bsn);
        if (refusal is not null)
        {
            await access.DeniedAsync(entry, ct);
            return refusal.ToProblem();
        }

        if (OwnerName(facts!, http.User, owner!) is not { } ownerName)
        {
            await access.WriteAsync(entry with { Outcome = "denied" }, ct);
            return PlanPartRules.GoalOwnerNotOnTeam.ToProblem();
        }

        var goal = new GoalChange(Guid.NewGuid(), request.MemberId, title!, description, owner!, ownerName, "open", request.EvaluationOn!.Value);
        await goals.CreateAsync(familyId, goal, entry with { ObjectId = goal.Id.ToString() }, Change(http.User, goal, "added", null), ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(1);
        return TypedResults.Created($"/api/families/{familyId}/plan",
            new GoalView(goal.Id, goal.MemberId, goal.Title, goal.Description, goal.OwnerUserId, goal.OwnerName, goal.Status, goal.EvaluationOn, 1));
    }

    private static async Task<Results<Ok<GoalView>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        Guid familyId, Guid goalId, GoalUpdate request, HttpContext http, PlanStore plans, GoalStore goals, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        var title = TextFields.Bounded(request.Title, "title", 200, required: false, errors);
        var description = TextFields.Bounded(request.Description, "description", 2000, required: false, errors);
        var owner = TextFields.Bounded(request.OwnerUserId, "ownerUserId", 200, required: false, errors);
        if (request.Status is not null && !Statuses.Contains(request.Status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", Statuses)}."];
        }

        CheckDate(request.EvaluationOn, today, required: false, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The change is invalid.");
        }

        var (goal, facts, entry, ifMatch, refused) = await PlanParts.ChangingAsync(http, plans, access, familyId, goalId, "PlanGoal", "goal",
            c => plans.FindGoalAsync(familyId, goalId, c), g => (g.MemberId, g.OwnerUserId, g.Version), GoalNotFound, ct);
        if (refused is not null)
        {
            return refused;
        }

        string? ownerName = goal!.OwnerName;
        if (owner is not null && (ownerName = OwnerName(facts!, http.User, owner)) is null)
        {
            await access.WriteAsync(entry with { Outcome = "denied" }, ct);
            return PlanPartRules.GoalOwnerNotOnTeam.ToProblem();
        }

        var next = new GoalChange(goal.Id, goal.MemberId, title ?? goal.Title, description ?? goal.Description, owner ?? goal.OwnerUserId, ownerName,
            request.Status ?? goal.Status, request.EvaluationOn ?? goal.EvaluationOn);
        var fields = PlanParts.Changed(("title", goal.Title != next.Title), ("description", goal.Description != next.Description),
            ("ownerUserId", goal.OwnerUserId != next.OwnerUserId), ("status", goal.Status != next.Status), ("evaluationOn", goal.EvaluationOn != next.EvaluationOn));
        if (!ifMatch.Matches(IfMatch.ETagOf(goal.Version)) || !await goals.UpdateAsync(familyId, next, goal.Version, entry, Change(http.User, next, "changed", fields), ct))
        {
            return PlanPartRules.Stale("goal").ToProblem();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(goal.Version + 1);
        return TypedResults.Ok(new GoalView(next.Id, next.MemberId, next.Title, next.Description, next.OwnerUserId, next.OwnerName, next.Status, next.EvaluationOn, goal.Version + 1));
    }

    /// <summary>The owner's name when <paramref name="ownerUserId"/> may own a goal: the caller, or a person on the team; else null.</summary>
    private static string? OwnerName(FamilyFacts facts, ClaimsPrincipal user, string ownerUserId) =>
        CareTeam.Person(facts, FamilyEndpoints.ViewerOf(user), FamilyEndpoints.NameOf(user), ownerUserId)?.Name;

    private static PlanChange Change(ClaimsPrincipal user, GoalChange goal, string change, IReadOnlyList<string>? fields) =>
        new(user.Id(), FamilyEndpoints.NameOf(user), goal.MemberId, "goal", goal.Id.ToString(), change, fields);

    private static void CheckDate(DateOnly? date, DateOnly today, bool required, Dictionary<string, string[]> errors) =>
        PlanParts.CheckDate(date, "evaluationOn", today, today.AddYears(MaxYearsAhead), $"An evaluation lies from today up to {MaxYearsAhead} years ahead.", required, errors);

    private static readonly Refusal GoalNotFound = Refusal.NotFound("No such family, goal or member.");
}

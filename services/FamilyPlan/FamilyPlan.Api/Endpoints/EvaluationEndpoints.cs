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

/// <summary>An evaluation: the day the team looked back, and per goal what changed and what next.</summary>
public sealed record EvaluationRequest(
    [Required, Description("The day the team looked back: today or up to a year ago.")] DateOnly? HeldOn,
    [Required, Description("Per goal, what changed and what next: 1 to 50 goals, each once.")] IReadOnlyList<EvaluationGoalRequest>? Goals);

/// <summary>An evaluation's line on one goal.</summary>
public sealed record EvaluationGoalRequest(
    [Required, Description("The goal, by id.")] Guid? GoalId,
    [Required, StringLength(2000, MinimumLength = 1), Description("What changed since the goal was set or last evaluated.")] string? WhatChanged,
    [Required, StringLength(2000, MinimumLength = 1), Description("What comes next.")] string? WhatNext);

/// <summary>
/// Evaluation and closure, the family-systems worker's core tasks (issue 9): an evaluation records
/// per goal what changed and what next; the plan is closed once every intervention has ended, with
/// a relapse-prevention plan the family keeps seeing.
/// </summary>
public static partial class EvaluationEndpoints
{
    /// <summary>The most goals one evaluation covers.</summary>
    public const int MaxGoals = 50;

    /// <summary>The most signals, steps or contacts a relapse-prevention plan names.</summary>
    public const int MaxItems = 10;

    /// <summary>The evaluation and closure routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapEvaluationEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapPost("/{familyId:guid}/evaluations", EvaluateAsync)
            .WithName("EvaluatePlan")
            .WithSummary("A team member records an evaluation: per goal, what changed and what next.")
            .WithDescription("Each goal is evaluated by who may change it: for a member's goal a professional who treats the member, or its owner; "
                + "for the family's anyone on the team. The lines show to whom the goal shows.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        families.MapPost("/{familyId:guid}/closure", CloseAsync)
            .WithName("ClosePlan")
            .WithSummary("The coordinator closes the plan with a relapse-prevention plan, once every intervention has ended.")
            .WithDescription("While there is no coordinator, any professional on the team closes it. An intervention still planned or active refuses "
                + "the closure (409, rule interventions-open, naming each). After closure the plan's parts are kept as they were, and everyone "
                + "who reads the plan, the family too, keeps seeing the relapse-prevention plan.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        return families;
    }

    private static async Task<Results<Created<EvaluationView>, ValidationProblem, ProblemHttpResult>> EvaluateAsync(
        Guid familyId, EvaluationRequest request, HttpContext http, PlanStore plans, EvaluationStore evaluations, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var today = AmsterdamTime.Today(time);
        var errors = new Dictionary<string, string[]>();
        PlanParts.CheckDate(request.HeldOn, "heldOn", today.AddYears(-1), today, "An evaluation was held today or up to a year ago.", required: true, errors);
        var lines = new List<(Guid GoalId, string Changed, string Next)>();
        if (request.Goals is not { Count: > 0 and <= MaxGoals } goals)
        {
            errors["goals"] = [$"Evaluate 1 to {MaxGoals} goals."];
        }
        else
        {
            for (var i = 0; i < goals.Count; i++)
            {
                var goal = goals[i];
                var changed = TextFields.Bounded(goal?.WhatChanged, $"goals[{i}].whatChanged", 2000, required: true, errors);
                var next = TextFields.Bounded(goal?.WhatNext, $"goals[{i}].whatNext", 2000, required: true, errors);
                if (goal?.GoalId is not { } id)
                {
                    errors[$"goals[{i}].goalId"] = ["The goal is required."];
                }
                else if (lines.Any(l => l.GoalId == id))
                {
                    errors[$"goals[{i}].goalId"] = ["Each goal once."];
                }
                else if (changed is not null && next is not null)
                {
                    lines.Add((id, changed, next));
                }
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The evaluation is invalid.");
        }

        // The family without its history, and each goal evaluated read on its own: the cost does not grow with the plan's years.
        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var viewer = FamilyEndpoints.ViewerOf(http.User);
        var entry = access.Allowed(http.User, AuditAction.Create, "family-plan", "PlanEvaluation", familyId.ToString());
        var state = new EvaluationState(Guid.NewGuid(), request.HeldOn!.Value, http.User.Id(), FamilyEndpoints.NameOf(http.User), []);
        var entries = new List<AuditEntry>();
        var evaluated = new List<EvaluationLine>();
        foreach (var (goalId, changed, next) in lines)
        {
            var goal = facts is null ? null : await plans.FindGoalAsync(familyId, goalId, ct);
            var (refusal, bsn) = goal is null
                ? (CareTeam.MayWritePart(facts, viewer, null).Refusal ?? Refusal.NotFound($"No such goal: {goalId}."), null)
                : CareTeam.MayWritePart(facts, viewer, goal.MemberId, goal.OwnerUserId);
            if (refusal is not null)
            {
                await access.DeniedAsync(entry with { ClientBsn = bsn }, ct);
                return refusal.ToProblem();
            }

            evaluated.Add(new EvaluationLine(goalId, goal!.MemberId, changed, next));
            if (entries.All(a => a.ClientBsn != bsn))
            {
                entries.Add(entry with { ObjectId = state.Id.ToString(), ClientBsn = bsn });
            }
        }

        state = state with { Goals = evaluated };
        await evaluations.CreateAsync(familyId, state, entries, ct);
        return TypedResults.Created($"/api/families/{familyId}/plan", new EvaluationView(state.Id, state.HeldOn, state.ByUserId, state.ByName,
            evaluated.Select(l => new EvaluationGoalView(l.GoalId, l.WhatChanged, l.WhatNext)).ToList()));
    }

    private static async Task<Results<Ok<ClosureView>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        Guid familyId, ClosureRequest request, HttpContext http, PlanStore plans, ClosureStore closures, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var plan = Validate(request.RelapsePlan, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The relapse-prevention plan is invalid.");
        }

        // Who may close needs no history; whether every intervention has ended is checked in the closing transaction.
        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var entry = access.Allowed(http.User, AuditAction.Update, "family-plan", "PlanClosure", familyId.ToString());
        if (CareTeam.MayClose(facts, FamilyEndpoints.ViewerOf(http.User)) is { } refusal)
        {
            await access.DeniedAsync(entry, ct);
            return refusal.ToProblem();
        }

        var by = FamilyEndpoints.NameOf(http.User);
        var outcome = await closures.CloseAsync(familyId, plan!, http.User.Id(), by, entry, ct);
        if (PlanPartRules.OfClosure(outcome) is { } notClosed)
        {
            return notClosed.ToProblem();
        }

        return TypedResults.Ok(new ClosureView(time.GetUtcNow().UtcDateTime, by, plan!));
    }
}

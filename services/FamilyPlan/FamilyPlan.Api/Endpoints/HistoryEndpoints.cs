using Consent.Contracts;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>
/// The plan's change history, readable by the team (issue 9): who changed what, when. The lines of
/// a member's part show only to whom that member's care data shows, decided as the plan read
/// decides it, at the moment of reading.
/// </summary>
public static class HistoryEndpoints
{
    /// <summary>The most lines one page of the history holds.</summary>
    public const int MaxPageSize = 100;

    /// <summary>The history's route, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapHistoryEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapGet("/{id:guid}/history", ReadAsync)
            .WithName("GetFamilyPlanHistory")
            .WithSummary("The plan's change history for the care team, newest first: who changed what, when. Paged.")
            .WithDescription("Each line names the part (goal, intervention, action, outcome, relative, evaluation, closure, team), the change, "
                + "and for a change the fields, not their values. A line about a member's part shows only to a team member who sees that member's "
                + "care data now (a treatment relationship or that member's consent). A client reads the plan, not its history (403); "
                + "anyone not on the team gets 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return families;
    }

    private static async Task<Results<Ok<PlanHistoryPage>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        Guid id, int? page, int? pageSize, HttpContext http, PlanStore store, HistoryStore history, AccessLogWriter access, ConsentGate consent, ILoggerFactory logs, CancellationToken ct)
    {
        var viewer = FamilyEndpoints.ViewerOf(http.User);
        if (PlanVisibility.MayAskHistory(viewer) is { } forbidden)
        {
            return forbidden.ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, 50, MaxPageSize, "lines", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The history query is invalid.");
        }

        var (facts, plan) = await FamilyEndpoints.ReadPlanAsync(id, http.User, store, access, consent, logs, ct);
        if (PlanVisibility.MayReadHistory(facts, plan, viewer) is { } refusal)
        {
            return refusal.ToProblem();
        }

        var (lines, total) = await history.PageAsync(id, PlanVisibility.HistoryMembers(plan!), paging.Skip, paging.Size, ct);
        return TypedResults.Ok(new PlanHistoryPage(lines, paging.Number, paging.Size, total));
    }
}

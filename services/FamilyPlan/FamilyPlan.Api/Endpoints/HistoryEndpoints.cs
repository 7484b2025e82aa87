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
    public const int MaxLimit = 100;

    /// <summary>How many lines a page of the history holds when the caller gives no limit.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The history's route, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapHistoryEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapGet("/{id:guid}/history", ReadAsync)
            .WithPaging("lines", DefaultLimit, MaxLimit)
            .WithName("GetFamilyPlanHistory")
            .WithSummary("The plan's change history for the care team, newest first: who changed what, when. Paged.")
            .WithDescription("Each line names the part (goal, intervention, action, outcome, relative, evaluation, closure, team), the change, "
                + "and for a change the fields, not their values. A line about a member's part shows only to a team member who sees that member's "
                + "care data now (a treatment relationship or that member's consent). A client reads the plan, not its history (403); "
                + "anyone not on the team gets 404. "
                + $"Paged with limit (1 to {MaxLimit}, {DefaultLimit} when left out) and an opaque cursor: pass the page's nextCursor back as cursor "
                + "for the next page; nextCursor is null on the last page. A bad limit or cursor is a 400 naming it.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return families;
    }

    private static async Task<Results<Ok<PlanHistoryPage>, ValidationProblem, ProblemHttpResult>> ReadAsync(
        Guid id, string? limit, string? cursor, HttpContext http, PlanStore store, HistoryStore history, AccessLogWriter access, ConsentGate consent, ILoggerFactory logs, CancellationToken ct)
    {
        var viewer = FamilyEndpoints.ViewerOf(http.User);
        if (PlanVisibility.MayAskHistory(viewer) is { } forbidden)
        {
            return forbidden.ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        // The history is newest first, changed_at descending then id: the cursor holds both keys of the last line of the page before.
        var request = PageRequest.Read(limit, cursor, 2, DefaultLimit, MaxLimit, errors);
        var after = request.Position(c => c.TimeAndId(), errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The history query is invalid.");
        }

        var (facts, plan) = await FamilyEndpoints.ReadPlanAsync(id, http.User, store, access, consent, logs, ct);
        if (PlanVisibility.MayReadHistory(facts, plan, viewer) is { } refusal)
        {
            return refusal.ToProblem();
        }

        // The members whose lines show are decided now and filtered in the query, before its limit: a page and its cursor
        // count only lines this viewer sees. One more than asked tells whether another page follows.
        var lines = await history.PageAsync(id, PlanVisibility.HistoryMembers(plan!), after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(lines, l => PageCursor.After(l.Line.At, l.Id));
        return TypedResults.Ok(new PlanHistoryPage(page.Select(l => l.Line).ToList(), nextCursor));
    }
}

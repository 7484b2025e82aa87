using System.ComponentModel;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Domain.Engine;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FundingRoute.Api.Endpoints;

/// <summary>A rule that decided a route, as its financier sees it: which rule and article, not the facts it used.</summary>
public sealed record FinancierRuleCitation(
    [Description("A stable id of the rule.")] string RuleId,
    [Description("The law and article.")] string Article);

/// <summary>
/// The funding of one intervention of a family plan as its financier sees it: whom for, what kind
/// of help, its status and dates, who pays and why. Never a title, note, goal, diagnosis or
/// another family member.
/// </summary>
public sealed record FinancierInterventionRoute(
    [Description("The intervention the route is for.")] Guid InterventionId,
    [Description("Whom the route pays for; left out for routes decided before it was kept.")] FinancierRouteSubject? Subject,
    [Description("The kind of help: individual-treatment, family-therapy, family-sessions, respite-care, support-at-home, nursing-home-admission, other.")] string? Kind,
    [Description("planned, active, ended or cancelled.")] string? Status,
    [Description("When the help starts (Europe/Amsterdam).")] DateOnly? StartOn,
    [Description("When it ends or ended, if known.")] DateOnly? EndOn,
    [Description("How many sessions are planned, if counted in sessions.")] int? PlannedSessions,
    [Description("The law that pays: Jeugdwet, Wmo (municipality) or Zvw (insurer).")] string Law,
    [Description("municipality or insurer.")] string FinancierType,
    [Description("The CBS municipality code or the UZOVI code of the financier: the caller's own.")] string FinancierCode,
    [Description("The iJw product category (54 = jeugd-ggz), where one applies.")] string? ProductCategory,
    [Description("Whether the Zvw deductible (eigen risico) applies.")] bool DeductibleApplies,
    [Description("The deductible for the year the help starts, pro rata in the year of the 18th birthday, in euros; left out when none applies or the year's amount is not known.")] decimal? DeductibleAmount,
    [Description("The messages and documents the route needs.")] IReadOnlyList<string> Paperwork,
    [Description("The rules that decided, in the order applied.")] IReadOnlyList<FinancierRuleCitation> Rules,
    [Description("When it was decided (UTC).")] DateTimeOffset DecidedAt,
    [Description("The decision's version for this intervention, from 1.")] int Version)
{
    public static FinancierInterventionRoute Of(InterventionRouteRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var subject = row.SubjectBsn is { } bsn ? new FinancierRouteSubject(bsn, row.SubjectBirthDate) : null;
        var deductible = row.DeductibleApplies && row.SubjectBirthDate is { } born && row.StartOn is { } start ? Deductible.For(born, start.Year) : null;
        return new FinancierInterventionRoute(row.InterventionId, subject, row.Kind, row.Status, row.StartOn, row.EndOn, row.PlannedSessions,
            row.Law ?? string.Empty, row.FinancierType ?? string.Empty, row.FinancierCode ?? string.Empty, row.ProductCategory, row.DeductibleApplies,
            deductible, row.Paperwork, row.Rules.Select(r => new FinancierRuleCitation(r.Id, r.Article)).ToList(),
            new DateTimeOffset(row.DecidedAt, TimeSpan.Zero), row.DecisionVersion);
    }
}

/// <summary>One page of a financier's intervention routes, newest decision first.</summary>
public sealed record FinancierInterventionRoutePage(
    [Description("The routes of this page, newest decision first.")] IReadOnlyList<FinancierInterventionRoute> Items,
    [Description("Pass as cursor to read the next page; left out on the last page.")] string? NextCursor);

/// <summary>What the planned family therapies of one case type are worth, summed.</summary>
public sealed record CostBenefitSum(
    [Description("The case of the cost–benefit table.")] string CaseType,
    [Description("How many planned or running family therapies are closest to it.")] int Therapies,
    [Description("Their expected avoided cost, in euros.")] decimal ExpectedAvoidedCost,
    [Description("Their average cost, in euros.")] decimal Cost,
    [Description("Expected avoided cost minus cost, in euros.")] decimal Net);

/// <summary>What a financier's population's planned family therapies are worth: per case and in all. No client is named.</summary>
public sealed record PopulationCostBenefit(
    [Description("Where the figures come from.")] string Source,
    [Description("Per case of the table, those with at least one therapy.")] IReadOnlyList<CostBenefitSum> Cases,
    [Description("All planned or running family therapies the caller pays, summed.")] CostBenefitSum Total);

/// <summary>
/// Financiers read the funding of the family plan's interventions they pay (issue 10): a
/// municipality its Jeugdwet and Wmo routes, an insurer its Zvw routes; another financier's route
/// is 404. Every route returned is in its client's access log; refusals too.
/// </summary>
public static class InterventionRouteEndpoints
{
    /// <summary>The object type in the access log.</summary>
    public const string ObjectType = "InterventionRoute";

    /// <summary>The statuses a financier may filter on.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["planned", "active", "ended", "cancelled"];

    /// <summary>Maps the financiers' reads of intervention funding routes and sums into <paramref name="routes"/> (<c>/api/funding-routes</c>).</summary>
    internal static void MapInterventionRoutes(RouteGroupBuilder routes)
    {
        routes.MapGet("/interventions", ListAsync)
            .WithName("ListInterventionFundingRoutes")
            .WithSummary("A municipality or insurer lists the funding of the family plans' interventions it pays, newest decision first.")
            .WithDescription("Filters: law (one the caller pays under), status, kind. Paged with an opaque cursor: pass nextCursor back as cursor. "
                + "Each route returned is written to the client's access log. Any other role may not list routes (403).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithPaging("routes", FundingRouteEndpoints.DefaultLimit, FundingRouteEndpoints.MaxLimit);
        routes.MapGet("/interventions/{interventionId:guid}", GetAsync)
            .WithName("GetInterventionFundingRoute")
            .WithSummary("A municipality or insurer reads the funding of one intervention it pays.")
            .WithDescription("Whom for, the kind of help, status, dates, law, financier, product category, deductible and its amount, "
                + "paperwork and the rules cited; never clinical content. Another financier's route, an unknown intervention, or any caller "
                + "but the financier: 404. Every read, and every refused one, is written to the access log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/cost-benefit", CostBenefitAsync)
            .WithName("GetPopulationFamilyTherapyCostBenefit")
            .WithSummary("What the caller's population's planned family therapies are worth, summed per case of the cost–benefit table.")
            .WithDescription("For a municipality or insurer: the planned and running family therapies it pays, each counted under the case "
                + "closest to its family, with the expected avoided cost, the cost and the net. Names no client. Any other role: 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<FinancierInterventionRoute>, ProblemHttpResult>> GetAsync(
        Guid interventionId, HttpContext http, InterventionRouteStore store, AccessLogWriter access, CancellationToken ct)
    {
        var viewer = FinancierAccess.ViewerOf(http.User);
        var route = await store.FindAsync(interventionId, ct);
        var decision = FinancierAccess.Decide(viewer, route?.Payer);
        await access.WriteAsync(FundingRouteEndpoints.ReadEntry(access, http.User, viewer, decision.Allowed, interventionId, route?.SubjectBsn, ObjectType), ct);
        return decision.Allowed
            ? TypedResults.Ok(FinancierInterventionRoute.Of(route!))
            : FinancierAccess.NoSuchRoute.ToProblem();
    }

    private static async Task<Results<Ok<FinancierInterventionRoutePage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor, [FromQuery] string? law, [FromQuery] string? status, [FromQuery] string? kind,
        HttpContext http, InterventionRouteStore store, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var viewer = FinancierAccess.ViewerOf(user);
        if (viewer is null)
        {
            await access.WriteAsync(FundingRouteEndpoints.ReadEntry(access, user, viewer, allowed: false, referralId: null, clientBsn: null, ObjectType), ct);
            return FinancierAccess.OnlyFinanciersList.ToProblem();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = PageRequest.Read(limit, cursor, FundingRouteEndpoints.CursorKeys, FundingRouteEndpoints.DefaultLimit, FundingRouteEndpoints.MaxLimit, errors);
        var after = request.Position(c => c.TimeAndId(), errors);
        FundingRouteEndpoints.CheckLaw(viewer, law, errors);

        if (status is not null && !Statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", Statuses)}."];
        }

        if (kind is not null && !InterventionFacts.Kinds.ContainsKey(kind) && kind != "other")
        {
            errors["kind"] = [$"kind must be one of: {string.Join(", ", InterventionFacts.Kinds.Keys.Append("other"))}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is invalid.");
        }

        var rows = await store.ListAsync(viewer, new InterventionRouteFilter(law, status, kind), after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(rows, row => PageCursor.After(row.DecidedAt, row.InterventionId));
        if (page.FirstOrDefault(row => !FinancierAccess.Decide(viewer, row.Payer).Allowed) is { } stray)
        {
            throw new InvalidOperationException($"The list query returned route {stray.InterventionId}, which {viewer.Type} {viewer.Code} may not read.");
        }

        if (page.Count > 0)
        {
            await access.WriteAsync(page.Select(row => FundingRouteEndpoints.ReadEntry(access, user, viewer, allowed: true, row.InterventionId, row.SubjectBsn, ObjectType)).ToList(), ct);
        }

        return TypedResults.Ok(new FinancierInterventionRoutePage(page.Select(FinancierInterventionRoute.Of).ToList(), nextCursor));
    }

    private static async Task<Results<Ok<PopulationCostBenefit>, ProblemHttpResult>> CostBenefitAsync(
        HttpContext http, InterventionRouteStore store, AccessLogWriter access, CancellationToken ct)
    {
        var viewer = FinancierAccess.ViewerOf(http.User);
        if (viewer is null)
        {
            await access.WriteAsync(FundingRouteEndpoints.ReadEntry(access, http.User, viewer, allowed: false, referralId: null, clientBsn: null, ObjectType), ct);
            return FinancierAccess.OnlyFinanciersSum.ToProblem();
        }

        var therapies = await store.FamilyTherapiesAsync(viewer, ct);
        // One entry for the sum, naming no client: it shows nobody's data, but the look at the population is on record.
        await access.WriteAsync(FundingRouteEndpoints.ReadEntry(access, http.User, viewer, allowed: true, referralId: null, clientBsn: null, ObjectType), ct);
        var cases = CostBenefit.Cases
            .Select(c => Sum(c.CaseType, therapies.Count(t => t.CostCase == c.CaseType), c))
            .Where(s => s.Therapies > 0)
            .ToList();
        var total = new CostBenefitSum("all", cases.Sum(c => c.Therapies), cases.Sum(c => c.ExpectedAvoidedCost), cases.Sum(c => c.Cost), cases.Sum(c => c.Net));
        return TypedResults.Ok(new PopulationCostBenefit(CostBenefit.Source, cases, total));
    }

    private static CostBenefitSum Sum(string caseType, int count, CostBenefitCase figures) =>
        new(caseType, count, count * figures.ExpectedAvoidedCost, count * figures.AverageCost, count * figures.Net);
}

using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FundingRoute.Api.Endpoints;

/// <summary>
/// Financiers read the funding routes they pay (issue 10, "Financier queries with data
/// minimisation"): a municipality its Jeugdwet and Wmo routes, an insurer its Zvw routes. Every read
/// is in the NEN 7513 log, against the client whose route it was, refusals too.
/// </summary>
public static class FundingRouteEndpoints
{
    /// <summary>How many routes a page holds when the caller names no limit.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The most routes a page holds.</summary>
    public const int MaxLimit = 100;

    /// <summary>The sort keys a route list's cursor holds: decided_at and the id.</summary>
    internal const int CursorKeys = 2;

    /// <summary>The purpose of use in the access log: paying for care.</summary>
    public const string Purpose = "funding";

    /// <summary>The object type in the access log.</summary>
    public const string ObjectType = "FundingRoute";

    /// <summary>Maps the financiers' reads of referral funding routes into <paramref name="routes"/> (<c>/api/funding-routes</c>).</summary>
    internal static void MapFundingRoutes(RouteGroupBuilder routes)
    {
        routes.MapGet("/", ListAsync)
            .WithName("ListFundingRoutes")
            .WithSummary("A municipality or insurer lists the funding routes it pays, newest first.")
            .WithDescription("A municipality (municipality claim) sees the Jeugdwet and Wmo routes whose financier is its municipality; "
                + "an insurer (uzovi claim) the Zvw routes of its insured. Filter: law (one the caller pays under). Paged with an opaque cursor: pass nextCursor back as cursor. "
                + "Each route returned is written to the client's access log. Any other role may not list routes (403).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithPaging("routes", DefaultLimit, MaxLimit);
        routes.MapGet("/{referralId:guid}", GetAsync)
            .WithName("GetFundingRoute")
            .WithSummary("A municipality or insurer reads the funding route of one referral it pays for.")
            .WithDescription("Route, financier, product category, deductible, paperwork and the rule that decided it, with the client's BSN "
                + "and birth date; never clinical content. Another financier's route, an unknown referral, or any caller but the financier: 404. "
                + "Every read, and every refused one, is written to the access log.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<FinancierRoute>, ProblemHttpResult>> GetAsync(Guid referralId, HttpContext http, FundingRouteStore store, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var viewer = FinancierAccess.ViewerOf(user);
        var route = await store.FindAsync(referralId, ct);
        var decision = FinancierAccess.Decide(viewer, route?.Payer);
        // A refused look at an existing route is logged against its client too: they may see who tried.
        await access.WriteAsync(ReadEntry(access, user, viewer, decision.Allowed, referralId, route?.SubjectBsn), ct);
        // Another financier's route is not theirs to know about: 404, as for an id that does not exist.
        return decision.Allowed
            ? TypedResults.Ok(FinancierRoute.Of(route!))
            : FinancierAccess.NoSuchRoute.ToProblem();
    }

    /// <summary>A list's law filter: one of the laws the financier pays under, or none; another is an error naming it.</summary>
    internal static void CheckLaw(Financier viewer, string? law, Dictionary<string, string[]> errors)
    {
        if (law is not null && !viewer.Laws.Contains(law, StringComparer.Ordinal))
        {
            errors["law"] = [$"law must be one the caller pays under: {string.Join(", ", viewer.Laws)}."];
        }
    }

    private static async Task<Results<Ok<FinancierRoutePage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor, [FromQuery] string? law, HttpContext http, FundingRouteStore store, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var viewer = FinancierAccess.ViewerOf(user);
        if (viewer is null)
        {
            // A role with no population to list: refused, and the attempt logged (it names no client).
            await access.WriteAsync(ReadEntry(access, user, viewer, allowed: false, referralId: null, clientBsn: null), ct);
            return FinancierAccess.OnlyFinanciersList.ToProblem();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = PageRequest.Read(limit, cursor, CursorKeys, DefaultLimit, MaxLimit, errors);
        var after = request.Position(c => c.TimeAndId(), errors);
        CheckLaw(viewer, law, errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is invalid.");
        }

        // One more than asked tells whether another page follows, without an empty last page. A law filter narrows
        // the financier's own scope to that one of its laws.
        var rows = await store.ListAsync(law is null ? viewer : viewer with { Laws = [law] }, after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(rows, row => PageCursor.After(row.DecidedAt, row.ReferralId));
        // The query takes its scope from the policy; every row is still put to it, so the two cannot drift apart unseen.
        if (page.FirstOrDefault(row => !FinancierAccess.Decide(viewer, row.Payer).Allowed) is { } stray)
        {
            throw new InvalidOperationException($"The list query returned route {stray.ReferralId}, which {viewer.Type} {viewer.Code} may not read.");
        }

        // One entry per route returned, each naming its client; a page without routes showed nobody's data.
        if (page.Count > 0)
        {
            await access.WriteAsync(page.Select(row => ReadEntry(access, user, viewer, allowed: true, row.ReferralId, row.SubjectBsn)).ToList(), ct);
        }

        return TypedResults.Ok(new FinancierRoutePage(page.Select(FinancierRoute.Of).ToList(), nextCursor));
    }

    /// <summary>
    /// A NEN 7513 entry for a financier's read. The financier acts on behalf of its municipality or
    /// insurer (the code); its access rests on the law (Jeugdwet, Zvw), not on a treatment
    /// relationship or the client's consent, so both checks do not apply.
    /// </summary>
    internal static AuditEntry ReadEntry(
        AccessLogWriter access, ClaimsPrincipal user, Financier? viewer, bool allowed, Guid? referralId, string? clientBsn, string objectType = ObjectType)
    {
        var entry = access.Of(user, AuditAction.Read, allowed, Purpose, objectType, referralId?.ToString(), clientBsn);
        return entry with
        {
            OnBehalfOf = viewer?.Code ?? entry.OnBehalfOf,
            CheckTreatmentRelationship = CheckResult.NotApplicable,
            CheckConsent = CheckResult.NotApplicable,
        };
    }
}

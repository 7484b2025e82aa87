using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>An item of a worklist: enough to pick the next referral to work on.</summary>
/// <param name="Id">The referral.</param>
/// <param name="SubjectName">The person referred.</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c>.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Urgent">Whether it is urgent.</param>
/// <param name="ReferrerAgb">The referring practice.</param>
/// <param name="ReferrerName">Its name.</param>
/// <param name="ReceiverAgb">The receiving organisation, if any.</param>
/// <param name="ReceiverName">Its name.</param>
/// <param name="SubmittedAt">When it was registered.</param>
/// <param name="Clocks">Its clocks as of today; none once its life has ended.</param>
public sealed record WorklistItem(
    Guid Id, string SubjectName, string Domain, string Status, bool Urgent, string ReferrerAgb, string? ReferrerName,
    string? ReceiverAgb, string? ReceiverName, DateTime SubmittedAt, IReadOnlyList<NormClock> Clocks);

/// <summary>One page of a worklist.</summary>
public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, int Page, int PageSize, int Total);

/// <summary>
/// An unaddressed referral in the regional intake pool, anonymised: its domain, the client's age,
/// municipality and the urgency — no name, BSN, reason or diagnosis — until a clinician claims it.
/// </summary>
public sealed record PoolItem(Guid Id, string Domain, int Age, string MunicipalityCode, bool Urgent, DateOnly RegisteredOn);

/// <summary>One page of the regional intake pool.</summary>
public sealed record PoolPage(IReadOnlyList<PoolItem> Items, int Page, int PageSize, int Total);

/// <summary>The worklists: a clinician's referrals to their organisation, a referrer's own; and the regional intake pool, anonymised.</summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The worklist (<c>GET /</c>) and the regional intake pool (<c>GET /pool</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapWorklists(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapGet("/", WorklistAsync)
            .WithName("ListReferrals")
            .WithSummary("A worklist: a clinician's referrals addressed to their organisation in their domain; a GP's or POH-GGZ's referrals made under their AGB code.")
            .WithDescription("Urgent first, then the oldest; with order=recent the newest change first (a referrer following their referrals). "
                + "status: one status; urgent: true or false; norm: breached (a running clock past its norm) "
                + "or soon (one breaches within 7 days); page from 1, pageSize 1 to 100 (20).")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        referrals.MapGet("/pool", PoolAsync)
            .WithName("ListIntakePool")
            .WithSummary("The regional intake pool of the clinician's domain: unaddressed referrals, anonymised, urgent first, then the oldest.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return referrals;
    }

    private static async Task<Results<Ok<WorklistPage>, ValidationProblem, ProblemHttpResult>> WorklistAsync(
        string? status, bool? urgent, string? norm, string? order, int? page, int? pageSize, HttpContext http, ReferralQueries queries, AccessLogWriter access,
        TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        WorklistFilter? filter = viewer.Role switch
        {
            Roles.Clinician when viewer.Org is not null && viewer.Domain is not null => new(viewer.Org, viewer.Domain, null, status, urgent, norm),
            // A POH-GGZ sees the referrals made under their GP's AGB code, which include those to the practice's own POH-GGZ.
            Roles.Gp or Roles.Poh when viewer.Agb is not null => new(null, null, viewer.Agb, status, urgent, norm),
            _ => null,
        };
        if (filter is null)
        {
            return Refusal.Forbidden("Worklists are for referrers and receiving clinicians.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, DefaultPageSize, MaxPageSize, "referrals", errors);
        if (status is not null && !ReferralStatuses.All.Contains(status))
        {
            errors["status"] = [$"Use one of: {string.Join(", ", ReferralStatuses.All)}."];
        }

        if (norm is not null && norm is not (ReferralQueries.Breached or ReferralQueries.Soon))
        {
            errors["norm"] = [$"Use {ReferralQueries.Breached} or {ReferralQueries.Soon}."];
        }

        if (order is not (null or OrderUrgent or OrderRecent))
        {
            errors["order"] = [$"Use {OrderUrgent} (urgent first, then the oldest) or {OrderRecent} (the newest change first)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The worklist query is invalid.");
        }

        var today = AmsterdamTime.Today(time);
        var (rows, total) = await queries.WorklistAsync(filter, today, paging.Skip, paging.Size, ct, recent: order == OrderRecent);
        await access.WriteAsync(rows.Select(r => access.Allowed(http.User, AuditAction.Read,
            ReferralAccess.Of(viewer, r.Parties).Purpose, "Referral", r.Id.ToString(), r.SubjectBsn)), ct);
        var items = rows.Select(r => new WorklistItem(r.Id, r.SubjectName, r.Domain, r.Status, r.Urgent, r.ReferrerAgb, r.ReferrerName, r.ReceiverAgb,
            r.ReceiverName, r.SubmittedAt, ReferralLifecycle.IsEnded(r.Status) ? [] : FollowedReferral.ClocksOf(r, today))).ToList();
        return TypedResults.Ok(new WorklistPage(items, paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<PoolPage>, ValidationProblem, ProblemHttpResult>> PoolAsync(
        int? page, int? pageSize, HttpContext http, ReferralQueries queries, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        if (viewer.Domain is not { } domain || !ReferralAccess.WorksFromPool(viewer, domain))
        {
            return Refusal.Forbidden("The regional intake pool is for clinicians of a receiving organisation.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, DefaultPageSize, MaxPageSize, "referrals", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The pool query is invalid.");
        }

        var today = AmsterdamTime.Today(time);
        var (rows, total) = await queries.PoolAsync(domain, paging.Skip, paging.Size, ct);
        // Anonymised: no client is named, so the look is logged without one.
        await access.WriteAsync(access.Allowed(http.User, AuditAction.Read, "referral-intake-pool", "ReferralPool", domain), ct);
        return TypedResults.Ok(new PoolPage(
            rows.Select(r => new PoolItem(r.Id, r.Domain, AmsterdamTime.AgeOn(r.SubjectBirthDate, today), r.MunicipalityCode, r.Urgent, r.RegisteredOn)).ToList(),
            paging.Number, paging.Size, total));
    }
}

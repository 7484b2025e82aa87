using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Identifiers;
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
/// <param name="Items">The referrals, in the worklist's order.</param>
/// <param name="NextCursor">Where the next page starts: pass it back as <c>cursor</c>; null on the last page.</param>
public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, string? NextCursor);

/// <summary>
/// An unaddressed referral in the regional intake pool, anonymised: its domain, the client's age,
/// municipality and the urgency — no name, BSN, reason or diagnosis — until a clinician claims it.
/// </summary>
public sealed record PoolItem(Guid Id, string Domain, int Age, string MunicipalityCode, bool Urgent, DateOnly RegisteredOn);

/// <summary>What a worklist selects: its filters, order and page; a search names the client too.</summary>
/// <param name="Status">Only this status.</param>
/// <param name="Urgent">Only urgent or only not urgent referrals.</param>
/// <param name="Norm">breached or soon.</param>
/// <param name="Order">urgent (the default) or recent.</param>
/// <param name="Limit">1 to 100 (20).</param>
/// <param name="Cursor">The nextCursor of the page before.</param>
/// <param name="SubjectBsn">Only the referrals of the person with this BSN.</param>
public sealed record WorklistQuery(string? Status, bool? Urgent, string? Norm, string? Order, string? Limit, string? Cursor, string? SubjectBsn);

/// <summary>One page of the regional intake pool.</summary>
/// <param name="Items">The unaddressed referrals, urgent first, then the oldest.</param>
/// <param name="NextCursor">Where the next page starts: pass it back as <c>cursor</c>; null on the last page.</param>
public sealed record PoolPage(IReadOnlyList<PoolItem> Items, string? NextCursor);

/// <summary>The worklists: a clinician's referrals to their organisation, a referrer's own; and the regional intake pool, anonymised.</summary>
public static partial class ReferralLifecycleEndpoints
{
    // A worklist's cursor names its order first (then urgent, submitted_at and id, or the last change and id), so that
    // a cursor of one order is refused by the other; the pool's holds urgent, submitted_at and id.
    private const int UrgentCursorKeys = 4;
    private const int RecentCursorKeys = 3;
    private const int PoolCursorKeys = 3;

    /// <summary>The worklist (<c>GET /</c>) and the regional intake pool (<c>GET /pool</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapWorklists(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapGet("/", WorklistAsync)
            .WithPaging("referrals", DefaultPageSize, MaxPageSize)
            .WithName("ListReferrals")
            .WithSummary("A worklist: a clinician's referrals addressed to their organisation in their domain; a GP's or POH-GGZ's referrals made under their AGB code.")
            .WithDescription("Urgent first, then the oldest; with order=recent the newest change first (a referrer following their referrals). "
                + "status: one status; urgent: true or false; norm: breached (a running clock past its norm) "
                + "or soon (one breaches within 7 days). limit 1 to 100 (20); pass nextCursor back as cursor for the next page (null on the last). "
                + "A cursor holds its order: one of order=recent is refused for the urgent order and back (400 naming cursor).")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        referrals.MapPost("/search", SearchAsync)
            .WithName("SearchReferrals")
            .WithSummary("The worklist of one client: the caller's referrals (as on the worklist) of the person with this BSN, which is sent in the body, never in a URL.")
            .WithDescription("The body: subjectBsn (required), and status, urgent, norm, order, limit and cursor as the worklist takes them. Each referral shown is an access-log entry.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        referrals.MapGet("/pool", PoolAsync)
            .WithPaging("referrals", DefaultPageSize, MaxPageSize)
            .WithName("ListIntakePool")
            .WithSummary("The regional intake pool of the clinician's domain: unaddressed referrals, anonymised, urgent first, then the oldest.")
            .WithDescription("limit 1 to 100 (20); pass nextCursor back as cursor for the next page (null on the last).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return referrals;
    }

    private static Task<Results<Ok<WorklistPage>, ValidationProblem, ProblemHttpResult>> WorklistAsync(
        string? status, bool? urgent, string? norm, string? order, string? limit, string? cursor, HttpContext http, ReferralQueries queries, AccessLogWriter access,
        TimeProvider time, CancellationToken ct) =>
        ListAsync(new WorklistQuery(status, urgent, norm, order, limit, cursor, SubjectBsn: null), http, queries, access, time, ct);

    private static async Task<Results<Ok<WorklistPage>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        WorklistQuery? query, HttpContext http, ReferralQueries queries, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (query?.SubjectBsn is not { } bsn || !DutchIdentifiers.IsValidBsn(bsn))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["subjectBsn"] = ["A BSN of 9 digits that passes the eleven-test is required."] },
                title: "The search is invalid.");
        }

        return await ListAsync(query, http, queries, access, time, ct);
    }

    private static async Task<Results<Ok<WorklistPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        WorklistQuery query, HttpContext http, ReferralQueries queries, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var (status, urgent, norm, order, limit, cursor, subjectBsn) = query;
        var viewer = ViewerOf(http);
        WorklistFilter? filter = viewer.Role switch
        {
            Roles.Clinician when viewer.Org is not null && viewer.Domain is not null => new(viewer.Org, viewer.Domain, null, status, urgent, norm, subjectBsn),
            // A POH-GGZ sees the referrals made under their GP's AGB code, which include those to the practice's own POH-GGZ.
            Roles.Gp or Roles.Poh when viewer.Agb is not null => new(null, null, viewer.Agb, status, urgent, norm, subjectBsn),
            _ => null,
        };
        if (filter is null)
        {
            return Refusal.Forbidden("Worklists are for referrers and receiving clinicians.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var recent = order == OrderRecent;
        var request = PageRequest.Read(limit, cursor, recent ? RecentCursorKeys : UrgentCursorKeys, DefaultPageSize, MaxPageSize, errors);
        var (urgentAfter, recentAfter) = WorklistAfter(request.After, recent, errors);
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
        // One more than asked tells whether another page follows.
        var rows = recent
            ? await queries.RecentWorklistAsync(filter, today, recentAfter, request.Limit + 1, ct)
            : await queries.WorklistAsync(filter, today, urgentAfter, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(rows, r => recent
            ? PageCursor.After(OrderRecent, r.LastChange, r.Id)
            : PageCursor.After(OrderUrgent, r.Urgent, r.SubmittedAt, r.Id));
        await access.WriteAsync(page.Select(r => access.Allowed(http.User, AuditAction.Read,
            ReferralAccess.Of(viewer, r.Parties).Purpose, "Referral", r.Id.ToString(), r.SubjectBsn)), ct);
        var items = page.Select(r => new WorklistItem(r.Id, r.SubjectName, r.Domain, r.Status, r.Urgent, r.ReferrerAgb, r.ReferrerName, r.ReceiverAgb,
            r.ReceiverName, r.SubmittedAt, ReferralLifecycle.IsEnded(r.Status) ? [] : FollowedReferral.ClocksOf(r, today))).ToList();
        return TypedResults.Ok(new WorklistPage(items, nextCursor));
    }

    private static async Task<Results<Ok<PoolPage>, ValidationProblem, ProblemHttpResult>> PoolAsync(
        string? limit, string? cursor, HttpContext http, ReferralQueries queries, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        if (viewer.Domain is not { } domain || !ReferralAccess.WorksFromPool(viewer, domain))
        {
            return Refusal.Forbidden("The regional intake pool is for clinicians of a receiving organisation.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        var request = PageRequest.Read(limit, cursor, PoolCursorKeys, DefaultPageSize, MaxPageSize, errors);
        var after = request.After is { } position ? UrgentAfterOf(position, 0) : null;
        if (request.After is not null && after is null)
        {
            PageRequest.RefuseCursor(errors);
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The pool query is invalid.");
        }

        var today = AmsterdamTime.Today(time);
        var rows = await queries.PoolAsync(domain, after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(rows, r => PageCursor.After(r.Urgent, r.SubmittedAt, r.Id));
        // Anonymised: no client is named, so the look is logged without one.
        await access.WriteAsync(access.Allowed(http.User, AuditAction.Read, "referral-intake-pool", "ReferralPool", domain), ct);
        return TypedResults.Ok(new PoolPage(
            page.Select(r => new PoolItem(r.Id, r.Domain, AmsterdamTime.AgeOn(r.SubjectBirthDate, today), r.MunicipalityCode, r.Urgent, r.RegisteredOn)).ToList(),
            nextCursor));
    }

    /// <summary>
    /// Where a worklist goes on: the keys of the last referral of the page before, in the order asked for; nothing for
    /// the first page. A cursor of the other order, or whose keys do not read, is an error naming it.
    /// </summary>
    private static (UrgentAfter? Urgent, RecentAfter? Recent) WorklistAfter(PageCursor? cursor, bool recent, Dictionary<string, string[]> errors)
    {
        if (cursor is null)
        {
            return (null, null);
        }

        if (recent && cursor.Text(0) == OrderRecent && cursor.Number(1) is { } lastChange && cursor.Id(2) is { } id)
        {
            return (null, new RecentAfter(lastChange, id));
        }

        if (!recent && cursor.Text(0) == OrderUrgent && UrgentAfterOf(cursor, 1) is { } after)
        {
            return (after, null);
        }

        PageRequest.RefuseCursor(errors);
        return (null, null);
    }

    /// <summary>The keys urgent, submitted_at and id from <paramref name="first"/> on, or null when they do not read.</summary>
    private static UrgentAfter? UrgentAfterOf(PageCursor cursor, int first) =>
        cursor.Flag(first) is { } urgent && cursor.Time(first + 1) is { } submittedAt && cursor.Id(first + 2) is { } id
            ? new UrgentAfter(urgent, submittedAt, id)
            : null;
}

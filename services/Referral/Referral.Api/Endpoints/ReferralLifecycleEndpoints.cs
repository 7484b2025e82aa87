using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Domain;
using Referral.Contracts;

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

/// <summary>A change to one of the caller's referrals.</summary>
public sealed record FeedItem(Guid ReferralId, string Step, string Status, DateTimeOffset At, TimelineActor By, string? Reason);

/// <summary>The changes after a cursor, and the cursor to ask with next (the same one when nothing changed).</summary>
public sealed record ReferralFeed(IReadOnlyList<FeedItem> Items, string Next);

/// <summary>An organisation's Treeknorm figures per month and norm.</summary>
public sealed record NormFiguresView(string OrganisationAgb, string From, string To, IReadOnlyList<NormMonth> Months);

/// <summary>
/// The receiving side and the closed loop: the lifecycle's steps (each with If-Match), the
/// worklist, the regional intake pool and its claim, the referrer's feed and an organisation's
/// Treeknorm figures.
/// </summary>
public static class ReferralLifecycleEndpoints
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    public const string OrderUrgent = "urgent";
    public const string OrderRecent = "recent";
    public const int MaxFigureMonths = 24;

    private static readonly string[] Professionals = [Roles.Gp, Roles.Poh, Roles.Clinician];

    public static IEndpointRouteBuilder MapReferralLifecycleEndpoints(this IEndpointRouteBuilder app)
    {
        var referrals = app.MapGroup("/api/referrals").WithTags("Referrals");

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

        referrals.MapPost("/{id:guid}/claim", ClaimAsync)
            .WithName("ClaimReferral")
            .WithSummary("A clinician claims a referral from the pool: their organisation receives it. The first claim wins; a later one is 409.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        referrals.MapGet("/updates", FeedAsync)
            .WithName("FollowReferralUpdates")
            .WithSummary("The referrer's feed: every change to the referrals made under their AGB code after the cursor, in order.")
            .WithDescription("Start without after; ask again with next. limit 1 to 100 (50).")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        referrals.MapGet("/norm-figures", FiguresAsync)
            .WithName("GetNormFigures")
            .WithSummary("The caller's organisation's Treeknorm figures: per month and norm, the clocks that stopped, the breaches, the median wait.")
            .WithDescription("from and to are months, yyyy-MM, at most 24 apart; both default to the current month.")
            .ProducesProblem(StatusCodes.Status403Forbidden);

        MapStep<StepNote>(referrals, ReferralLifecycle.Triage, "The receiver triages the referral.", (b, _) => ReferralStepValidator.Note(ReferralLifecycle.Triage, b), optionalBody: true);
        MapStep<StepNote>(referrals, ReferralLifecycle.Accept, "The receiver accepts the referral: the accepting professional joins the family's care team.",
            (b, _) => ReferralStepValidator.Note(ReferralLifecycle.Accept, b), optionalBody: true);
        MapStep<StepReason>(referrals, ReferralLifecycle.Reject, "The receiver rejects the referral, with a reason for the referrer.", (b, _) => ReferralStepValidator.Reason(ReferralLifecycle.Reject, b!));
        MapStep<RedirectInput>(referrals, ReferralLifecycle.Redirect, "The receiver sends the referral on to another organisation, with a reason; that organisation's clock starts.",
            (b, _) => ReferralStepValidator.Redirect(b!), rules: true);
        MapStep<IntakeInput>(referrals, ReferralLifecycle.ScheduleIntake, "The receiver plans the intake, or records the day it took place (which stops the registration-to-intake clock).",
            (b, today) => ReferralStepValidator.Intake(b!, today), rules: true);
        MapStep<TreatmentStartInput>(referrals, ReferralLifecycle.StartTreatment, "The receiver records the day treatment started (which stops the intake-to-treatment clock).",
            (b, today) => ReferralStepValidator.TreatmentStart(b!, today), rules: true);
        MapStep<ClosureInput>(referrals, ReferralLifecycle.Close, "The receiver closes the referral with a summary the referrer reads.", (b, _) => ReferralStepValidator.Closure(b!));
        MapStep<StepReason>(referrals, ReferralLifecycle.Cancel, "The referrer cancels the referral, with a reason, until treatment starts.", (b, _) => ReferralStepValidator.Reason(ReferralLifecycle.Cancel, b!));
        MapStep<SupplementInput>(referrals, ReferralLifecycle.Supplement, "The referrer supplements the referral (text and attachments' metadata, with a reason) until closure; the receiver sees it.",
            (b, _) => ReferralStepValidator.Supplement(b!));
        return app;
    }

    /// <summary>The caller as the access rules see them.</summary>
    public static ReferralViewer ViewerOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return new ReferralViewer(user.Role(), user.Claim(ClaimNames.Agb), user.Claim(ClaimNames.Org), user.Claim(ClaimNames.Domain));
    }

    /// <summary>The caller as the timeline and the events name them.</summary>
    public static ReferralActor ActorOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return new ReferralActor(user.Id(), user.Claim(ClaimNames.Name) ?? user.Id(), user.Role(), user.Claim(ClaimNames.Agb),
            user.Role() == Roles.Clinician ? user.Claim(ClaimNames.Org) : null, user.Claim(ClaimNames.Domain));
    }

    private static void MapStep<TBody>(
        RouteGroupBuilder group, ReferralStep step, string summary,
        Func<TBody?, DateOnly, (StepChange? Change, Dictionary<string, string[]> Errors)> validate, bool optionalBody = false, bool rules = false)
        where TBody : class
    {
        var name = string.Concat(step.Name.Split('-').Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
        var endpoint = group.MapPost($"/{{id:guid}}/{step.Name}", (Guid id, HttpContext http, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct) =>
                TakeStepAsync(id, http, step, validate, optionalBody, steps, store, access, limits, time, ct))
            .WithName($"{name}Referral")
            .WithSummary(summary)
            .WithDescription($"Send the referral's ETag in If-Match. Taken by {(step.Party == ReferralParty.Referrer ? "the referrer" : "the receiving organisation")}; "
                + "409 lists the steps allowed from the referral's status" + (rules ? "; 422 names a broken rule." : "."))
            .Accepts<TBody>(optionalBody, "application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        if (rules)
        {
            endpoint.ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<Results<Ok<FollowedReferral>, ValidationProblem, ProblemHttpResult>> TakeStepAsync<TBody>(
        Guid id, HttpContext http, ReferralStep step, Func<TBody?, DateOnly, (StepChange? Change, Dictionary<string, string[]> Errors)> validate,
        bool optionalBody, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
        where TBody : class
    {
        var user = http.User;
        if (!user.HasRole(Professionals))
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "referral-step", "Referral", id.ToString()), ct);
            return Problem(StatusCodes.Status403Forbidden, "Only the referrer and the receiving organisation change a referral.");
        }

        TBody? body = null;
        if (!optionalBody || http.Request.ContentLength > 0 || http.Request.HasJsonContentType())
        {
            var (read, problem) = await JsonBody.ReadAsync<TBody>(http.Request, limits.MaxBodyBytes, ct);
            if (problem is not null)
            {
                return problem;
            }

            body = read;
        }

        var today = AmsterdamTime.Today(time);
        var (change, errors) = validate(body, today);
        if (change is null)
        {
            return TypedResults.ValidationProblem(errors, title: $"The {step.Name} step is invalid.");
        }

        var viewer = ViewerOf(http);
        var entry = access.Allowed(user, AuditAction.Update, "referral-" + step.Name, "Referral", id.ToString());
        var outcome = await steps.TakeAsync(id, viewer, ActorOf(http), entry, change, IfMatch.Read(http.Request), ct);
        return (await AnswerAsync(outcome, http, viewer, store, today, ct)).Result switch
        {
            Ok<FollowedReferral> ok => ok,
            var problem => (ProblemHttpResult)problem,
        };
    }

    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> ClaimAsync(
        Guid id, HttpContext http, ReferralStepStore steps, ReferralStore store, AccessLogWriter access, ProfessionalDirectory directory, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        var entry = access.Allowed(http.User, AuditAction.Update, "referral-claim", "Referral", id.ToString());
        var org = viewer.Org;
        // The organisation's name as the directory knows it; an organisation not (yet) in it is named by its code.
        var name = org is null ? string.Empty : (await directory.FindAsync(org, ct))?.Name ?? $"AGB {org}";
        var outcome = await steps.ClaimAsync(id, viewer, ActorOf(http), name, entry, ct);
        return await AnswerAsync(outcome, http, viewer, store, AmsterdamTime.Today(time), ct);
    }

    private static async Task<Results<Ok<FollowedReferral>, ProblemHttpResult>> AnswerAsync(
        StepOutcome outcome, HttpContext http, ReferralViewer viewer, ReferralStore store, DateOnly today, CancellationToken ct)
    {
        switch (outcome)
        {
            case StepOutcome.Done done:
                var row = done.Referral;
                http.Response.Headers.ETag = IfMatch.ETagOf(row.Version);
                var timeline = await store.TimelineAsync(row.Id, ct);
                return TypedResults.Ok(FollowedReferral.Of(row, timeline, ReferralAccess.Of(viewer, row.Parties), today));
            case StepOutcome.NotFound:
                return Problem(StatusCodes.Status404NotFound, "No such referral.");
            case StepOutcome.Forbidden forbidden:
                return Problem(StatusCodes.Status403Forbidden, $"Only {forbidden.Party} takes this step.");
            case StepOutcome.PreconditionRequired required:
                http.Response.Headers.ETag = IfMatch.ETagOf(required.Version);
                return Problem(StatusCodes.Status428PreconditionRequired, "Send the ETag of the version you read in If-Match.");
            case StepOutcome.Stale stale:
                http.Response.Headers.ETag = IfMatch.ETagOf(stale.Version);
                return Problem(StatusCodes.Status412PreconditionFailed, "The referral changed since you read it: read it again.");
            case StepOutcome.Conflict conflict:
                return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
                    title: $"This step cannot be taken from status {conflict.Status}.",
                    detail: conflict.Allowed.Count == 0 ? "No step can be taken now." : $"Allowed now: {string.Join(", ", conflict.Allowed)}.",
                    extensions: new Dictionary<string, object?> { ["referralStatus"] = conflict.Status, ["allowed"] = conflict.Allowed });
            case StepOutcome.AlreadyClaimed:
                return Problem(StatusCodes.Status409Conflict, "Another organisation claimed this referral first.");
            case StepOutcome.Broken broken:
                return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: broken.Rule.Title,
                    extensions: new Dictionary<string, object?> { ["rule"] = broken.Rule.Rule, ["field"] = broken.Rule.Field });
            default:
                throw new InvalidOperationException($"Unknown outcome {outcome.GetType().Name}");
        }
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
            return Problem(StatusCodes.Status403Forbidden, "Worklists are for referrers and receiving clinicians.");
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
            return Problem(StatusCodes.Status403Forbidden, "The regional intake pool is for clinicians of a receiving organisation.");
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

    private static async Task<Results<Ok<ReferralFeed>, ValidationProblem, ProblemHttpResult>> FeedAsync(
        string? after, int? limit, HttpContext http, ReferralQueries queries, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(Roles.Referrers) || user.Claim(ClaimNames.Agb) is not { } agb)
        {
            return Problem(StatusCodes.Status403Forbidden, "The feed follows the referrals a GP or POH-GGZ made.");
        }

        var errors = new Dictionary<string, string[]>();
        long position = 0;
        if (after is not null && !FeedCursor.TryParse(after, out position))
        {
            errors["after"] = ["Use the next cursor of an earlier answer."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"A page holds 1 to {MaxPageSize} changes."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The feed query is invalid.");
        }

        var changes = await queries.FeedAsync(agb, position, limit ?? 50, ct);
        await access.WriteAsync(changes.DistinctBy(c => c.Entry.ReferralId).Select(c => access.Allowed(user, AuditAction.Read,
            "referral-follow-up", "Referral", c.Entry.ReferralId.ToString(), c.SubjectBsn)), ct);
        var items = changes.Select(c => new FeedItem(c.Entry.ReferralId, c.Entry.Step, c.Entry.Status, new DateTimeOffset(c.Entry.OccurredAt, TimeSpan.Zero),
            new TimelineActor(c.Entry.ActorName, c.Entry.ActorRole, c.Entry.OrganisationAgb), c.Entry.Reason)).ToList();
        return TypedResults.Ok(new ReferralFeed(items, FeedCursor.Format(changes.Count > 0 ? changes[^1].Entry.Seq : position)));
    }

    private static async Task<Results<Ok<NormFiguresView>, ValidationProblem, ProblemHttpResult>> FiguresAsync(
        string? from, string? to, HttpContext http, ReferralQueries queries, TimeProvider time, CancellationToken ct)
    {
        var viewer = ViewerOf(http);
        // A clinician reads their organisation's figures; a POH-GGZ their practice's (as the receiver of referrals to the practice's POH-GGZ).
        var org = viewer.Role switch
        {
            Roles.Clinician => viewer.Org,
            Roles.Poh => viewer.Agb,
            _ => null,
        };
        if (org is null)
        {
            return Problem(StatusCodes.Status403Forbidden, "Treeknorm figures are read by the receiving organisation.");
        }

        var today = AmsterdamTime.Today(time);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);
        var errors = new Dictionary<string, string[]>();
        var first = ParseMonth(from, "from", thisMonth, errors);
        var last = ParseMonth(to, "to", thisMonth, errors);
        if (errors.Count == 0 && (last < first || last > first.AddMonths(MaxFigureMonths - 1)))
        {
            errors["to"] = [$"to lies on or after from, at most {MaxFigureMonths} months on."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The figures query is invalid.");
        }

        var rows = await queries.ClockDatesAsync(org, first, last.AddMonths(1).AddDays(-1), ct);
        var months = NormFigures.Compute(rows.Select(r => new NormFigures.Clocks(r.Urgent, r.ClockStartedOn, r.TriagedOn, r.IntakeOn, r.TreatmentStartedOn)), first, last);
        return TypedResults.Ok(new NormFiguresView(org, first.ToString("yyyy-MM", CultureInfo.InvariantCulture), last.ToString("yyyy-MM", CultureInfo.InvariantCulture), months));
    }

    private static DateOnly ParseMonth(string? text, string field, DateOnly fallback, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year >= 2000)
        {
            return month;
        }

        errors[field] = ["A month as yyyy-MM."];
        return fallback;
    }

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);

    /// <summary>The feed's cursor: the last change's place in commit order, opaque to the caller.</summary>
    private static class FeedCursor
    {
        private const string Prefix = "t1:";

        public static string Format(long seq) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + seq.ToString(CultureInfo.InvariantCulture)));

        public static bool TryParse(string text, out long seq)
        {
            seq = 0;
            if (text.Length is 0 or > 64 || !Base64Url.IsValid(text))
            {
                return false;
            }

            var plain = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            return plain.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(plain.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
        }
    }
}

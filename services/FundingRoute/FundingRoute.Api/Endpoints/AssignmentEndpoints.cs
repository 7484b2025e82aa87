using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Domain.Ijw;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundingRoute.Api.Endpoints;

public sealed record AssignmentRequest(
    [Required, Description("The referral whose youth care the provider asks the municipality to assign.")] Guid? ReferralId,
    [Description("The iJw product category; 54 (jeugd-ggz) when left out.")] string? ProductCategory);

public sealed record AssignmentStepRequest(
    [Description("receipt: whether the municipality investigates the woonplaatsbeginsel (another municipality may be responsible); the answer is then due in two weeks.")] bool? InvestigatingResidence,
    [Description("assignment: the first day assigned.")] DateOnly? From,
    [Description("assignment: the last day assigned, if bounded; not before from.")] DateOnly? To,
    [Description("rejection: the iJw rejection reason (5, 8 or 9); stop: the iJw stop reason (31).")] string? Reason,
    [Description("start and stop: the day care started or stopped; not after today.")] DateOnly? On);

/// <summary>An iJw code with its meaning and the release it comes from.</summary>
public sealed record IjwCode(
    [Description("The code.")] string Code,
    [Description("What it means.")] string Meaning,
    [Description("The iJw release of the code list.")] string Release);

/// <summary>A message of the assignment, in order.</summary>
public sealed record AssignmentMessageView(
    [Description("The iJw message: JW315, JW316, JW301, JW319, JW305 or JW307.")] string Message,
    [Description("The day it was sent.")] DateOnly On,
    [Description("Who sent it: the user id.")] string By,
    [Description("Its detail: a product category, a reason code, a period.")] string? Detail);

/// <summary>An assignment request as both sides see it: state, deadlines, whether late, the messages. No clinical content.</summary>
public sealed record AssignmentView(
    [Description("The assignment request.")] Guid Id,
    [Description("The referral it is for.")] Guid ReferralId,
    [Description("Whom it is for.")] FinancierRouteSubject Subject,
    [Description("The municipality asked (CBS code).")] string MunicipalityCode,
    [Description("The provider that asks (organisation AGB code).")] string ProviderAgb,
    [Description("The iJw product category.")] string ProductCategory,
    [Description("requested, received, assigned, rejected, started or stopped.")] string Status,
    [Description("When the JW315 was sent.")] DateOnly RequestedOn,
    [Description("The last day for the technical JW316 (3 working days).")] DateOnly ReceiptDueOn,
    [Description("The last day for the JW301 or JW319 (5 working days; 10 while the woonplaatsbeginsel is investigated).")] DateOnly AnswerDueOn,
    [Description("Whether the receipt is late today.")] bool ReceiptOverdue,
    [Description("Whether the answer is late today.")] bool AnswerOverdue,
    [Description("Whether the municipality investigates the woonplaatsbeginsel.")] bool InvestigatingResidence,
    [Description("When the JW316 came.")] DateOnly? ReceivedOn,
    [Description("When the JW301 or JW319 came.")] DateOnly? AnsweredOn,
    [Description("Why it was refused (JW319).")] IjwCode? RejectionReason,
    [Description("The period assigned (JW301).")] DateOnly? AssignedFrom,
    [Description("The end of the period assigned, if bounded.")] DateOnly? AssignedTo,
    [Description("When care started (JW305).")] DateOnly? StartedOn,
    [Description("When care stopped (JW307).")] DateOnly? StoppedOn,
    [Description("Why care stopped (JW307).")] IjwCode? StopReason,
    [Description("The steps the caller may take now: receipt, assignment, rejection, start, stop.")] IReadOnlyList<string> Allowed,
    [Description("The messages so far, in order.")] IReadOnlyList<AssignmentMessageView> Messages,
    [Description("The iJw release of the codes.")] string CodeRelease,
    [Description("The request's version, from 1.")] int Version);

/// <summary>One page of assignment requests, newest first.</summary>
public sealed record AssignmentPage(
    [Description("The requests of this page.")] IReadOnlyList<AssignmentView> Items,
    [Description("The page, from 1.")] int Page,
    [Description("How many a page holds.")] int PageSize,
    [Description("How many there are in all.")] int Total);

/// <summary>
/// The iJw assignment lifecycle (issue 10), as state the iJw exchange will map one to one: a youth
/// care provider's JW315 request for a referral it accepted; the municipality's JW316 receipt and
/// JW301 assignment or JW319 refusal within their working-day deadlines; the provider's JW305 start
/// and JW307 stop. Both sides list theirs, the late ones too. Another municipality's or provider's
/// request is 404.
/// </summary>
public static class AssignmentEndpoints
{
    public const string ObjectType = "Assignment";

    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapAssignmentEndpoints(this IEndpointRouteBuilder app)
    {
        var assignments = app.MapGroup("/api/funding/assignments").WithTags("Assignments");
        assignments.MapPost("/", RequestAsync)
            .WithName("RequestAssignment")
            .WithSummary("A youth care provider asks the municipality to assign a referral's youth care (iJw JW315).")
            .WithDescription("For a referral the caller's organisation accepted, whose funding route is the Jeugdwet by a referrer with direct access. "
                + "The municipality owes a JW316 receipt within 3 working days and a JW301 or JW319 within 5.")
            .Accepts<AssignmentRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        assignments.MapGet("/", ListAsync)
            .WithName("ListAssignments")
            .WithSummary("A municipality lists the requests made to it, a provider the ones it made; newest first, the late ones with overdue=true.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden);
        assignments.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAssignment")
            .WithSummary("The municipality asked or the provider that asked reads a request, its deadlines and messages.")
            .WithDescription("Another municipality's or provider's request, or an unknown id: 404. A caller that is neither (an insurer, a client, a GP): 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var step in AssignmentLifecycle.Steps)
        {
            assignments.MapPost($"/{{id:guid}}/{step.Name}", (Guid id, HttpContext http, AssignmentStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time,
                    CancellationToken ct) => StepAsync(id, step, http, store, access, limits, time, ct))
                .WithName(StepOperation(step))
                .WithSummary($"The {step.Actor} sends the {step.Message}: {IjwCodeLists.Messages.Codes[step.Message]}.")
                .Accepts<AssignmentStepRequest>("application/json")
                .Produces<AssignmentView>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithIdempotencyKey();
        }

        return app;
    }

    private static string StepOperation(AssignmentStep step) => step.Name switch
    {
        "receipt" => "ReceiveAssignmentRequest",
        "assignment" => "AssignYouthCare",
        "rejection" => "RejectAssignmentRequest",
        "start" => "StartAssignedCare",
        _ => "StopAssignedCare",
    };

    /// <summary>Who the caller is to assignments: a municipality by its code, a provider by its organisation, or neither.</summary>
    private sealed record Party(string Actor, string Code)
    {
        public bool Owns(AssignmentRow row) => Actor == AssignmentLifecycle.Municipality ? row.MunicipalityCode == Code : row.ProviderAgb == Code;
    }

    private static Party? PartyOf(ClaimsPrincipal user)
    {
        var role = user.Role();
        if (role == Roles.Municipality && user.Claim(ClaimNames.Municipality) is { } code)
        {
            return new Party(AssignmentLifecycle.Municipality, code);
        }

        return role is not null && Roles.Care.Contains(role) && user.Claim(ClaimNames.Org) is { } org ? new Party(AssignmentLifecycle.Provider, org) : null;
    }

    private static async Task<Results<Created<AssignmentView>, ValidationProblem, ProblemHttpResult>> RequestAsync(
        HttpContext http, AssignmentStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<AssignmentRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var category = request!.ProductCategory ?? IjwCodeLists.ProductCategories.Codes.Keys.First();
        if (request.ReferralId is null)
        {
            return JsonBody.Invalid("referralId", "referralId is required.");
        }

        if (!IjwCodeLists.ProductCategories.Has(category))
        {
            return JsonBody.Invalid("productCategory", $"productCategory must be one of {IjwCodeLists.ProductCategories.Valid} ({IjwCodeLists.Release}).");
        }

        var party = PartyOf(http.User);
        var referralId = request.ReferralId.Value;
        var entry = Entry(access, http.User, AuditAction.Create, allowed: true, objectId: null, bsn: null);
        if (party?.Actor != AssignmentLifecycle.Provider)
        {
            await access.DeniedAsync(entry with { ObjectId = referralId.ToString() }, ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a youth care provider (a professional of an organisation) requests an assignment.");
        }

        var today = AmsterdamTime.Today(time);
        return await store.RunAsync<Results<Created<AssignmentView>, ValidationProblem, ProblemHttpResult>>(async write =>
        {
            var route = await AssignmentStore.RouteAsync(write, referralId);
            // Only the organisation that accepted the referral asks for its assignment; for anyone else the referral is not theirs to know of.
            if (route is null || route.ProviderAgb != party.Code)
            {
                write.Audit(entry with { Outcome = "denied", CheckAuthorisation = CheckResult.Failed, ObjectId = referralId.ToString(), ClientBsn = route?.SubjectBsn });
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No referral this organisation accepted has that id.");
            }

            var paperwork = JsonSerializer.Deserialize<List<string>>(route.PaperworkJson) ?? [];
            if (route.Law != FundingRules.Jeugdwet || route.FinancierCode is null || !paperwork.Exists(p => p.Contains(IjwCodeLists.Request, StringComparison.Ordinal)))
            {
                return Conflict("assignment-not-by-request", "This referral's youth care is not assigned on a provider's request.",
                    "A JW315 request is for youth care under the Jeugdwet after a referral by a GP, youth doctor or medical specialist (Jeugdwet art. 2.6); "
                    + "otherwise the municipality decides (beschikking) or another law pays.");
            }

            if (await AssignmentStore.ExistingAsync(write, referralId, party.Code) is { } existing)
            {
                return Conflict("assignment-already-requested", "This organisation already requested an assignment for this referral.", $"See /api/funding/assignments/{existing}.");
            }

            var deadlines = AssignmentLifecycle.Deadlines(today, investigatingResidence: false);
            var row = new AssignmentRow
            {
                AssignmentId = Guid.NewGuid(),
                ReferralId = referralId,
                SubjectBsn = route.SubjectBsn,
                SubjectBirthDate = route.SubjectBirthDate,
                MunicipalityCode = route.FinancierCode,
                ProviderAgb = party.Code,
                ProductCategory = category,
                CodeRelease = IjwCodeLists.Release,
                Status = AssignmentStatuses.Requested,
                RequestedOn = today,
                ReceiptDueOn = deadlines.ReceiptDueOn,
                AnswerDueOn = deadlines.AnswerDueOn,
                Version = 1,
            };
            await AssignmentStore.InsertAsync(write, row, http.User.Id() ?? party.Code);
            write.Audit(entry with { ObjectId = row.AssignmentId.ToString(), ClientBsn = row.SubjectBsn, CheckTreatmentRelationship = CheckResult.Passed });
            var view = View(row, [new AssignmentMessageRow { MessageCode = IjwCodeLists.Request, SentOn = today, SentBy = http.User.Id() ?? party.Code, Detail = category }], party, today);
            return TypedResults.Created($"/api/funding/assignments/{row.AssignmentId}", view);
        }, ct);
    }

    private static async Task<Results<Ok<AssignmentPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        int? page, int? pageSize, string? status, bool? overdue, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var party = PartyOf(http.User);
        if (party is null)
        {
            await access.WriteAsync(Entry(access, http.User, AuditAction.Read, allowed: false, objectId: null, bsn: null), ct);
            return NoParty();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var paging = Paging.Read(page, pageSize, DefaultPageSize, MaxPageSize, "requests", errors);
        string[] statuses = [AssignmentStatuses.Requested, AssignmentStatuses.Received, AssignmentStatuses.Assigned, AssignmentStatuses.Rejected, AssignmentStatuses.Started, AssignmentStatuses.Stopped];
        if (status is not null && !statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", statuses)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is invalid.");
        }

        var today = AmsterdamTime.Today(time);
        var scope = party.Actor == AssignmentLifecycle.Municipality ? new AssignmentScope(party.Code, null) : new AssignmentScope(null, party.Code);
        var (rows, total) = await store.ListAsync(scope, status, overdue ?? false, today, (paging.Number - 1) * paging.Size, paging.Size, ct);
        if (rows.Count > 0)
        {
            await access.WriteAsync(rows.Select(r => Entry(access, http.User, AuditAction.Read, allowed: true, r.AssignmentId.ToString(), r.SubjectBsn)).ToList(), ct);
        }

        return TypedResults.Ok(new AssignmentPage(rows.Select(r => View(r, [], party, today)).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<AssignmentView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var party = PartyOf(http.User);
        var found = await store.FindAsync(id, ct);
        var allowed = found is { } f && party is not null && party.Owns(f.Row);
        await access.WriteAsync(Entry(access, http.User, AuditAction.Read, allowed, id.ToString(), found?.Row.SubjectBsn), ct);
        if (party is null)
        {
            return NoParty();
        }

        return allowed ? TypedResults.Ok(View(found!.Value.Row, found.Value.Messages, party, AmsterdamTime.Today(time))) : NotFound();
    }

    private static async Task<Results<Ok<AssignmentView>, ValidationProblem, ProblemHttpResult>> StepAsync(
        Guid id, AssignmentStep step, HttpContext http, AssignmentStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<AssignmentStepRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var today = AmsterdamTime.Today(time);
        var party = PartyOf(http.User);
        var found = await store.FindAsync(id, ct);
        var entry = Entry(access, http.User, AuditAction.Update, allowed: true, id.ToString(), found?.Row.SubjectBsn);
        // Another municipality's or provider's request is not theirs to know of, whatever they try on it.
        if (found is not { } current || party is null || !party.Owns(current.Row))
        {
            await access.DeniedAsync(entry, ct);
            return party is null ? NoParty() : NotFound();
        }

        var row = current.Row;
        if (party.Actor != step.Actor)
        {
            await access.DeniedAsync(entry, ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: $"The {step.Message} is the {step.Actor}'s to send.");
        }

        if (!step.From.Contains(row.Status))
        {
            return Conflict("assignment-step-not-allowed", $"A request that is {row.Status} takes no {step.Name}.", null,
                AssignmentLifecycle.Allowed(row.Status, party.Actor));
        }

        var (changed, detail, invalid) = Apply(step, row, request!, today);
        if (invalid is not null)
        {
            return invalid;
        }

        var by = http.User.Id() ?? party.Code;
        var stored = await store.RunAsync(async write =>
        {
            if (!await AssignmentStore.UpdateAsync(write, changed, step.Message, today, by, detail))
            {
                return false;
            }

            // The new municipality of a moved young person assigned: help begun before the move is its to pay from now.
            if (step == AssignmentLifecycle.Assign)
            {
                await InterventionRouteStore.DecideAgainForMovedAsync(write, access, row.SubjectBsn);
            }

            write.Audit(entry);
            return true;
        }, ct);
        if (!stored)
        {
            return Conflict("assignment-changed", "The request changed while this step was taken; read it again.", null, null);
        }

        var reread = (await store.FindAsync(id, ct))!.Value;
        return TypedResults.Ok(View(reread.Row, reread.Messages, party, today));
    }

    /// <summary>The request after <paramref name="step"/>, the message's detail, or the problem with the body.</summary>
    private static (AssignmentRow Changed, string? Detail, ValidationProblem? Invalid) Apply(AssignmentStep step, AssignmentRow row, AssignmentStepRequest body, DateOnly today)
    {
        var next = row.Copy();
        next.Status = step.To;
        switch (step.Name)
        {
            case "receipt":
                next.ReceivedOn = today;
                next.InvestigatingResidence = body.InvestigatingResidence ?? false;
                next.AnswerDueOn = AssignmentLifecycle.Deadlines(row.RequestedOn, next.InvestigatingResidence).AnswerDueOn;
                return (next, next.InvestigatingResidence ? "woonplaatsbeginsel" : null, null);
            case "assignment":
                if (body.From is not { } from)
                {
                    return (next, null, JsonBody.Invalid("from", "from, the first day assigned, is required."));
                }

                if (body.To is { } to && to < from)
                {
                    return (next, null, JsonBody.Invalid("to", "to must not be before from."));
                }

                (next.AnsweredOn, next.ReceivedOn, next.AssignedFrom, next.AssignedTo) = (today, row.ReceivedOn ?? today, from, body.To);
                return (next, body.To is { } end ? $"{from:yyyy-MM-dd}/{end:yyyy-MM-dd}" : $"{from:yyyy-MM-dd}/", null);
            case "rejection":
                if (!IjwCodeLists.RejectionReasons.Has(body.Reason))
                {
                    return (next, null, JsonBody.Invalid("reason", $"reason must be a rejection reason of {IjwCodeLists.Release}: {IjwCodeLists.RejectionReasons.Valid}."));
                }

                (next.AnsweredOn, next.ReceivedOn, next.RejectionReason) = (today, row.ReceivedOn ?? today, body.Reason);
                return (next, body.Reason, null);
            case "start":
                if (body.On is not { } started || started > today || started < row.AssignedFrom || started > row.AssignedTo)
                {
                    return (next, null, JsonBody.Invalid("on", "on, the day care started, is required: within the period assigned and not after today."));
                }

                next.StartedOn = started;
                return (next, null, null);
            default:
                if (body.On is not { } stopped || stopped > today || stopped < row.StartedOn)
                {
                    return (next, null, JsonBody.Invalid("on", "on, the day care stopped, is required: not before it started and not after today."));
                }

                if (!IjwCodeLists.StopReasons.Has(body.Reason))
                {
                    return (next, null, JsonBody.Invalid("reason", $"reason must be a stop reason of {IjwCodeLists.Release}: {IjwCodeLists.StopReasons.Valid}."));
                }

                (next.StoppedOn, next.StopReason) = (stopped, body.Reason);
                return (next, body.Reason, null);
        }
    }

    private static AssignmentView View(AssignmentRow row, IReadOnlyList<AssignmentMessageRow> messages, Party party, DateOnly today) => new(
        row.AssignmentId, row.ReferralId, new FinancierRouteSubject(row.SubjectBsn, row.SubjectBirthDate), row.MunicipalityCode, row.ProviderAgb,
        row.ProductCategory, row.Status, row.RequestedOn, row.ReceiptDueOn, row.AnswerDueOn,
        row.Deadlines.ReceiptOverdue(row.Status, today), row.Deadlines.AnswerOverdue(row.Status, today), row.InvestigatingResidence,
        row.ReceivedOn, row.AnsweredOn, Code(IjwCodeLists.RejectionReasons, row.RejectionReason), row.AssignedFrom, row.AssignedTo,
        row.StartedOn, row.StoppedOn, Code(IjwCodeLists.StopReasons, row.StopReason), AssignmentLifecycle.Allowed(row.Status, party.Actor),
        messages.Select(m => new AssignmentMessageView(m.MessageCode, m.SentOn, m.SentBy, m.Detail)).ToList(), row.CodeRelease, row.Version);

    private static IjwCode? Code(CodeList list, string? code) =>
        code is null ? null : new IjwCode(code, list.Codes.TryGetValue(code, out var meaning) ? meaning : "not in this release's list", list.Release);

    /// <summary>
    /// A NEN 7513 entry for an assignment. A municipality acts on the law (Jeugdwet), a provider on
    /// the treatment relationship of the referral it accepted; neither rests on consent.
    /// </summary>
    private static AuditEntry Entry(AccessLogWriter access, ClaimsPrincipal user, AuditAction action, bool allowed, string? objectId, string? bsn)
    {
        var entry = access.Of(user, action, allowed, FundingRouteEndpoints.Purpose, ObjectType, objectId, bsn);
        return entry with
        {
            OnBehalfOf = user.Claim(ClaimNames.Municipality) ?? entry.OnBehalfOf,
            CheckTreatmentRelationship = CheckResult.NotApplicable,
            CheckConsent = CheckResult.NotApplicable,
        };
    }

    private static ProblemHttpResult NoParty() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a municipality or a youth care provider (a professional of an organisation) has assignment requests.");

    private static ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such assignment request.");

    private static ProblemHttpResult Conflict(string rule, string title, string? detail, IReadOnlyList<string>? allowed = null)
    {
        var extensions = new Dictionary<string, object?> { ["rule"] = rule };
        if (allowed is not null)
        {
            extensions["allowed"] = allowed;
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: extensions);
    }
}

using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Ijw;

namespace FundingRoute.Api.Endpoints;

/// <summary>
/// The iJw assignment lifecycle (issue 10), as state the iJw exchange will map one to one: a youth
/// care provider's JW315 request for a referral it accepted; the municipality's JW316 receipt and
/// JW301 assignment or JW319 refusal within their working-day deadlines; the provider's JW305 start
/// and JW307 stop. Both sides list theirs, the late ones too. Another municipality's or provider's
/// request is 404. Who may take which step, and what it does, is <see cref="AssignmentLifecycle"/>'s.
/// </summary>
public static partial class AssignmentEndpoints
{
    public const string ObjectType = "Assignment";

    private const int DefaultLimit = 50;
    private const int MaxLimit = 100;

    /// <summary>The sort keys an assignment list's cursor holds: requested_on and assignment_id.</summary>
    private const int CursorKeys = 2;

    /// <summary>Maps the request, the reads and each step into <paramref name="assignments"/> (<c>/api/funding/assignments</c>).</summary>
    internal static void MapAssignments(RouteGroupBuilder assignments)
    {
        assignments.MapPost("/", RequestAsync)
            .WithName("RequestAssignment")
            .WithSummary("A youth care provider asks the municipality to assign a referral's youth care (iJw JW315).")
            .WithDescription("For a referral the caller's organisation accepted, whose funding route is the Jeugdwet by a referrer with direct access. "
                + "The municipality owes a JW316 receipt within 3 working days and a JW301 or JW319 within 5.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        assignments.MapGet("/", ListAsync)
            .WithName("ListAssignments")
            .WithSummary("A municipality lists the requests made to it, a provider the ones it made; newest first, the late ones with overdue=true.")
            .WithDescription("Filters: status, overdue. Paged with an opaque cursor: pass nextCursor back as cursor. "
                + "Each request returned is written to the client's access log. A caller that is neither a municipality nor a youth care provider: 403.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithPaging("requests", DefaultLimit, MaxLimit);
        assignments.MapGet("/{id:guid}", GetAsync)
            .WithName("GetAssignment")
            .WithSummary("The municipality asked or the provider that asked reads a request, its deadlines and messages.")
            .WithDescription("Another municipality's or provider's request, or an unknown id: 404. A caller that is neither (an insurer, a client, a GP): 403.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var step in AssignmentLifecycle.Steps)
        {
            assignments.MapPost($"/{{id:guid}}/{step.Name}", (Guid id, AssignmentStepRequest request, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time,
                    CancellationToken ct) => StepAsync(id, step, request, http, store, access, time, ct))
                .WithName(StepOperation(step))
                .WithSummary($"The {step.Actor} sends the {step.Message}: {IjwCodeLists.Messages.Codes[step.Message]}.")
                .Produces<AssignmentView>()
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status403Forbidden)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict)
                .WithIdempotencyKey();
        }
    }

    private static string StepOperation(AssignmentStep step) => step.Name switch
    {
        "receipt" => "ReceiveAssignmentRequest",
        "return" => "ReturnAssignmentRequest",
        "resend" => "ResendAssignmentRequest",
        "assignment" => "AssignYouthCare",
        "rejection" => "RejectAssignmentRequest",
        "start" => "StartAssignedCare",
        _ => "StopAssignedCare",
    };

    private static AssignmentView View(AssignmentRow row, IReadOnlyList<AssignmentMessageRow> messages, AssignmentParty party, DateOnly today) => new(
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
}

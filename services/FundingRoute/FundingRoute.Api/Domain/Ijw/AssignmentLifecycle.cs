using System.Text.RegularExpressions;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Engine;

namespace FundingRoute.Api.Domain.Ijw;

/// <summary>The states of an assignment request.</summary>
public static class AssignmentStatuses
{
    public const string Requested = "requested";
    public const string Received = "received";

    /// <summary>Refused by the municipality's JW316 with retour codes: the provider corrects it and sends it again.</summary>
    public const string Returned = "returned";
    public const string Assigned = "assigned";
    public const string Rejected = "rejected";
    public const string Started = "started";
    public const string Stopped = "stopped";
}

/// <summary>One step of the lifecycle: its name in the API, the iJw message it stands for, who takes it, from which states, to which.</summary>
public sealed record AssignmentStep(string Name, string Message, string Actor, IReadOnlyList<string> From, string To);

/// <summary>When the municipality must answer, and whether it is late on a day.</summary>
/// <param name="ReceiptDueOn">The last day for the technical JW316: 3 working days after the request.</param>
/// <param name="AnswerDueOn">The last day for the JW301 or JW319: 5 working days after the request, 10 (two weeks) while the woonplaatsbeginsel is investigated.</param>
public sealed record AssignmentDeadlines(DateOnly ReceiptDueOn, DateOnly AnswerDueOn)
{
    /// <summary>Whether the receipt is late on <paramref name="today"/>.</summary>
    public bool ReceiptOverdue(string status, DateOnly today) => status == AssignmentStatuses.Requested && today > ReceiptDueOn;

    /// <summary>Whether the answer is late on <paramref name="today"/>.</summary>
    public bool AnswerOverdue(string status, DateOnly today) =>
        status is AssignmentStatuses.Requested or AssignmentStatuses.Received && today > AnswerDueOn;
}

/// <summary>What a step's body says, as the lifecycle reads it.</summary>
/// <param name="InvestigatingResidence">receipt: whether the municipality investigates the woonplaatsbeginsel.</param>
/// <param name="From">assignment: the first day assigned.</param>
/// <param name="To">assignment: the last day assigned, if bounded.</param>
/// <param name="Reason">rejection: the iJw rejection reason; stop: the iJw stop reason.</param>
/// <param name="On">start and stop: the day care started or stopped.</param>
/// <param name="Codes">return: the JW316's retour codes (WJ001).</param>
/// <param name="ProductCategory">resend: the corrected product category; the request's own when null.</param>
public sealed record AssignmentStepInput(
    bool? InvestigatingResidence, DateOnly? From, DateOnly? To, string? Reason, DateOnly? On, IReadOnlyList<string>? Codes = null, string? ProductCategory = null);

/// <summary>A field of a step's body that does not allow the step, and why: answered as a validation problem naming the field.</summary>
/// <param name="Field">The field at fault, as the body names it.</param>
/// <param name="Message">What the field must be.</param>
public sealed record AssignmentFieldError(string Field, string Message);

/// <summary>What a step does to a request: the request after it and the detail of its message; or the field of the body at fault.</summary>
/// <param name="Changed">The request after the step.</param>
/// <param name="Detail">The detail of the step's message: a reason code, a period, the woonplaatsbeginsel.</param>
/// <param name="Error">The field of the body that does not allow the step; null when it does.</param>
public sealed record AssignmentChange(AssignmentRow Changed, string? Detail, AssignmentFieldError? Error = null);

/// <summary>
/// The iJw assignment lifecycle (domain.md): a provider's JW315 request; the municipality's
/// technical JW316 within 3 working days (one with retour codes returns the request, which the
/// provider corrects and sends again, with new deadlines) and its JW301 assignment or JW319 refusal
/// within 5 (two weeks when it investigates the woonplaatsbeginsel: another municipality may be responsible);
/// the provider's JW305 start and JW307 stop. Working days under the Algemene termijnenwet. Who may
/// take which step, and what each step does to a request: another municipality's or provider's
/// request does not exist for the caller. Pure.
/// </summary>
public static partial class AssignmentLifecycle
{
    public const string Provider = "provider";
    public const string Municipality = "municipality";

    public const int ReceiptWorkingDays = 3;
    public const int AnswerWorkingDays = 5;

    /// <summary>Two weeks: ten working days.</summary>
    public const int ResidenceAnswerWorkingDays = 10;

    public static readonly AssignmentStep Receive = new("receipt", IjwCodeLists.Receipt, Municipality, [AssignmentStatuses.Requested], AssignmentStatuses.Received);

    /// <summary>The JW316 with retour codes: the request did not pass the municipality's checks and is the provider's to correct.</summary>
    public static readonly AssignmentStep Return = new("return", IjwCodeLists.Receipt, Municipality, [AssignmentStatuses.Requested], AssignmentStatuses.Returned);

    /// <summary>The corrected JW315 of a returned request, with new deadlines from the day it is sent.</summary>
    public static readonly AssignmentStep Resend = new("resend", IjwCodeLists.Request, Provider, [AssignmentStatuses.Returned], AssignmentStatuses.Requested);
    public static readonly AssignmentStep Assign = new("assignment", IjwCodeLists.Assignment, Municipality, [AssignmentStatuses.Requested, AssignmentStatuses.Received], AssignmentStatuses.Assigned);
    public static readonly AssignmentStep Reject = new("rejection", IjwCodeLists.Rejection, Municipality, [AssignmentStatuses.Requested, AssignmentStatuses.Received], AssignmentStatuses.Rejected);
    public static readonly AssignmentStep Start = new("start", IjwCodeLists.Start, Provider, [AssignmentStatuses.Assigned], AssignmentStatuses.Started);
    public static readonly AssignmentStep Stop = new("stop", IjwCodeLists.Stop, Provider, [AssignmentStatuses.Started], AssignmentStatuses.Stopped);

    /// <summary>The steps after the request, in their order.</summary>
    public static readonly IReadOnlyList<AssignmentStep> Steps = [Receive, Return, Resend, Assign, Reject, Start, Stop];

    /// <summary>The deadlines of a request made on <paramref name="requestedOn"/>.</summary>
    public static AssignmentDeadlines Deadlines(DateOnly requestedOn, bool investigatingResidence) =>
        new(WorkingDays.After(requestedOn, ReceiptWorkingDays),
            WorkingDays.After(requestedOn, investigatingResidence ? ResidenceAnswerWorkingDays : AnswerWorkingDays));

    /// <summary>The steps <paramref name="actor"/> may take from <paramref name="status"/>.</summary>
    public static IReadOnlyList<string> Allowed(string status, string actor) =>
        Steps.Where(s => s.Actor == actor && s.From.Contains(status)).Select(s => s.Name).ToList();

    /// <summary>The refusal of a caller that is neither a municipality nor a youth care provider.</summary>
    public static Refusal NoParty { get; } =
        Refusal.Forbidden("Only a municipality or a youth care provider (a professional of an organisation) has assignment requests.");

    /// <summary>The refusal of a request that does not exist, or is another municipality's or provider's.</summary>
    public static Refusal NoSuchRequest { get; } = Refusal.NotFound("No such assignment request.");

    /// <summary>The refusal of a step whose request changed after it was read.</summary>
    public static Refusal Changed { get; } =
        Refusal.Conflict("The request changed while this step was taken; read it again.", FundingRouteRules.AssignmentChanged);

    /// <summary>Only a youth care provider requests an assignment: null for one, else the refusal.</summary>
    public static Refusal? MayRequest(AssignmentParty? party) =>
        party?.Actor == Provider ? null : Refusal.Forbidden("Only a youth care provider (a professional of an organisation) requests an assignment.");

    /// <summary>
    /// Only the organisation that accepted the referral (whose funding route is <paramref name="route"/>,
    /// null when it has none) asks for its assignment; for anyone else the referral is not theirs to
    /// know of. Null when <paramref name="provider"/> did.
    /// </summary>
    public static Refusal? MayRequestFor(AssignmentParty provider, RequestableRoute? route)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return route is null || route.ProviderAgb != provider.Code ? Refusal.NotFound("No referral this organisation accepted has that id.") : null;
    }

    /// <summary>
    /// A JW315 request is for youth care under the Jeugdwet after a referral by a GP, youth doctor or
    /// medical specialist, which <paramref name="route"/>'s paperwork then names: null when it does.
    /// </summary>
    public static Refusal? ByRequest(RequestableRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        if (route.Law != FundingRules.Jeugdwet || route.FinancierCode is null || !route.Paperwork.Any(p => p.Contains(IjwCodeLists.Request, StringComparison.Ordinal)))
        {
            return Refusal.Conflict("This referral's youth care is not assigned on a provider's request.", FundingRouteRules.AssignmentNotByRequest)
                .Because("A JW315 request is for youth care under the Jeugdwet after a referral by a GP, youth doctor or medical specialist (Jeugdwet art. 2.6); "
                    + "otherwise the municipality decides (beschikking) or another law pays.");
        }

        return null;
    }

    /// <summary>The refusal of a second request by the organisation that made <paramref name="existing"/>.</summary>
    public static Refusal AlreadyRequested(Guid existing) =>
        Refusal.Conflict("This organisation already requested an assignment for this referral.", FundingRouteRules.AssignmentAlreadyRequested)
            .Because($"See /api/funding/assignments/{existing}.");

    /// <summary>
    /// The new request (JW315) of <paramref name="provider"/> on <paramref name="today"/> for the referral
    /// whose route <see cref="ByRequest"/> allowed: to the municipality that pays, with its deadlines.
    /// </summary>
    public static AssignmentRow Request(Guid referralId, RequestableRoute route, AssignmentParty provider, string category, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(provider);
        var deadlines = Deadlines(today, investigatingResidence: false);
        return new AssignmentRow
        {
            AssignmentId = Guid.NewGuid(),
            ReferralId = referralId,
            SubjectBsn = route.SubjectBsn,
            SubjectBirthDate = route.SubjectBirthDate,
            MunicipalityCode = route.FinancierCode ?? throw new InvalidOperationException("A request goes to the municipality that pays the route."),
            ProviderAgb = provider.Code,
            ProductCategory = category,
            CodeRelease = IjwCodeLists.Release,
            Status = AssignmentStatuses.Requested,
            RequestedOn = today,
            ReceiptDueOn = deadlines.ReceiptDueOn,
            AnswerDueOn = deadlines.AnswerDueOn,
            Version = 1,
        };
    }

    /// <summary>
    /// Whether <paramref name="party"/> (null: neither a municipality nor a provider) may see
    /// <paramref name="row"/> (null: no such request) and, for a <paramref name="step"/>, take it:
    /// another's request is not theirs to know of, whatever they try on it; a step is its actor's to
    /// send. Null when it may.
    /// </summary>
    public static Refusal? MayAccess(AssignmentParty? party, AssignmentRow? row, AssignmentStep? step = null)
    {
        if (party is null)
        {
            return NoParty;
        }

        if (row is null || !party.Owns(row))
        {
            return NoSuchRequest;
        }

        return step is not null && party.Actor != step.Actor ? Refusal.Forbidden($"The {step.Message} is the {step.Actor}'s to send.") : null;
    }

    /// <summary>Whether <paramref name="step"/> follows the state of <paramref name="row"/>: null when it does, else a conflict naming the steps <paramref name="actor"/> may take.</summary>
    public static Refusal? MayTake(AssignmentStep step, AssignmentRow row, string actor)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(row);
        return step.From.Contains(row.Status)
            ? null
            : Refusal.Conflict($"A request that is {row.Status} takes no {step.Name}.", FundingRouteRules.AssignmentStepNotAllowed)
                .With("allowed", Allowed(row.Status, actor));
    }

    /// <summary>The request after <paramref name="step"/> taken on <paramref name="today"/> with <paramref name="body"/>, the message's detail, or the field at fault.</summary>
    public static AssignmentChange Apply(AssignmentStep step, AssignmentRow row, AssignmentStepInput body, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(body);
        var next = row.Copy();
        next.Status = step.To;
        switch (step.Name)
        {
            case "receipt":
                next.ReceivedOn = today;
                next.InvestigatingResidence = body.InvestigatingResidence ?? false;
                next.AnswerDueOn = Deadlines(row.RequestedOn, next.InvestigatingResidence).AnswerDueOn;
                return new(next, next.InvestigatingResidence ? "woonplaatsbeginsel" : null);
            case "return":
                if (body.Codes is not { Count: > 0 } codes || codes.Any(c => c is null || !RetourCode().IsMatch(c)) || codes.All(c => c == IjwCodeLists.NoRemark))
                {
                    return Invalid(next, "codes", $"codes are the JW316's retour codes (WJ001, four digits or letters each), at least one other than {IjwCodeLists.NoRemark}.");
                }

                next.ReceivedOn = today;
                return new(next, string.Join(' ', codes.Distinct(StringComparer.Ordinal)));
            case "resend":
                var category = body.ProductCategory ?? row.ProductCategory;
                if (!IjwCodeLists.ProductCategories.Has(category))
                {
                    return Invalid(next, "productCategory", $"productCategory must be one of {IjwCodeLists.ProductCategories.Valid} ({IjwCodeLists.Release}).");
                }

                var deadlines = Deadlines(today, investigatingResidence: false);
                (next.ProductCategory, next.RequestedOn, next.ReceivedOn, next.ReceiptDueOn, next.AnswerDueOn) = (category, today, null, deadlines.ReceiptDueOn, deadlines.AnswerDueOn);
                return new(next, category);
            case "assignment":
                if (body.From is not { } from)
                {
                    return Invalid(next, "from", "from, the first day assigned, is required.");
                }

                if (body.To is { } to && to < from)
                {
                    return Invalid(next, "to", "to must not be before from.");
                }

                (next.AnsweredOn, next.ReceivedOn, next.AssignedFrom, next.AssignedTo) = (today, row.ReceivedOn ?? today, from, body.To);
                return new(next, body.To is { } end ? $"{from:yyyy-MM-dd}/{end:yyyy-MM-dd}" : $"{from:yyyy-MM-dd}/");
            case "rejection":
                if (!IjwCodeLists.RejectionReasons.Has(body.Reason))
                {
                    return Invalid(next, "reason", $"reason must be a rejection reason of {IjwCodeLists.Release}: {IjwCodeLists.RejectionReasons.Valid}.");
                }

                (next.AnsweredOn, next.ReceivedOn, next.RejectionReason) = (today, row.ReceivedOn ?? today, body.Reason);
                return new(next, body.Reason);
            case "start":
                if (body.On is not { } started || started > today || started < row.AssignedFrom || started > row.AssignedTo)
                {
                    return Invalid(next, "on", "on, the day care started, is required: within the period assigned and not after today.");
                }

                next.StartedOn = started;
                return new(next, null);
            default:
                if (body.On is not { } stopped || stopped > today || stopped < row.StartedOn)
                {
                    return Invalid(next, "on", "on, the day care stopped, is required: not before it started and not after today.");
                }

                if (!IjwCodeLists.StopReasons.Has(body.Reason))
                {
                    return Invalid(next, "reason", $"reason must be a stop reason of {IjwCodeLists.Release}: {IjwCodeLists.StopReasons.Valid}.");
                }

                (next.StoppedOn, next.StopReason) = (stopped, body.Reason);
                return new(next, body.Reason);
        }
    }

    /// <summary>
    /// A youth GGZ assignment still running on the 18th birthday of whom it is for, stopped that day
    /// (JW307) with stop reason 31, ended as planned, which includes turning 18: the GGZ moves to the Zvw.
    /// </summary>
    public static AssignmentRow StopAtEighteen(AssignmentRow running)
    {
        ArgumentNullException.ThrowIfNull(running);
        var stopped = running.Copy();
        (stopped.Status, stopped.StoppedOn, stopped.StopReason) =
            (AssignmentStatuses.Stopped, AmsterdamTime.BirthdayAt(running.SubjectBirthDate!.Value, 18), AgeTransition.EndedAsPlanned);
        return stopped;
    }

    private static AssignmentChange Invalid(AssignmentRow next, string field, string message) => new(next, null, new AssignmentFieldError(field, message));

    [GeneratedRegex("^[0-9A-Z]{4}$")]
    private static partial Regex RetourCode();
}

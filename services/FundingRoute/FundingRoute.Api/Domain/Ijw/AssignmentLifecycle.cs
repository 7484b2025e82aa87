using Coordination.ServiceDefaults;

namespace FundingRoute.Api.Domain.Ijw;

/// <summary>The states of an assignment request.</summary>
public static class AssignmentStatuses
{
    public const string Requested = "requested";
    public const string Received = "received";
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

/// <summary>
/// The iJw assignment lifecycle (domain.md): a provider's JW315 request; the municipality's
/// technical JW316 within 3 working days and its JW301 assignment or JW319 refusal within 5 (two
/// weeks when it investigates the woonplaatsbeginsel: another municipality may be responsible);
/// the provider's JW305 start and JW307 stop. Working days under the Algemene termijnenwet. Pure.
/// </summary>
public static class AssignmentLifecycle
{
    public const string Provider = "provider";
    public const string Municipality = "municipality";

    public const int ReceiptWorkingDays = 3;
    public const int AnswerWorkingDays = 5;

    /// <summary>Two weeks: ten working days.</summary>
    public const int ResidenceAnswerWorkingDays = 10;

    public static readonly AssignmentStep Receive = new("receipt", IjwCodeLists.Receipt, Municipality, [AssignmentStatuses.Requested], AssignmentStatuses.Received);
    public static readonly AssignmentStep Assign = new("assignment", IjwCodeLists.Assignment, Municipality, [AssignmentStatuses.Requested, AssignmentStatuses.Received], AssignmentStatuses.Assigned);
    public static readonly AssignmentStep Reject = new("rejection", IjwCodeLists.Rejection, Municipality, [AssignmentStatuses.Requested, AssignmentStatuses.Received], AssignmentStatuses.Rejected);
    public static readonly AssignmentStep Start = new("start", IjwCodeLists.Start, Provider, [AssignmentStatuses.Assigned], AssignmentStatuses.Started);
    public static readonly AssignmentStep Stop = new("stop", IjwCodeLists.Stop, Provider, [AssignmentStatuses.Started], AssignmentStatuses.Stopped);

    /// <summary>The steps after the request, in their order.</summary>
    public static readonly IReadOnlyList<AssignmentStep> Steps = [Receive, Assign, Reject, Start, Stop];

    /// <summary>The deadlines of a request made on <paramref name="requestedOn"/>.</summary>
    public static AssignmentDeadlines Deadlines(DateOnly requestedOn, bool investigatingResidence) =>
        new(WorkingDays.After(requestedOn, ReceiptWorkingDays),
            WorkingDays.After(requestedOn, investigatingResidence ? ResidenceAnswerWorkingDays : AnswerWorkingDays));

    /// <summary>The steps <paramref name="actor"/> may take from <paramref name="status"/>.</summary>
    public static IReadOnlyList<string> Allowed(string status, string actor) =>
        Steps.Where(s => s.Actor == actor && s.From.Contains(status)).Select(s => s.Name).ToList();
}

using System.ComponentModel;

namespace FundingRoute.Api.Endpoints;

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
    [Description("The requests of this page, newest request first.")] IReadOnlyList<AssignmentView> Items,
    [Description("Pass as cursor to read the next page; left out on the last page.")] string? NextCursor);


using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FundingRoute.Api.Endpoints;

public sealed record AssignmentRequest(
    [Required, Description("The referral whose youth care the provider asks the municipality to assign.")] Guid? ReferralId,
    [Description("The iJw product category; 54 (jeugd-ggz) when left out.")] string? ProductCategory);

public sealed record AssignmentStepRequest(
    [Description("receipt: whether the municipality investigates the woonplaatsbeginsel (another municipality may be responsible); the answer is then due in two weeks.")] bool? InvestigatingResidence,
    [Description("assignment: the first day assigned.")] DateOnly? From,
    [Description("assignment: the last day assigned, if bounded; not before from.")] DateOnly? To,
    [Description("rejection: the iJw rejection reason (5, 8 or 9); stop: the iJw stop reason (31).")] string? Reason,
    [Description("start and stop: the day care started or stopped; not after today.")] DateOnly? On,
    [Description("return: the JW316's retour codes (WJ001, e.g. 0001), at least one other than 0200 (no remark).")] IReadOnlyList<string>? Codes = null,
    [Description("resend: the corrected iJw product category; the request's own when left out.")] string? ProductCategory = null);

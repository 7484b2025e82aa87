namespace Referral.Api.Domain;

/// <summary>The statuses of a referral (domain.md, "Referral": the closed loop).</summary>
public static class ReferralStatuses
{
    public const string Received = "received";
    public const string Triaged = "triaged";
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Redirected = "redirected";
    public const string Waiting = "waiting";
    public const string InTreatment = "in-treatment";
    public const string Closed = "closed";
    public const string Cancelled = "cancelled";

    /// <summary>Every status, in lifecycle order.</summary>
    public static readonly IReadOnlyList<string> All = [Received, Triaged, Accepted, Rejected, Redirected, Waiting, InTreatment, Closed, Cancelled];
}

/// <summary>Who makes a step: the receiving organisation's clinician, or the referrer.</summary>
public enum ReferralParty
{
    Receiver,
    Referrer,
}

/// <summary>A step in a referral's life: its name, who may take it, and the status it leads to.</summary>
/// <param name="Name">The step, e.g. <c>accept</c>.</param>
/// <param name="Party">Who may take it.</param>
/// <param name="To">The status after it; null for a step that leaves the status as it is (a supplement).</param>
public sealed record ReferralStep(string Name, ReferralParty Party, string? To);

/// <summary>
/// The referral's lifecycle as a table: received → triaged → accepted | rejected | redirected →
/// waiting (intake date set) → in treatment (treatment start) → closed (summary). A redirected
/// referral is received anew by the organisation it was sent on to. The referrer may cancel until
/// treatment starts and supplement until closure. Pure: the caller stores and publishes.
/// </summary>
public static class ReferralLifecycle
{
    public static readonly ReferralStep Triage = new("triage", ReferralParty.Receiver, ReferralStatuses.Triaged);
    public static readonly ReferralStep Accept = new("accept", ReferralParty.Receiver, ReferralStatuses.Accepted);
    public static readonly ReferralStep Reject = new("reject", ReferralParty.Receiver, ReferralStatuses.Rejected);
    public static readonly ReferralStep Redirect = new("redirect", ReferralParty.Receiver, ReferralStatuses.Redirected);
    public static readonly ReferralStep ScheduleIntake = new("schedule-intake", ReferralParty.Receiver, ReferralStatuses.Waiting);
    public static readonly ReferralStep StartTreatment = new("start-treatment", ReferralParty.Receiver, ReferralStatuses.InTreatment);
    public static readonly ReferralStep Close = new("close", ReferralParty.Receiver, ReferralStatuses.Closed);
    public static readonly ReferralStep Cancel = new("cancel", ReferralParty.Referrer, ReferralStatuses.Cancelled);
    public static readonly ReferralStep Supplement = new("supplement", ReferralParty.Referrer, To: null);

    /// <summary>
    /// A clinician claims an unaddressed referral from the regional intake pool: not a step of the
    /// status table (the status stays), but a change the timeline and the feed show.
    /// </summary>
    public static readonly ReferralStep Claim = new("claim", ReferralParty.Receiver, To: null);

    /// <summary>Every step of the status table.</summary>
    public static readonly IReadOnlyList<ReferralStep> Steps = [Triage, Accept, Reject, Redirect, ScheduleIntake, StartTreatment, Close, Cancel, Supplement];

    private static readonly Dictionary<string, IReadOnlyList<ReferralStep>> From = new()
    {
        [ReferralStatuses.Received] = [Triage, Cancel, Supplement],
        [ReferralStatuses.Redirected] = [Triage, Cancel, Supplement],
        [ReferralStatuses.Triaged] = [Accept, Reject, Redirect, Cancel, Supplement],
        [ReferralStatuses.Accepted] = [ScheduleIntake, Cancel, Supplement],
        [ReferralStatuses.Waiting] = [ScheduleIntake, StartTreatment, Cancel, Supplement],
        [ReferralStatuses.InTreatment] = [Close, Supplement],
        [ReferralStatuses.Rejected] = [],
        [ReferralStatuses.Closed] = [],
        [ReferralStatuses.Cancelled] = [],
    };

    /// <summary>The steps allowed from <paramref name="status"/> (an unknown status allows none).</summary>
    public static IReadOnlyList<ReferralStep> Allowed(string status) => From.TryGetValue(status, out var steps) ? steps : [];

    /// <summary>The steps <paramref name="party"/> may take from <paramref name="status"/>.</summary>
    public static IReadOnlyList<ReferralStep> AllowedFor(string status, ReferralParty party) => Allowed(status).Where(s => s.Party == party).ToList();

    /// <summary>Whether <paramref name="step"/> may be taken from <paramref name="status"/>.</summary>
    public static bool CanTake(string status, ReferralStep step) => Allowed(status).Contains(step);

    /// <summary>Whether the referral's life has ended: rejected, closed or cancelled.</summary>
    public static bool IsEnded(string status) => Allowed(status).Count == 0;

    /// <summary>The step named <paramref name="name"/>, or null.</summary>
    public static ReferralStep? StepNamed(string? name) => Steps.FirstOrDefault(s => s.Name == name);
}

using Coordination.ServiceDefaults;
using Referral.Api.Data;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>Who took a step, as the timeline names them.</summary>
/// <param name="Name">Their name.</param>
/// <param name="Role">Their role: gp, poh or clinician.</param>
/// <param name="OrganisationAgb">A clinician's organisation.</param>
public sealed record TimelineActor(string Name, string Role, string? OrganisationAgb);

/// <summary>One change on the referral's timeline.</summary>
/// <param name="Step">submit, claim, triage, accept, reject, redirect, schedule-intake, start-treatment, close, cancel or supplement.</param>
/// <param name="Status">The status after it.</param>
/// <param name="At">When.</param>
/// <param name="By">Who.</param>
/// <param name="Reason">The reason given (reject, redirect, cancel, supplement).</param>
/// <param name="Detail">What the step added: a note, the organisation redirected to, the intake date, the treatment start, the summary, a supplement.</param>
public sealed record TimelineItem(string Step, string Status, DateTimeOffset At, TimelineActor By, string? Reason, TimelineDetail? Detail)
{
    public static TimelineItem Of(TimelineEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var detail = TimelineDetail.Parse(entry.Detail);
        return new TimelineItem(entry.Step, entry.Status, new DateTimeOffset(entry.OccurredAt, TimeSpan.Zero),
            new TimelineActor(entry.ActorName, entry.ActorRole, entry.OrganisationAgb), entry.Reason, detail == TimelineDetail.None ? null : detail);
    }
}

/// <summary>
/// A referral as its referrer follows it and its receiver works on it: the referral, where it
/// stands, its Treeknorm clocks as of today (Amsterdam), its whole timeline, and the steps the
/// reader may take now. The ETag header carries its version for <c>If-Match</c>.
/// </summary>
/// <param name="Id">The referral.</param>
/// <param name="FamilyId">The family it joined.</param>
/// <param name="SubjectBsn">The person referred.</param>
/// <param name="SubjectName">Their name.</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c>.</param>
/// <param name="Reason">Why, in the referrer's words.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="ReferrerAgb">The referrer's AGB code.</param>
/// <param name="ReferrerName">The referrer's name.</param>
/// <param name="SuspectedDsmCode">For adult care: the suspected disorder's code.</param>
/// <param name="Urgent">Whether the referrer marked it urgent (triage within one working day).</param>
/// <param name="UrgentReason">Why, when urgent.</param>
/// <param name="ReceiverAgb">The receiving organisation's AGB code; none while it waits in the regional intake pool.</param>
/// <param name="ReceiverName">Its name.</param>
/// <param name="SubmittedAt">When it was registered.</param>
/// <param name="Clocks">
/// The clocks: urgent triage (urgent referrals, in working days), registration to intake (28 days;
/// a redirect restarts it) and, once the intake took place, intake to treatment (70 days).
/// </param>
/// <param name="CareLevel">For adult care: basic or specialised GGZ.</param>
/// <param name="IntakePlannedOn">The planned intake date, while the intake has not taken place.</param>
/// <param name="IntakeOn">The day the intake took place.</param>
/// <param name="TreatmentStartedOn">The day treatment started.</param>
/// <param name="ClosureSummary">The receiver's summary at closure.</param>
/// <param name="TotalDaysWaited">Days from registration to the intake (or to today, or to the end): across redirects.</param>
/// <param name="Timeline">Every change, oldest first.</param>
/// <param name="AllowedSteps">The steps the reader may take now.</param>
public sealed record FollowedReferral(
    Guid Id, Guid FamilyId, string SubjectBsn, string SubjectName, string Domain, string Reason, string Status, string ReferrerAgb,
    string? ReferrerName, string? SuspectedDsmCode, bool Urgent, string? UrgentReason, string? ReceiverAgb, string? ReceiverName,
    DateTime SubmittedAt, IReadOnlyList<NormClock> Clocks, string? CareLevel, DateOnly? IntakePlannedOn, DateOnly? IntakeOn,
    DateOnly? TreatmentStartedOn, string? ClosureSummary, int TotalDaysWaited, IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<string> AllowedSteps)
{
    /// <summary>The view of <paramref name="row"/> on <paramref name="today"/> for a reader of <paramref name="standing"/>.</summary>
    public static FollowedReferral Of(ReferralRow row, IReadOnlyList<TimelineEntry> timeline, ReferralStanding standing, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(standing);
        var until = Until(row, timeline, today);
        return new FollowedReferral(row.Id, row.FamilyId, row.SubjectBsn, row.SubjectName, row.Domain, row.Reason, row.Status, row.ReferrerAgb,
            row.ReferrerName, row.SuspectedDsmCode, row.Urgent, row.UrgentReason, row.ReceiverAgb, row.ReceiverName, row.SubmittedAt,
            ClocksOf(row, until), row.CareLevel, row.IntakePlannedOn, row.IntakeOn, row.TreatmentStartedOn, row.ClosureSummary,
            (row.IntakeOn ?? until).DayNumber - row.RegisteredOn.DayNumber,
            timeline.Select(TimelineItem.Of).ToList(), ReferralStepRules.AllowedSteps(row.Status, standing));
    }

    /// <summary>The clocks of <paramref name="row"/>, running up to <paramref name="until"/>.</summary>
    public static IReadOnlyList<NormClock> ClocksOf(ReferralRow row, DateOnly until)
    {
        ArgumentNullException.ThrowIfNull(row);
        var clocks = new List<NormClock>();
        if (row.Urgent)
        {
            clocks.Add(WaitingTimeNorms.UrgentTriageClock(row.ClockStartedOn, row.TriagedOn, until));
        }

        clocks.Add(WaitingTimeNorms.IntakeClock(row.ClockStartedOn, row.IntakeOn, row.IntakePlannedOn, until));
        if (WaitingTimeNorms.TreatmentClock(row.IntakeOn, row.TreatmentStartedOn, plannedStart: null, until) is { } treatment)
        {
            clocks.Add(treatment);
        }

        return clocks;
    }

    /// <summary>Clocks run until today, or until the day a referral's life ended (rejected, closed, cancelled).</summary>
    public static DateOnly Until(ReferralRow row, IReadOnlyList<TimelineEntry> timeline, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(timeline);
        return ReferralLifecycle.IsEnded(row.Status) && timeline.Count > 0
            ? AmsterdamTime.DateOf(new DateTimeOffset(timeline[^1].OccurredAt, TimeSpan.Zero))
            : today;
    }
}

using Coordination.ServiceDefaults;

namespace Referral.Api.Domain;

/// <summary>One waiting-time norm's clock for one referral, on one day.</summary>
/// <param name="Norm"><c>registration-to-intake</c> or <c>intake-to-treatment</c>.</param>
/// <param name="NormDays">The most days the norm allows (28 or 70).</param>
/// <param name="DaysWaited">Amsterdam calendar days from the clock's start to the day it stopped, or to today while it runs.</param>
/// <param name="Stopped">Whether the clock has stopped (the intake, or the treatment start, took place).</param>
/// <param name="Breached">Whether more days were waited than the norm allows.</param>
/// <param name="BreachesOn">For a running clock within the norm: the first day it is breached.</param>
/// <param name="ForecastBreach">For a running clock with a planned date: whether that date lies past the norm.</param>
public sealed record NormClock(string Norm, int NormDays, int DaysWaited, bool Stopped, bool Breached, DateOnly? BreachesOn, bool ForecastBreach);

/// <summary>
/// The Treeknormen GGZ (domain.md, "Referral"): from registration to intake at most 4 weeks (28
/// days), from intake to the start of treatment at most 10 weeks (70 days), in Amsterdam calendar
/// days. An intake on day 28 is within the norm, on day 29 a breach; likewise 70 and 71. The clock
/// stops on the day the event took place; a planned date only forecasts. A redirect restarts the
/// receiver's registration clock (the caller passes the redirect date as its start). Pure.
/// </summary>
public static class WaitingTimeNorms
{
    public const string RegistrationToIntake = "registration-to-intake";
    public const string IntakeToTreatment = "intake-to-treatment";
    public const string UrgentTriage = "urgent-triage";
    public const int IntakeNormDays = 28;
    public const int TreatmentNormDays = 70;

    /// <summary>An urgent referral is triaged within one working day of its registration.</summary>
    public const int UrgentTriageWorkingDays = 1;

    /// <summary>How many days before a breach a running clock counts as soon to breach.</summary>
    public const int SoonDays = 7;

    /// <summary>The registration-to-intake clock: started on <paramref name="registered"/>, stopped by <paramref name="intake"/>.</summary>
    public static NormClock IntakeClock(DateOnly registered, DateOnly? intake, DateOnly? plannedIntake, DateOnly today) =>
        Clock(RegistrationToIntake, IntakeNormDays, registered, intake, plannedIntake, today);

    /// <summary>The intake-to-treatment clock: it starts on the intake; null while the intake has not taken place.</summary>
    public static NormClock? TreatmentClock(DateOnly? intake, DateOnly? treatmentStart, DateOnly? plannedStart, DateOnly today) =>
        intake is { } started ? Clock(IntakeToTreatment, TreatmentNormDays, started, treatmentStart, plannedStart, today) : null;

    /// <summary>
    /// The urgent-triage clock, counted in working days (Algemene termijnenwet; <see cref="WorkingDays"/>):
    /// registered on a Friday, triage on the Monday is within the norm, on the Tuesday a breach.
    /// </summary>
    public static NormClock UrgentTriageClock(DateOnly registered, DateOnly? triaged, DateOnly today)
    {
        var waited = WorkingDays.Between(registered, triaged ?? today);
        var breached = waited > UrgentTriageWorkingDays;
        return new NormClock(
            UrgentTriage, UrgentTriageWorkingDays, waited, Stopped: triaged is not null, breached,
            BreachesOn: breached || triaged is not null ? null : WorkingDays.After(registered, UrgentTriageWorkingDays + 1),
            ForecastBreach: false);
    }

    /// <summary>
    /// The start dates from which a running clock counts as breached or soon to breach on
    /// <paramref name="today"/>, so that a list can select them in SQL: a clock started before
    /// <c>BreachedBefore</c> is breached; one started before <c>SoonBefore</c> and not breached breaches
    /// within <see cref="SoonDays"/> days. For urgent triage, <c>UrgentBreachedOnOrBefore</c> is the
    /// latest registration date whose triage is overdue.
    /// </summary>
    public static ClockThresholds Thresholds(DateOnly today)
    {
        var urgentOverdue = today;
        while (WorkingDays.Between(urgentOverdue, today) <= UrgentTriageWorkingDays)
        {
            urgentOverdue = urgentOverdue.AddDays(-1);
        }

        return new ClockThresholds(
            IntakeBreachedBefore: today.AddDays(-IntakeNormDays),
            IntakeSoonBefore: today.AddDays(-IntakeNormDays + SoonDays),
            TreatmentBreachedBefore: today.AddDays(-TreatmentNormDays),
            TreatmentSoonBefore: today.AddDays(-TreatmentNormDays + SoonDays),
            UrgentBreachedOnOrBefore: urgentOverdue);
    }

    private static NormClock Clock(string norm, int normDays, DateOnly start, DateOnly? stoppedOn, DateOnly? planned, DateOnly today)
    {
        if (stoppedOn is { } stop)
        {
            var waited = stop.DayNumber - start.DayNumber;
            return new NormClock(norm, normDays, waited, Stopped: true, Breached: waited > normDays, BreachesOn: null, ForecastBreach: false);
        }

        var running = Math.Max(0, today.DayNumber - start.DayNumber);
        var breached = running > normDays;
        return new NormClock(
            norm, normDays, running, Stopped: false, breached,
            BreachesOn: breached ? null : start.AddDays(normDays + 1),
            ForecastBreach: planned is { } p && p.DayNumber - start.DayNumber > normDays);
    }
}

/// <summary>The start dates that divide running clocks into breached, soon to breach and neither, on one day.</summary>
public sealed record ClockThresholds(
    DateOnly IntakeBreachedBefore, DateOnly IntakeSoonBefore, DateOnly TreatmentBreachedBefore, DateOnly TreatmentSoonBefore, DateOnly UrgentBreachedOnOrBefore);

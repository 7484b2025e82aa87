namespace Referral.Api.Domain;

/// <summary>One norm's figures in one month: the clocks that stopped in it.</summary>
/// <param name="Month">The month, <c>yyyy-MM</c> (Amsterdam).</param>
/// <param name="Norm">urgent-triage, registration-to-intake or intake-to-treatment.</param>
/// <param name="NormDays">The norm (working days for urgent triage, calendar days otherwise).</param>
/// <param name="Count">How many clocks stopped that month.</param>
/// <param name="Breached">How many of them waited longer than the norm.</param>
/// <param name="MedianDaysWaited">The median wait; for an even count, the mean of the middle two.</param>
public sealed record NormMonth(string Month, string Norm, int NormDays, int Count, int Breached, double MedianDaysWaited);

/// <summary>
/// An organisation's Treeknorm figures (domain.md: breaches must be visible): per month and norm,
/// the clocks that stopped that month — urgent referrals on their triage, every referral on its
/// intake, and on its treatment start — counted, the breaches among them, and the median wait. Pure.
/// </summary>
public static class NormFigures
{
    /// <summary>A referral's clock dates, as the figures need them.</summary>
    public sealed record Clocks(bool Urgent, DateOnly ClockStartedOn, DateOnly? TriagedOn, DateOnly? IntakeOn, DateOnly? TreatmentStartedOn);

    /// <summary>The figures of <paramref name="referrals"/> for the months from <paramref name="from"/> to <paramref name="to"/> (first days of months).</summary>
    public static IReadOnlyList<NormMonth> Compute(IEnumerable<Clocks> referrals, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        var last = to.AddMonths(1).AddDays(-1);
        var stopped = new List<(DateOnly On, NormClock Clock)>();
        foreach (var r in referrals)
        {
            if (r.Urgent && r.TriagedOn is { } triaged)
            {
                stopped.Add((triaged, WaitingTimeNorms.UrgentTriageClock(r.ClockStartedOn, triaged, triaged)));
            }

            if (r.IntakeOn is { } intake)
            {
                stopped.Add((intake, WaitingTimeNorms.IntakeClock(r.ClockStartedOn, intake, plannedIntake: null, intake)));
                if (r.TreatmentStartedOn is { } start)
                {
                    stopped.Add((start, WaitingTimeNorms.TreatmentClock(intake, start, plannedStart: null, start)!));
                }
            }
        }

        return stopped
            .Where(s => s.On >= from && s.On <= last)
            .GroupBy(s => (Month: s.On.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), s.Clock.Norm))
            .OrderBy(g => g.Key.Month, StringComparer.Ordinal).ThenBy(g => NormOrder(g.Key.Norm))
            .Select(g => new NormMonth(g.Key.Month, g.Key.Norm, g.First().Clock.NormDays, g.Count(), g.Count(s => s.Clock.Breached),
                Median(g.Select(s => s.Clock.DaysWaited).ToList())))
            .ToList();
    }

    private static int NormOrder(string norm) => norm switch
    {
        WaitingTimeNorms.UrgentTriage => 0,
        WaitingTimeNorms.RegistrationToIntake => 1,
        _ => 2,
    };

    private static double Median(List<int> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
    }
}

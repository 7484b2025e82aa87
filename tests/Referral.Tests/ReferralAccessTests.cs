using System.Globalization;
using Referral.Api.Domain;

namespace Referral.Tests;

/// <summary>The referral service's access rules as a table, and the figures and thresholds the lists use.</summary>
[Trait("Category", "Unit")]
public sealed class ReferralAccessTests
{
    private static readonly ReferralParties Addressed = new("01012345", "73730001", "youth");
    private static readonly ReferralParties ToOwnPoh = new("01012345", "01012345", "adult");
    private static readonly ReferralParties Pooled = new("01012345", null, "youth");

    public static TheoryData<string, string?, string?, string?, string, bool, bool> Standings() => new()
    {
        // role, agb, org, domain, referral, referrer, receiver
        { "gp", "01012345", null, null, "addressed", true, false },
        { "poh", "01012345", null, null, "addressed", true, false },
        { "gp", "01099999", null, null, "addressed", false, false },
        { "clinician", "94012345", "73730001", "youth", "addressed", false, true },
        { "clinician", "94012345", "73730001", "adult", "addressed", false, false },
        { "clinician", "94012345", "73730009", "youth", "addressed", false, false },
        { "municipality", null, null, null, "addressed", false, false },
        { "clinician", "01012345", "01012345", "adult", "addressed", false, false },
        { "poh", "01012345", null, null, "own-poh", true, true },
        { "gp", "01012345", null, null, "own-poh", true, false },
        { "poh", "01099999", null, null, "own-poh", false, false },
        { "clinician", "94012345", "73730001", "youth", "pooled", false, false },
    };

    [Theory]
    [MemberData(nameof(Standings))]
    public void Who_refers_and_who_receives(string role, string? agb, string? org, string? domain, string referral, bool referrer, bool receiver)
    {
        var parties = referral switch { "addressed" => Addressed, "own-poh" => ToOwnPoh, _ => Pooled };
        var standing = ReferralAccess.Of(new ReferralViewer(role, agb, org, domain), parties);
        Assert.Equal((referrer, receiver), (standing.Referrer, standing.Receiver));
        Assert.Equal(referrer || receiver, standing.Sees);
    }

    [Theory]
    [InlineData("clinician", "73730001", "youth", true)]
    [InlineData("clinician", "73730001", "adult", false)]
    [InlineData("clinician", null, "youth", false)]
    [InlineData("poh", "01012345", "youth", false)]
    public void Clinicians_of_the_domain_work_from_its_pool(string role, string? org, string domain, bool works) =>
        Assert.Equal(works, ReferralAccess.WorksFromPool(new ReferralViewer(role, "94012345", org, domain), "youth"));

    [Fact]
    public void Figures_count_the_clocks_that_stopped_in_each_month_with_their_breaches_and_median()
    {
        var start = D("2026-10-01");
        var referrals = new[]
        {
            new NormFigures.Clocks(false, start, null, start.AddDays(28), null),
            new NormFigures.Clocks(false, start, null, start.AddDays(29), null),
            new NormFigures.Clocks(false, start, null, start.AddDays(10), start.AddDays(81)),
            new NormFigures.Clocks(true, start, start.AddDays(1), null, null),
        };
        var months = NormFigures.Compute(referrals, D("2026-10-01"), D("2026-12-01"));
        Assert.Equal(
            [
                new NormMonth("2026-10", "urgent-triage", 1, 1, 0, 1),
                new NormMonth("2026-10", "registration-to-intake", 28, 3, 1, 28),
                new NormMonth("2026-12", "intake-to-treatment", 70, 1, 1, 71),
            ],
            months);
    }

    [Fact]
    public void An_even_count_has_the_mean_of_the_middle_two_as_its_median()
    {
        var start = D("2026-10-01");
        var months = NormFigures.Compute([new(false, start, null, start.AddDays(3), null), new(false, start, null, start.AddDays(6), null)], start, start);
        Assert.Equal(4.5, Assert.Single(months).MedianDaysWaited);
    }

    [Theory]
    [InlineData("2026-11-25", "2026-10-28", "2026-11-04", "2026-11-23")] // Wednesday: registered Monday or earlier is overdue
    [InlineData("2026-11-30", "2026-11-02", "2026-11-09", "2026-11-26")] // Monday: Thursday's is overdue, Friday's not yet
    public void The_thresholds_divide_running_clocks_on_a_day(string today, string intakeBreachedBefore, string intakeSoonBefore, string urgentOverdue)
    {
        var t = WaitingTimeNorms.Thresholds(D(today));
        Assert.Equal(D(intakeBreachedBefore), t.IntakeBreachedBefore);
        Assert.Equal(D(intakeSoonBefore), t.IntakeSoonBefore);
        Assert.Equal(D(urgentOverdue), t.UrgentBreachedOnOrBefore);
    }

    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);
}

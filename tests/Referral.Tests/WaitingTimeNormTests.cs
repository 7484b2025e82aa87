using Referral.Api.Domain;

namespace Referral.Tests;

/// <summary>
/// The Treeknormen GGZ on a fixed calendar (domain.md, "Referral"): 28 days from registration to
/// intake is within the norm and 29 a breach; 70 and 71 days from intake to treatment likewise.
/// </summary>
[Trait("Category", "Unit")]
public sealed class WaitingTimeNormTests
{
    private static readonly DateOnly Registered = new(2026, 11, 23);

    [Theory]
    [InlineData(28, false)]
    [InlineData(29, true)]
    public void An_intake_on_day_28_is_within_the_norm_and_on_day_29_a_breach(int day, bool breached)
    {
        var clock = WaitingTimeNorms.IntakeClock(Registered, intake: Registered.AddDays(day), plannedIntake: null, today: Registered.AddDays(40));
        Assert.True(clock.Stopped);
        Assert.Equal(day, clock.DaysWaited);
        Assert.Equal(breached, clock.Breached);
        Assert.Equal(28, clock.NormDays);
    }

    [Theory]
    [InlineData(70, false)]
    [InlineData(71, true)]
    public void A_treatment_start_on_day_70_after_intake_is_within_the_norm_and_on_day_71_a_breach(int day, bool breached)
    {
        var intake = Registered.AddDays(10);
        var clock = WaitingTimeNorms.TreatmentClock(intake, treatmentStart: intake.AddDays(day), plannedStart: null, today: intake.AddDays(100))!;
        Assert.Equal(day, clock.DaysWaited);
        Assert.Equal(breached, clock.Breached);
        Assert.Equal(70, clock.NormDays);
    }

    [Fact]
    public void A_running_clock_says_when_it_will_breach_and_breaches_on_that_day()
    {
        var day28 = WaitingTimeNorms.IntakeClock(Registered, intake: null, plannedIntake: null, today: Registered.AddDays(28));
        Assert.False(day28.Stopped);
        Assert.False(day28.Breached);
        Assert.Equal(new DateOnly(2026, 12, 22), day28.BreachesOn);

        var day29 = WaitingTimeNorms.IntakeClock(Registered, intake: null, plannedIntake: null, today: Registered.AddDays(29));
        Assert.True(day29.Breached);
        Assert.Null(day29.BreachesOn);
    }

    [Theory]
    [InlineData(28, false)]
    [InlineData(29, true)]
    public void A_planned_intake_only_forecasts(int plannedDay, bool forecast)
    {
        var clock = WaitingTimeNorms.IntakeClock(Registered, intake: null, plannedIntake: Registered.AddDays(plannedDay), today: Registered.AddDays(3));
        Assert.False(clock.Stopped);
        Assert.False(clock.Breached);
        Assert.Equal(3, clock.DaysWaited);
        Assert.Equal(forecast, clock.ForecastBreach);
    }

    [Fact]
    public void A_redirect_restarts_the_receivers_clock()
    {
        var redirected = Registered.AddDays(20);
        var total = WaitingTimeNorms.IntakeClock(Registered, intake: null, plannedIntake: null, today: Registered.AddDays(35));
        var receivers = WaitingTimeNorms.IntakeClock(redirected, intake: null, plannedIntake: null, today: Registered.AddDays(35));
        Assert.True(total.Breached);
        Assert.Equal(15, receivers.DaysWaited);
        Assert.False(receivers.Breached);
    }

    [Fact]
    public void The_treatment_clock_starts_only_with_the_intake() =>
        Assert.Null(WaitingTimeNorms.TreatmentClock(intake: null, treatmentStart: null, plannedStart: null, today: Registered));

    [Fact]
    public void Days_are_Amsterdam_calendar_days_across_the_change_to_summer_time()
    {
        // 29 March 2026 has 23 hours in Amsterdam; it is still one day.
        var clock = WaitingTimeNorms.IntakeClock(new DateOnly(2026, 3, 1), intake: new DateOnly(2026, 3, 29), plannedIntake: null, today: new DateOnly(2026, 4, 1));
        Assert.Equal(28, clock.DaysWaited);
        Assert.False(clock.Breached);
    }
}

using System.Globalization;
using Coordination.ServiceDefaults;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class WorkingDaysTests
{
    private static DateOnly D(string date) => DateOnly.Parse(date, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(2024, "2024-03-31")]
    [InlineData(2025, "2025-04-20")]
    [InlineData(2026, "2026-04-05")]
    [InlineData(2027, "2027-03-28")]
    [InlineData(2038, "2038-04-25")]
    public void Easter_falls_on_the_published_sunday(int year, string easter) =>
        Assert.Equal(D(easter), WorkingDays.EasterSunday(year));

    [Theory]
    [InlineData("2026-01-01")] // New Year's Day
    [InlineData("2026-04-06")] // Easter Monday
    [InlineData("2026-04-27")] // King's Day
    [InlineData("2025-04-26")] // King's Day moved to Saturday: the 27th was a Sunday
    [InlineData("2026-05-05")] // Liberation Day, every year under the Algemene termijnenwet
    [InlineData("2026-05-14")] // Ascension Day
    [InlineData("2026-05-25")] // Whit Monday
    [InlineData("2026-12-25")]
    [InlineData("2026-12-26")]
    public void The_general_holidays_of_the_Algemene_termijnenwet_are_holidays(string date) =>
        Assert.True(WorkingDays.IsGeneralHoliday(D(date)));

    [Theory]
    [InlineData("2026-04-03", true)]  // Good Friday is not a general holiday
    [InlineData("2025-04-27", false)] // a Sunday
    [InlineData("2025-04-28", true)]  // the Monday after King's Day moved back
    [InlineData("2026-11-28", false)] // a Saturday
    [InlineData("2026-11-25", true)]
    [InlineData("2026-04-06", false)]
    public void Working_days_exclude_weekends_and_general_holidays(string date, bool working) =>
        Assert.Equal(working, WorkingDays.IsWorkingDay(D(date)));

    [Theory]
    [InlineData("2026-11-27", 1, "2026-11-30")] // Friday → Monday
    [InlineData("2026-04-02", 1, "2026-04-03")] // Thursday → Good Friday, a working day
    [InlineData("2026-04-03", 1, "2026-04-07")] // Good Friday → Tuesday, over Easter Monday
    [InlineData("2026-12-24", 1, "2026-12-28")] // Christmas Eve → Monday after Boxing Day (a Saturday)
    [InlineData("2026-11-25", 3, "2026-11-30")]
    [InlineData("2026-11-25", 0, "2026-11-25")]
    public void The_nth_working_day_after_a_date_skips_weekends_and_holidays(string from, int count, string expected) =>
        Assert.Equal(D(expected), WorkingDays.After(D(from), count));

    [Theory]
    [InlineData("2026-11-27", "2026-11-27", 0)]
    [InlineData("2026-11-27", "2026-11-29", 0)] // Friday to Sunday: no working day after Friday yet
    [InlineData("2026-11-27", "2026-11-30", 1)]
    [InlineData("2026-11-27", "2026-12-01", 2)]
    [InlineData("2026-11-30", "2026-11-27", 0)]
    public void Working_days_between_count_those_after_the_start_up_to_the_end(string from, string to, int expected) =>
        Assert.Equal(expected, WorkingDays.Between(D(from), D(to)));
}

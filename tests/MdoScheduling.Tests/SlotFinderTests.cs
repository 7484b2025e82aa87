using MdoScheduling.Api.Domain;

namespace MdoScheduling.Tests;

/// <summary>
/// The multi-schedule search (issue 11) as a pure function: the earliest slot all required
/// participants are free within their Amsterdam working hours, alternatives ranked by the optional
/// participants who can come, and a "no slot" answer naming who blocks.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SlotFinderTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    /// <summary>Monday to Friday, <paramref name="from"/> to <paramref name="to"/> Amsterdam time.</summary>
    private static WorkingHours[] Weekdays(int from = 9, int to = 17) =>
        [.. new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingHours(d, new TimeOnly(from, 0), new TimeOnly(to, 0)))];

    private static ParticipantCalendar Person(string id, WorkingHours[]? hours = null, params Period[] busy) => new(id, hours ?? Weekdays(), busy);

    private static SlotAnswer Find(ParticipantCalendar[] required, TimeSpan duration, Period window, params ParticipantCalendar[] optional) =>
        SlotFinder.Find(new SlotQuery(required, optional, duration, window));

    // Monday 30 November 2026 to Monday 14 December: two weeks in winter time (UTC+1).
    private static readonly Period TwoWeeks = new(Utc(2026, 11, 29, 23), Utc(2026, 12, 13, 23));

    [Fact]
    public void The_earliest_slot_is_the_first_time_every_required_participant_is_free()
    {
        // The POH is busy Monday 09:00–11:00, the therapist 11:00–12:00: all three are free from noon.
        var poh = Person("poh", null, new Period(Utc(2026, 11, 30, 8), Utc(2026, 11, 30, 10)));
        var therapist = Person("therapist", null, new Period(Utc(2026, 11, 30, 10), Utc(2026, 11, 30, 11)));
        var clinician = Person("clinician");

        var answer = Find([poh, therapist, clinician], Hour, TwoWeeks);

        Assert.Equal(Utc(2026, 11, 30, 11), answer.Earliest!.Start);
        Assert.Equal(Utc(2026, 11, 30, 12), answer.Earliest.End);
        Assert.Empty(answer.Blocking);
        Assert.Equal(SlotFinder.AlternativeCount, answer.Alternatives.Count);
        // Alternatives overlap neither the proposal nor each other.
        var all = answer.Alternatives.Prepend(answer.Earliest).ToList();
        Assert.All(all, a => Assert.DoesNotContain(all, b => !ReferenceEquals(a, b) && a.Start < b.End && b.Start < a.End));
    }

    [Fact]
    public void Busy_time_between_slots_is_skipped_to_the_quarter_hour()
    {
        // Busy until 09:50 Amsterdam time: the next slot starts at 10:00, on the quarter-hour grid.
        var poh = Person("poh", null, new Period(Utc(2026, 11, 30, 8), Utc(2026, 11, 30, 8, 50)));

        var answer = Find([poh], TimeSpan.FromMinutes(45), TwoWeeks);

        Assert.Equal(Utc(2026, 11, 30, 9), answer.Earliest!.Start);
    }

    [Fact]
    public void A_required_participant_busy_throughout_blocks_and_the_answer_names_them_with_the_nearest_slot_without_them()
    {
        var poh = Person("poh");
        var therapist = Person("therapist", null, TwoWeeks);
        var clinician = Person("clinician", null, new Period(Utc(2026, 11, 30, 8), Utc(2026, 11, 30, 9)));

        var answer = Find([poh, therapist, clinician], Hour, TwoWeeks);

        Assert.Null(answer.Earliest);
        Assert.Empty(answer.Alternatives);
        Assert.Equal(["therapist"], answer.Blocking);
        Assert.Equal(Utc(2026, 11, 30, 9), answer.WithoutBlocking!.Start);
    }

    [Fact]
    public void Two_people_who_never_overlap_block_and_the_one_whose_absence_gives_the_earliest_slot_is_named()
    {
        // The clinician works mornings only, the therapist afternoons only: either can come, never both.
        var mornings = Person("clinician", Weekdays(9, 12));
        var afternoons = Person("therapist", Weekdays(13, 17));
        var poh = Person("poh");

        var answer = Find([poh, afternoons, mornings], Hour, TwoWeeks);

        Assert.Null(answer.Earliest);
        Assert.Equal(["therapist"], answer.Blocking);
        Assert.Equal(Utc(2026, 11, 30, 8), answer.WithoutBlocking!.Start);
    }

    [Fact]
    public void A_duration_longer_than_any_working_day_has_no_slot_and_every_participant_blocks()
    {
        var answer = Find([Person("poh", Weekdays(9, 12)), Person("therapist", Weekdays(9, 12))], TimeSpan.FromHours(4), TwoWeeks);

        Assert.Null(answer.Earliest);
        Assert.Equal(["poh", "therapist"], answer.Blocking);
        Assert.Null(answer.WithoutBlocking);
    }

    [Fact]
    public void Alternatives_put_the_slots_more_optional_participants_can_come_to_first()
    {
        // The family therapist (optional) is busy on Monday and Tuesday; the wijkteam (optional) on Monday.
        var poh = Person("poh");
        var therapist = Person("therapist", null, new Period(Utc(2026, 11, 29, 23), Utc(2026, 12, 1, 23)));
        var wijkteam = Person("wijkteam", null, new Period(Utc(2026, 11, 29, 23), Utc(2026, 11, 30, 23)));

        var answer = Find([poh], Hour, TwoWeeks, therapist, wijkteam);

        // The earliest slot stays first although no optional participant can come to it.
        Assert.Equal(Utc(2026, 11, 30, 8), answer.Earliest!.Start);
        Assert.Empty(answer.Earliest.OptionalFree);
        // Then Wednesday, when both can come; then Wednesday again; never Monday or Tuesday while better slots exist.
        Assert.Equal(Utc(2026, 12, 2, 8), answer.Alternatives[0].Start);
        Assert.All(answer.Alternatives, a => Assert.Equal(["therapist", "wijkteam"], a.OptionalFree));
    }

    [Fact]
    public void Working_hours_that_differ_per_person_are_each_respected()
    {
        // The clinician works Monday 09–12 and Tuesday 10–12; the therapist Monday 13–17 and Tuesday 09–12.
        var clinician = Person("clinician", [new(DayOfWeek.Monday, new(9, 0), new(12, 0)), new(DayOfWeek.Tuesday, new(10, 0), new(12, 0))]);
        var therapist = Person("therapist", [new(DayOfWeek.Monday, new(13, 0), new(17, 0)), new(DayOfWeek.Tuesday, new(9, 0), new(12, 0))]);

        var answer = Find([clinician, therapist], Hour, TwoWeeks);

        Assert.Equal(Utc(2026, 12, 1, 9), answer.Earliest!.Start);
    }

    [Fact]
    public void Nine_o_clock_is_eight_utc_before_the_spring_change_of_2027_and_seven_utc_on_the_monday_after()
    {
        // Summer time starts on Sunday 28 March 2027. Friday 26 March 09:00 is still winter time.
        var window = new Period(Utc(2027, 3, 25, 23), Utc(2027, 4, 2, 22));
        var friday = Find([Person("poh", Weekdays(9, 10))], Hour, window);
        Assert.Equal(Utc(2027, 3, 26, 8), friday.Earliest!.Start);

        // Busy all Friday: the Monday after the last Sunday of March, 09:00 Amsterdam is 07:00Z.
        var busyFriday = Person("poh", Weekdays(9, 10), new Period(Utc(2027, 3, 25, 23), Utc(2027, 3, 26, 23)));
        var monday = Find([busyFriday, Person("therapist", Weekdays(9, 10))], Hour, window);
        Assert.Equal(Utc(2027, 3, 29, 7), monday.Earliest!.Start);
        Assert.Equal(Utc(2027, 3, 29, 8), monday.Earliest.End);
    }

    [Fact]
    public void Nine_o_clock_is_seven_utc_before_the_autumn_change_of_2027_and_eight_utc_on_the_monday_after()
    {
        // Winter time starts on Sunday 31 October 2027.
        var window = new Period(Utc(2027, 10, 28, 22), Utc(2027, 11, 5, 23));
        Assert.Equal(Utc(2027, 10, 29, 7), Find([Person("poh", Weekdays(9, 10))], Hour, window).Earliest!.Start);

        var busyFriday = Person("poh", Weekdays(9, 10), new Period(Utc(2027, 10, 28, 22), Utc(2027, 10, 29, 22)));
        var monday = Find([busyFriday], Hour, window);
        Assert.Equal(Utc(2027, 11, 1, 8), monday.Earliest!.Start);
    }

    [Fact]
    public void Working_hours_across_the_changes_of_the_night_keep_their_wall_clock_length()
    {
        // A weekend shift of 01:00–05:00 Amsterdam time on the change days: three hours in spring, five in autumn.
        var night = new WorkingHours[] { new(DayOfWeek.Sunday, new(1, 0), new(5, 0)) };
        var spring = SlotFinder.FreeTime(new("nurse", night, []), new Period(Utc(2027, 3, 27, 23), Utc(2027, 3, 28, 22)));
        var autumn = SlotFinder.FreeTime(new("nurse", night, []), new Period(Utc(2027, 10, 30, 22), Utc(2027, 10, 31, 23)));

        Assert.Equal(TimeSpan.FromHours(3), Assert.Single(spring).Length);
        Assert.Equal(TimeSpan.FromHours(5), Assert.Single(autumn).Length);
    }

    [Fact]
    public void The_29th_of_February_2028_is_a_tuesday_like_any_other()
    {
        // Someone working Tuesdays only, searching from Saturday 26 February 2028: Tuesday 29 February, 09:00 CET.
        var tuesdays = Person("therapist", [new(DayOfWeek.Tuesday, new(9, 0), new(17, 0))]);

        var answer = Find([tuesdays, Person("poh")], Hour, new Period(Utc(2028, 2, 25, 23), Utc(2028, 3, 10, 23)));

        Assert.Equal(Utc(2028, 2, 29, 8), answer.Earliest!.Start);
        Assert.All(answer.Alternatives, a => Assert.Equal(DayOfWeek.Tuesday, a.Start.DayOfWeek));
    }

    [Fact]
    public void A_slot_never_starts_before_the_window_or_ends_after_it()
    {
        // The window opens Monday at 10:20 Amsterdam time and closes at 11:30: only 10:30–11:30 fits.
        var window = new Period(Utc(2026, 11, 30, 9, 20), Utc(2026, 11, 30, 10, 30));

        var answer = Find([Person("poh")], Hour, window);

        Assert.Equal(Utc(2026, 11, 30, 9, 30), answer.Earliest!.Start);
        Assert.Empty(answer.Alternatives);
    }
}

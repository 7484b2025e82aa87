using NodaTime;
using NodaTime.TimeZones;

namespace Coordination.ServiceDefaults;

/// <summary>
/// Care is scheduled and dated in Europe/Amsterdam; instants are stored in UTC. The zone's rules
/// come from the tz database embedded in NodaTime, not from the operating system: a container image
/// without <c>/usr/share/zoneinfo</c> dates and schedules the same (docs/adr/0022).
/// </summary>
public static class AmsterdamTime
{
    private static readonly DateTimeZone Zone = DateTimeZoneProviders.Tzdb["Europe/Amsterdam"];

    /// <summary>The version of the embedded tz database the rules come from (e.g. 2025b).</summary>
    public static string RulesVersion => TzdbDateTimeZoneSource.Default.TzdbVersion;

    /// <summary>The Amsterdam wall-clock time at the UTC instant <paramref name="utc"/> (a kind other than local counts as UTC).</summary>
    public static DateTime ToLocal(DateTime utc) =>
        Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(Zone).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>The Amsterdam wall-clock time at <paramref name="instant"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant) => ToLocal(instant.UtcDateTime);

    /// <summary>
    /// The UTC instant of an Amsterdam wall-clock time. A time the spring change skips (02:00–03:00
    /// on the last Sunday of March) counts as the hour after; one the autumn change repeats, as its
    /// first (summer-time) occurrence.
    /// </summary>
    public static DateTime ToUtc(DateOnly day, TimeOnly time) =>
        LocalDateTime.FromDateTime(day.ToDateTime(time)).InZone(Zone, Resolvers.LenientResolver).ToDateTimeUtc();

    /// <summary>Today's date in the Netherlands.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOf(time.GetUtcNow());
    }

    /// <summary>The date in the Netherlands at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(ToLocal(instant));

    /// <summary>
    /// Age in whole years on <paramref name="on"/>: a birthday counts from its day. Someone born
    /// on 29 February completes a year on 1 March in other years (decision in docs/adr/0003).
    /// </summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        var anniversary = birthDate.Month == 2 && birthDate.Day == 29 && !DateTime.IsLeapYear(on.Year)
            ? new DateOnly(on.Year, 3, 1)
            : new DateOnly(on.Year, birthDate.Month, birthDate.Day);
        return anniversary > on ? age - 1 : age;
    }

    /// <summary>The Amsterdam date on which someone born on <paramref name="birthDate"/> is <paramref name="age"/> (29 February: 1 March in a common year).</summary>
    public static DateOnly BirthdayAt(DateOnly birthDate, int age)
    {
        var on = birthDate.AddYears(age);
        while (AgeOn(birthDate, on) < age)
        {
            on = on.AddDays(1);
        }

        return on;
    }
}

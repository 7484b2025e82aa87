namespace Coordination.ServiceDefaults;

/// <summary>Care is scheduled and dated in Europe/Amsterdam; instants are stored in UTC.</summary>
public static class AmsterdamTime
{
    /// <summary>The Europe/Amsterdam time zone (CET/CEST).</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam");

    /// <summary>Today's date in the Netherlands.</summary>
    public static DateOnly Today(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return DateOf(time.GetUtcNow());
    }

    /// <summary>The date in the Netherlands at <paramref name="instant"/>.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

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

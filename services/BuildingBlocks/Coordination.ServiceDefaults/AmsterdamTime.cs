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
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), Zone).DateTime);
    }

    /// <summary>Age in whole years on <paramref name="on"/>: a birthday counts from its day.</summary>
    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        var age = on.Year - birthDate.Year;
        return birthDate.AddYears(age) > on ? age - 1 : age;
    }
}

namespace Coordination.ServiceDefaults;

/// <summary>
/// Working days as Dutch law counts them (Algemene termijnenwet, art. 3; domain.md): every day
/// except Saturdays, Sundays and the general holidays — New Year's Day, Easter Monday, Ascension
/// Day, Whit Monday, Christmas Day, Boxing Day, King's Day (27 April, or 26 April when the 27th is a
/// Sunday) and 5 May. Good Friday is not one. Dates are Amsterdam calendar dates. Pure.
/// </summary>
public static class WorkingDays
{
    /// <summary>Whether <paramref name="date"/> is a working day.</summary>
    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !IsGeneralHoliday(date);

    /// <summary>Whether <paramref name="date"/> is a general holiday of the Algemene termijnenwet.</summary>
    public static bool IsGeneralHoliday(DateOnly date)
    {
        var easter = EasterSunday(date.Year);
        var kingsDay = new DateOnly(date.Year, 4, 27);
        if (kingsDay.DayOfWeek == DayOfWeek.Sunday)
        {
            kingsDay = kingsDay.AddDays(-1);
        }

        return (date.Month, date.Day) is (1, 1) or (5, 5) or (12, 25) or (12, 26)
            || date == kingsDay
            || date == easter.AddDays(1)
            || date == easter.AddDays(39)
            || date == easter.AddDays(50);
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="from"/> (1: the next working day).</summary>
    public static DateOnly After(DateOnly from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var date = from;
        for (var found = 0; found < count;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                found++;
            }
        }

        return date;
    }

    /// <summary>How many working days lie after <paramref name="from"/> up to and including <paramref name="to"/> (0 when <paramref name="to"/> is not later).</summary>
    public static int Between(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var date = from.AddDays(1); date <= to; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Easter Sunday of <paramref name="year"/> in the Gregorian calendar (the anonymous Gregorian algorithm).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}

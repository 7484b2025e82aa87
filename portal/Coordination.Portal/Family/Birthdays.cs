namespace Coordination.Portal.Family;

/// <summary>The birthdays on which a member's care changes: at 12 and 16 who consents, at 18 the law that pays.</summary>
public static class Birthdays
{
    public static readonly IReadOnlyList<int> Ages = [12, 16, 18];

    /// <summary>How far ahead the plan lists them.</summary>
    public const int DaysAhead = 365;

    /// <summary>Each member's 12th, 16th or 18th birthday from <paramref name="today"/> to a year ahead, soonest first.</summary>
    public static IEnumerable<(T Member, int Age, DateOnly On)> Coming<T>(IEnumerable<(T Member, DateOnly BirthDate)> members, DateOnly today) =>
        members.SelectMany(m => Ages.Select(age => (m.Member, Age: age, On: m.BirthDate.AddYears(age))))
            .Where(b => b.On >= today && b.On.DayNumber - today.DayNumber <= DaysAhead)
            .OrderBy(b => b.On);
}

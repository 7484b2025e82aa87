using Coordination.Portal.Api;

namespace Coordination.Portal.Meetings;

/// <summary>The working-hours form: one span per weekday, both times or neither.</summary>
public static class WorkingWeek
{
    public static readonly IReadOnlyList<string> Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    /// <summary>The spans filled in, and the days with only one of the two times.</summary>
    public static (List<WorkingHours> Hours, HashSet<string> Incomplete) Read(IReadOnlyDictionary<string, string?>? from, IReadOnlyDictionary<string, string?>? to)
    {
        var hours = new List<WorkingHours>();
        var incomplete = new HashSet<string>(StringComparer.Ordinal);
        foreach (var day in Days)
        {
            var start = from?.GetValueOrDefault(day)?.Trim();
            var end = to?.GetValueOrDefault(day)?.Trim();
            if (string.IsNullOrEmpty(start) && string.IsNullOrEmpty(end))
            {
                continue;
            }

            if (string.IsNullOrEmpty(start) || string.IsNullOrEmpty(end))
            {
                incomplete.Add(day);
                continue;
            }

            hours.Add(new WorkingHours(day, start, end));
        }

        return (hours, incomplete);
    }

    /// <summary>The days whose spans the API refused (its errors name <c>hours[i]…</c>).</summary>
    public static HashSet<string> DaysNamed(ApiProblem? problem, IReadOnlyList<WorkingHours> hours)
    {
        var days = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in problem?.Errors.Keys ?? [])
        {
            if (ApiProblem.Indexed(field) is ("hours", var index, _) && index < hours.Count)
            {
                days.Add(hours[index].Day);
            }
        }

        // A refusal that names no span still says the hours were not saved.
        if (days.Count == 0)
        {
            days.UnionWith(hours.Select(h => h.Day));
        }

        return days;
    }
}

using Coordination.ServiceDefaults;

namespace MdoScheduling.Api.Domain;

/// <summary>Working hours on one weekday, in Amsterdam local time: from <paramref name="From"/> up to <paramref name="To"/>.</summary>
public sealed record WorkingHours(DayOfWeek Day, TimeOnly From, TimeOnly To);

/// <summary>A span of time in UTC, from <paramref name="Start"/> up to (not including) <paramref name="End"/>.</summary>
public readonly record struct Period(DateTime Start, DateTime End)
{
    public TimeSpan Length => End - Start;

    public bool Overlaps(Period other) => Start < other.End && other.Start < End;
}

/// <summary>One person's calendar as the search needs it: working hours per weekday and busy time.</summary>
/// <param name="Id">Who, by user id.</param>
/// <param name="Hours">Their working hours; none on a weekday means they do not work that day.</param>
/// <param name="Busy">Their busy periods (UTC), in any order and overlapping as they may.</param>
public sealed record ParticipantCalendar(string Id, IReadOnlyList<WorkingHours> Hours, IReadOnlyList<Period> Busy);

/// <summary>What to search: who must come, who may, how long, and within which window (UTC).</summary>
public sealed record SlotQuery(
    IReadOnlyList<ParticipantCalendar> Required,
    IReadOnlyList<ParticipantCalendar> Optional,
    TimeSpan Duration,
    Period Window);

/// <summary>A time all required participants are free, and the optional ones free then too.</summary>
public sealed record Slot(DateTime Start, DateTime End, IReadOnlyList<string> OptionalFree);

/// <summary>
/// The answer: the earliest slot and alternatives; or, when there is none, who blocks and the
/// nearest slot without them.
/// </summary>
/// <param name="Earliest">The earliest slot in which every required participant is free; null when none is.</param>
/// <param name="Alternatives">Other slots that do not overlap it or each other, those more optional participants can come to first, then the earlier.</param>
/// <param name="Blocking">When there is no slot: the required participants without whom there would be one.</param>
/// <param name="WithoutBlocking">When there is no slot: the earliest slot for the other required participants, if any.</param>
public sealed record SlotAnswer(Slot? Earliest, IReadOnlyList<Slot> Alternatives, IReadOnlyList<string> Blocking, Slot? WithoutBlocking);

/// <summary>
/// Finds the earliest time at which every required participant of an MDO is free within their
/// working hours. Working hours are Amsterdam wall-clock times, turned into UTC per day, so a
/// 09:00 start is 08:00Z in winter and 07:00Z in summer. Slots start on the quarter hour.
/// A pure function: no clock, no I/O.
/// </summary>
public static class SlotFinder
{
    /// <summary>Slots start on this grid (Amsterdam's offsets are whole hours, so a UTC quarter is a local quarter).</summary>
    public static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    /// <summary>How many alternatives an answer gives at most.</summary>
    public const int AlternativeCount = 3;

    /// <summary>Searches <paramref name="query"/>.</summary>
    public static SlotAnswer Find(SlotQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var free = query.Required.ToDictionary(p => p.Id, p => FreeTime(p, query.Window), StringComparer.Ordinal);
        var optional = query.Optional.Select(p => (p.Id, Free: FreeTime(p, query.Window))).ToList();
        var candidates = Starts(Intersect(free.Values), query.Duration).ToList();
        if (candidates.Count > 0)
        {
            var slots = candidates.Select(start => SlotAt(start, query.Duration, optional)).ToList();
            var earliest = slots[0];
            var alternatives = new List<Slot>();
            foreach (var slot in slots.Skip(1).OrderByDescending(s => s.OptionalFree.Count).ThenBy(s => s.Start))
            {
                var period = new Period(slot.Start, slot.End);
                if (alternatives.Count < AlternativeCount && !alternatives.Prepend(earliest).Any(a => new Period(a.Start, a.End).Overlaps(period)))
                {
                    alternatives.Add(slot);
                }
            }

            return new SlotAnswer(earliest, alternatives, [], null);
        }

        var (blocking, without) = Blockers(free, query.Duration);
        return new SlotAnswer(null, [], blocking, without is { } start ? SlotAt(start, query.Duration, optional) : null);
    }

    /// <summary>
    /// Who blocks: first whoever has no free time of the duration at all; then, while the others
    /// still have no common slot, the one whose absence gives the earliest slot.
    /// </summary>
    private static (IReadOnlyList<string> Blocking, DateTime? Without) Blockers(Dictionary<string, List<Period>> free, TimeSpan duration)
    {
        var remaining = new Dictionary<string, List<Period>>(free, StringComparer.Ordinal);
        var blocking = new List<string>();
        foreach (var id in free.Where(p => !Starts(p.Value, duration).Any()).Select(p => p.Key))
        {
            blocking.Add(id);
            remaining.Remove(id);
        }

        while (remaining.Count > 0)
        {
            if (Starts(Intersect(remaining.Values), duration).Cast<DateTime?>().FirstOrDefault() is { } start)
            {
                return (blocking, start);
            }

            var best = remaining.Keys
                .Select(id => (Id: id, Start: Starts(Intersect(remaining.Where(r => r.Key != id).Select(r => r.Value)), duration).Cast<DateTime?>().FirstOrDefault()))
                .OrderBy(c => c.Start ?? DateTime.MaxValue).ThenBy(c => c.Id, StringComparer.Ordinal).First();
            blocking.Add(best.Id);
            remaining.Remove(best.Id);
        }

        return (blocking, null);
    }

    private static Slot SlotAt(DateTime start, TimeSpan duration, List<(string Id, List<Period> Free)> optional)
    {
        var period = new Period(start, start + duration);
        return new Slot(period.Start, period.End, optional.Where(o => Contains(o.Free, period)).Select(o => o.Id).ToList());
    }

    /// <summary>Slot starts on the grid within <paramref name="free"/>, in order.</summary>
    private static IEnumerable<DateTime> Starts(IEnumerable<Period> free, TimeSpan duration)
    {
        foreach (var period in free)
        {
            for (var start = CeilingToStep(period.Start); start + duration <= period.End; start += Step)
            {
                yield return start;
            }
        }
    }

    /// <summary>
    /// A person's free time within the window: their working hours on each Amsterdam day the
    /// window touches, turned into UTC, less their busy time; sorted and disjoint.
    /// </summary>
    public static List<Period> FreeTime(ParticipantCalendar person, Period window)
    {
        ArgumentNullException.ThrowIfNull(person);
        var working = new List<Period>();
        var first = AmsterdamTime.DateOf(new DateTimeOffset(window.Start, TimeSpan.Zero));
        var last = AmsterdamTime.DateOf(new DateTimeOffset(window.End, TimeSpan.Zero));
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            foreach (var hours in person.Hours.Where(h => h.Day == day.DayOfWeek && h.From < h.To))
            {
                var period = new Period(AmsterdamTime.ToUtc(day, hours.From), AmsterdamTime.ToUtc(day, hours.To));
                var clipped = new Period(Max(period.Start, window.Start), Min(period.End, window.End));
                if (clipped.Start < clipped.End)
                {
                    working.Add(clipped);
                }
            }
        }

        return Subtract(Merge(working), Merge(person.Busy.Where(b => b.Start < b.End)));
    }

    /// <summary>Sorted, merged periods.</summary>
    public static List<Period> Merge(IEnumerable<Period> periods)
    {
        var merged = new List<Period>();
        foreach (var period in periods.OrderBy(p => p.Start))
        {
            if (merged.Count > 0 && period.Start <= merged[^1].End)
            {
                merged[^1] = merged[^1] with { End = Max(merged[^1].End, period.End) };
            }
            else
            {
                merged.Add(period);
            }
        }

        return merged;
    }

    /// <summary><paramref name="from"/> less <paramref name="busy"/>; both sorted and disjoint.</summary>
    private static List<Period> Subtract(List<Period> from, List<Period> busy)
    {
        var result = new List<Period>();
        var b = 0;
        foreach (var period in from)
        {
            var start = period.Start;
            while (b < busy.Count && busy[b].End <= start)
            {
                b++;
            }

            for (var i = b; i < busy.Count && busy[i].Start < period.End; i++)
            {
                if (busy[i].Start > start)
                {
                    result.Add(new Period(start, busy[i].Start));
                }

                start = Max(start, busy[i].End);
            }

            if (start < period.End)
            {
                result.Add(new Period(start, period.End));
            }
        }

        return result;
    }

    /// <summary>The time every list of sorted, disjoint periods has in common.</summary>
    private static List<Period> Intersect(IEnumerable<List<Period>> lists)
    {
        List<Period>? common = null;
        foreach (var list in lists)
        {
            common = common is null ? list : IntersectTwo(common, list);
        }

        return common ?? [];
    }

    private static List<Period> IntersectTwo(List<Period> a, List<Period> b)
    {
        var result = new List<Period>();
        for (int i = 0, j = 0; i < a.Count && j < b.Count;)
        {
            var start = Max(a[i].Start, b[j].Start);
            var end = Min(a[i].End, b[j].End);
            if (start < end)
            {
                result.Add(new Period(start, end));
            }

            if (a[i].End < b[j].End)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    private static bool Contains(List<Period> free, Period period)
    {
        // Binary search for the last period starting at or before the slot.
        int low = 0, high = free.Count - 1, found = -1;
        while (low <= high)
        {
            var mid = (low + high) / 2;
            if (free[mid].Start <= period.Start)
            {
                found = mid;
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return found >= 0 && free[found].End >= period.End;
    }

    private static DateTime CeilingToStep(DateTime t)
    {
        var remainder = t.Ticks % Step.Ticks;
        return remainder == 0 ? t : t.AddTicks(Step.Ticks - remainder);
    }

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}

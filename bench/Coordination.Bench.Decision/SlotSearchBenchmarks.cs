using BenchmarkDotNet.Attributes;
using MdoScheduling.Api.Domain;

namespace Coordination.Bench.Decision;

/// <summary>
/// The MDO slot search (issue 11, target 10 ms or less): eight participants, six required and two
/// optional, over four weeks; each works weekdays 09:00–17:00 with three busy periods a working
/// day placed at random (seeded: every run searches the same calendars). The busiest case for the
/// search is the one with no common slot, which names who blocks: measured as well.
/// </summary>
[MemoryDiagnoser]
public class SlotSearchBenchmarks
{
    private SlotQuery _query = null!;
    private SlotQuery _blocked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(11);
        var window = new Period(new DateTime(2027, 3, 14, 23, 0, 0, DateTimeKind.Utc), new DateTime(2027, 4, 11, 22, 0, 0, DateTimeKind.Utc));
        var hours = new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }
            .Select(d => new WorkingHours(d, new TimeOnly(9, 0), new TimeOnly(17, 0))).ToList();
        ParticipantCalendar Person(int i)
        {
            var busy = new List<Period>();
            for (var day = window.Start; day < window.End; day = day.AddDays(1))
            {
                for (var n = 0; n < 3; n++)
                {
                    var start = day.AddHours(8 + random.Next(0, 8)).AddMinutes(15 * random.Next(0, 4));
                    busy.Add(new Period(start, start.AddMinutes(30 * random.Next(1, 4))));
                }
            }

            return new ParticipantCalendar($"p{i}", hours, busy);
        }

        var people = Enumerable.Range(0, 8).Select(Person).ToList();
        _query = new SlotQuery(people[..6], people[6..], TimeSpan.FromMinutes(60), window);
        var always = new ParticipantCalendar("always-busy", hours, [window]);
        _blocked = new SlotQuery([.. people[..5], always], people[6..], TimeSpan.FromMinutes(60), window);
    }

    [Benchmark(Description = "8 participants, 4 weeks: the earliest slot and alternatives")]
    public SlotAnswer Earliest() => SlotFinder.Find(_query);

    [Benchmark(Description = "8 participants, 4 weeks: no slot, who blocks and the nearest without them")]
    public SlotAnswer Blocked() => SlotFinder.Find(_blocked);
}

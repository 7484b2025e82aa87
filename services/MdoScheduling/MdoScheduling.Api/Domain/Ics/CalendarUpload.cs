using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Ical.Net;
using Calendar = Ical.Net.Calendar;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;

namespace MdoScheduling.Api.Domain.Ics;

/// <summary>What was wrong with an uploaded file: the line (1-based, as the file has it; 0 when the whole file) and why.</summary>
public sealed record UploadProblem(int Line, string Message);

/// <summary>The busy time read from an uploaded calendar, or the problem that stopped the reading.</summary>
public sealed record UploadedBusy(IReadOnlyList<Period> Busy, UploadProblem? Problem);

/// <summary>
/// Reads busy time from a professional's own calendar: an iCalendar file (RFC 5545) of events, or
/// free/busy (<c>VFREEBUSY</c>). Ical.Net parses the events and expands their recurrences; it reports
/// no line numbers, so a first pass over the lines checks their shape, the nesting of BEGIN and END,
/// dates and time zones, and names the line of the first fault. Ical.Net 5 drops <c>FREEBUSY</c>
/// values when it parses them, so those are read here (docs/adr/0017). Pure.
/// </summary>
public static partial class CalendarUpload
{
    /// <summary>The most busy periods one upload may give.</summary>
    public const int MaxPeriods = 5000;

    private const string Amsterdam = "Europe/Amsterdam";
    private const string RawFreeBusy = "X-COORDINATION-FREEBUSY";

    // RFC 5545 §3.1: name *(";" param) ":" value; the same shape Ical.Net's own parser accepts.
    [GeneratedRegex("""^(?<name>[-A-Za-z0-9_]+)(?<params>(;[-A-Za-z0-9_]+=("[^\x00-\x08\x0A-\x1F\x7F"]*"|[^\x00-\x08\x0A-\x1F\x7F";:,]*)(,("[^\x00-\x08\x0A-\x1F\x7F"]*"|[^\x00-\x08\x0A-\x1F\x7F";:,]*))*)*):(?<value>[^\x00-\x08\x0E-\x1F\x7F]*)$""")]
    private static partial Regex ContentLine();

    [GeneratedRegex(";TZID=\"?(?<tz>[^\";:]+)\"?", RegexOptions.IgnoreCase)]
    private static partial Regex TzidParameter();

    [GeneratedRegex(";FBTYPE=(?<type>[-A-Za-z]+)", RegexOptions.IgnoreCase)]
    private static partial Regex FbTypeParameter();

    /// <summary>The busy time in <paramref name="text"/> that overlaps <paramref name="window"/> (UTC).</summary>
    public static UploadedBusy Read(string text, Domain.Period window)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = Unfold(text.TrimStart('\uFEFF'));
        var busy = new List<Domain.Period>();
        if (CheckLines(lines, window, busy) is { } problem)
        {
            return new UploadedBusy([], problem);
        }

        Calendar? calendar;
        try
        {
            // FREEBUSY was read above; renamed, Ical.Net keeps it as an unknown property instead of dropping it.
            var renamed = string.Join("\r\n", lines.Select(l => l.Text.StartsWith("FREEBUSY", StringComparison.OrdinalIgnoreCase)
                && l.Text.Length > 8 && l.Text[8] is ';' or ':' ? RawFreeBusy + l.Text[8..] : l.Text));
            calendar = Calendar.Load(renamed);
        }
        catch (Exception ex) when (ex is System.Runtime.Serialization.SerializationException or ArgumentException or FormatException or InvalidOperationException or RegexMatchTimeoutException)
        {
            return new UploadedBusy([], new UploadProblem(0, $"The file could not be read: {ex.Message}"));
        }

        if (calendar is null)
        {
            return new UploadedBusy([], new UploadProblem(1, "No VCALENDAR: the file must start with BEGIN:VCALENDAR."));
        }

        try
        {
            var from = new CalDateTime(window.Start.AddDays(-1), CalDateTime.UtcTzId);
            var until = new CalDateTime(window.End.AddDays(1), CalDateTime.UtcTzId);
            foreach (var occurrence in calendar.GetOccurrences<CalendarEvent>(from).TakeWhileBefore(until))
            {
                var e = (CalendarEvent)occurrence.Source;
                if (string.Equals(e.Status, EventStatus.Cancelled, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(e.Transparency, TransparencyType.Transparent, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var start = ToUtc(occurrence.Period.StartTime);
                var end = ToUtc(occurrence.Period.EffectiveEndTime ?? occurrence.Period.StartTime);
                Add(busy, new Domain.Period(start, end), window);
                if (busy.Count > MaxPeriods)
                {
                    return new UploadedBusy([], new UploadProblem(0, $"More than {MaxPeriods} busy periods in the coming {MdoLimits.MaxWindowDays} days: upload free/busy instead."));
                }
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or Ical.Net.Evaluation.EvaluationException)
        {
            return new UploadedBusy([], new UploadProblem(0, $"The events could not be expanded: {ex.Message}"));
        }

        return new UploadedBusy(SlotFinder.Merge(busy), null);
    }

    /// <summary>A content line as the file has it after unfolding, with the number of its first physical line.</summary>
    private sealed record Line(int Number, string Text);

    private static List<Line> Unfold(string text)
    {
        var lines = new List<Line>();
        var physical = text.Split('\n');
        for (var i = 0; i < physical.Length; i++)
        {
            var line = physical[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] is ' ' or '\t' && lines.Count > 0)
            {
                lines[^1] = lines[^1] with { Text = lines[^1].Text + line[1..] };
            }
            else
            {
                lines.Add(new Line(i + 1, line));
            }
        }

        return lines;
    }

    /// <summary>The first fault in the lines, if any; reads FREEBUSY values into <paramref name="busy"/> on the way.</summary>
    private static UploadProblem? CheckLines(List<Line> lines, Domain.Period window, List<Domain.Period> busy)
    {
        if (lines.Count == 0)
        {
            return new UploadProblem(0, "The file is empty.");
        }

        var open = new Stack<(string Name, int Line)>();
        foreach (var line in lines)
        {
            var match = ContentLine().Match(line.Text);
            if (!match.Success)
            {
                return new UploadProblem(line.Number, "Not an iCalendar content line: NAME[;PARAMETER=VALUE]:VALUE is expected.");
            }

            var name = match.Groups["name"].Value.ToUpperInvariant();
            var value = match.Groups["value"].Value;
            if (open.Count == 0 && (name != "BEGIN" || !value.Equals("VCALENDAR", StringComparison.OrdinalIgnoreCase)))
            {
                return new UploadProblem(line.Number, "Everything must lie between BEGIN:VCALENDAR and END:VCALENDAR.");
            }

            switch (name)
            {
                case "BEGIN":
                    open.Push((value.ToUpperInvariant(), line.Number));
                    continue;
                case "END":
                    if (!open.Peek().Name.Equals(value, StringComparison.OrdinalIgnoreCase))
                    {
                        return new UploadProblem(line.Number, $"END:{value} where END:{open.Peek().Name} (opened at line {open.Peek().Line}) was expected.");
                    }

                    open.Pop();
                    continue;
            }

            if (TzidParameter().Match(match.Groups["params"].Value) is { Success: true } tz && !KnownZone(tz.Groups["tz"].Value))
            {
                return new UploadProblem(line.Number, $"Unknown time zone '{tz.Groups["tz"].Value}': use an IANA or Windows time zone id.");
            }

            if (name is "DTSTART" or "DTEND" or "RECURRENCE-ID" && !ValidDateTime(value))
            {
                return new UploadProblem(line.Number, $"{name} is not a valid DATE (yyyyMMdd) or DATE-TIME (yyyyMMddTHHmmss, Z for UTC).");
            }

            if (name == "FREEBUSY" && ReadFreeBusy(match.Groups["params"].Value, value, window, busy) is { } error)
            {
                return new UploadProblem(line.Number, error);
            }
        }

        return open.Count > 0 ? new UploadProblem(open.Peek().Line, $"BEGIN:{open.Peek().Name} is never closed with END:{open.Peek().Name}.") : null;
    }

    /// <summary>Reads one FREEBUSY line (RFC 5545 §3.8.2.6): UTC periods, start/end or start/duration, FREE ones skipped.</summary>
    private static string? ReadFreeBusy(string parameters, string value, Domain.Period window, List<Domain.Period> busy)
    {
        var type = FbTypeParameter().Match(parameters) is { Success: true } m ? m.Groups["type"].Value.ToUpperInvariant() : "BUSY";
        foreach (var item in value.Split(','))
        {
            var parts = item.Trim().Split('/');
            if (parts.Length != 2 || !TryUtc(parts[0], out var start))
            {
                return "A FREEBUSY period is a UTC start and an end or a duration: 20270329T070000Z/20270329T080000Z or 20270329T070000Z/PT1H.";
            }

            DateTime end;
            if (parts[1].StartsWith('P') || parts[1].StartsWith("+P", StringComparison.Ordinal))
            {
                if (Duration.Parse(parts[1].TrimStart('+')) is not { } duration)
                {
                    return $"'{parts[1]}' is not a duration such as PT1H30M.";
                }

                end = ToUtc(new CalDateTime(start, CalDateTime.UtcTzId).Add(duration));
            }
            else if (!TryUtc(parts[1], out end))
            {
                return $"'{parts[1]}' is not a UTC date-time such as 20270329T080000Z.";
            }

            if (end <= start)
            {
                return "A FREEBUSY period must end after it starts.";
            }

            if (type != "FREE")
            {
                Add(busy, new Domain.Period(start, end), window);
            }
        }

        return null;
    }

    private static void Add(List<Domain.Period> busy, Domain.Period period, Domain.Period window)
    {
        if (period.Start < window.End && period.End > window.Start && period.Start < period.End)
        {
            busy.Add(period);
        }
    }

    private static bool TryUtc(string text, out DateTime utc) =>
        DateTime.TryParseExact(text, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out utc);

    private static bool ValidDateTime(string value) =>
        DateTime.TryParseExact(value, ["yyyyMMdd", "yyyyMMdd'T'HHmmss", "yyyyMMdd'T'HHmmss'Z'"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool KnownZone(string id)
    {
        try
        {
            return DefaultTimeZoneResolver.GetZone(id) is not null;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>A time of the file in UTC: a floating time or a date counts as Amsterdam time.</summary>
    private static DateTime ToUtc(CalDateTime value) => value.IsFloating ? value.ToTimeZone(Amsterdam).AsUtc : value.AsUtc;

    /// <summary>The text of an upload as UTF-8, without a byte-order mark.</summary>
    public static string Decode(byte[] body) => new UTF8Encoding(false).GetString(body);
}

using Dapper;
using Microsoft.Data.Sqlite;

namespace Coordination.Bench;

/// <summary>Unsent outbox rows in the platform's SQLite databases.</summary>
internal static class Backlog
{
    private const string UnsentSql = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";

    public static long Unsent(string dataFolder) =>
        Directory.EnumerateFiles(dataFolder, "*.db").Sum(file =>
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            return connection.ExecuteScalar<long>(UnsentSql);
        });

    /// <summary>Messages waiting in the broker's queues (management statistics, a few seconds late).</summary>
    public static async Task<long> QueuedAsync(HttpClient management)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await management.GetStringAsync(new Uri("/api/queues/%2F?columns=name,messages", UriKind.Relative)));
        return json.RootElement.EnumerateArray().Sum(q => q.TryGetProperty("messages", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number ? m.GetInt64() : 0);
    }

    /// <summary>
    /// What the pipeline still owes at the end of a run (unsent outbox rows and queued messages),
    /// and how long it takes to owe nothing (at most five minutes).
    /// </summary>
    public static async Task<(long Unsent, long Queued, double DrainSeconds)> DrainAsync(string dataFolder, HttpClient management)
    {
        var unsent = Unsent(dataFolder);
        var queued = await QueuedAsync(management);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var quiet = 0;
        while (quiet < 3 && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            quiet = Unsent(dataFolder) == 0 && await QueuedAsync(management) == 0 ? quiet + 1 : 0;
        }

        return (unsent, queued, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>
/// Peak resident memory of a process (VmHWM), and the CPU time it and its children used (utime +
/// stime, of the children that ended too): PostgreSQL works in one process per connection.
/// </summary>
internal static class Rss
{
    /// <summary>CPU seconds the process and its children have used so far; NaN when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        if (Stat(pid) is not { } own)
        {
            return double.NaN;
        }

        // Fields after the command name (which may hold spaces): state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
        var ticks = Ticks(own, 11) + Ticks(own, 12) + Ticks(own, 13) + Ticks(own, 14);
        foreach (var child in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            if (Stat(int.Parse(child!, System.Globalization.CultureInfo.InvariantCulture)) is { } fields && fields[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                ticks += Ticks(fields, 11) + Ticks(fields, 12);
            }
        }

        return ticks / 100.0;
    }

    private static string[]? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Ticks(string[] fields, int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The machine's one-minute load average: work other than the benchmark's shows here.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public static double PeakMegabytes(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status))
        {
            return double.NaN;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}

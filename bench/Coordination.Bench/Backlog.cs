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

/// <summary>Peak resident memory of a process (VmHWM), and the CPU time it used (utime + stime).</summary>
internal static class Rss
{
    /// <summary>CPU seconds the process has used so far; NaN when it is gone.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return double.NaN;
        }

        // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
        var text = File.ReadAllText(stat);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

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

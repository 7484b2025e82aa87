using Dapper;
using Microsoft.Data.Sqlite;

namespace Coordination.Bench;

/// <summary>Unsent outbox rows in the platform's SQLite databases.</summary>
internal static class Backlog
{
    private const string UnsentSql = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";

    public sealed record Settled(long AtEnd, double DrainSeconds);

    public static long Unsent(string dataFolder) =>
        Directory.EnumerateFiles(dataFolder, "*.db").Sum(file =>
        {
            using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly");
            connection.Open();
            return connection.ExecuteScalar<long>(UnsentSql);
        });

    /// <summary>The backlog now, and how long it takes to drain (at most two minutes).</summary>
    public static async Task<Settled> SettleAsync(string dataFolder)
    {
        var atEnd = Unsent(dataFolder);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (Unsent(dataFolder) > 0 && clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        return new Settled(atEnd, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>Peak resident memory of a process (VmHWM).</summary>
internal static class Rss
{
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

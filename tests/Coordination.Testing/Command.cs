using System.Diagnostics;

namespace Coordination.Testing;

/// <summary>A program run to its end, bounded in time, its output returned: kubectl, rabbitmqctl, kill, a probe.</summary>
public static class Command
{
    /// <summary>
    /// Runs <paramref name="file"/> with <paramref name="arguments"/> (and what <paramref name="configure"/>
    /// sets: a working folder, the environment); returns its standard output. A non-zero exit or more
    /// than <paramref name="timeout"/> (two minutes unless given) fails, naming what it wrote.
    /// </summary>
    public static async Task<string> RunAsync(string file, IEnumerable<string> arguments, Action<ProcessStartInfo>? configure = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        configure?.Invoke(start);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
        using var limit = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        var output = process.StandardOutput.ReadToEndAsync(limit.Token);
        var error = process.StandardError.ReadToEndAsync(limit.Token);
        await process.WaitForExitAsync(limit.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', start.ArgumentList)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    /// <summary>Sends <paramref name="signal"/> (KILL, TERM, STOP, CONT) to the process <paramref name="pid"/>.</summary>
    public static Task SignalAsync(int pid, string signal) =>
        RunAsync("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
}

using System.Diagnostics;

namespace Faults.Tests;

/// <summary>Commands the faults are made with (rabbitmqctl, rabbitmq-upgrade, kill, pg_ctl), bounded in time.</summary>
public static class Shell
{
    /// <summary>Runs <paramref name="file"/> and returns its output; a non-zero exit or a timeout fails.</summary>
    public static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }

        return await output;
    }

    /// <summary>Starts <paramref name="file"/> and leaves it running (a broker node in the foreground).</summary>
    public static void Launch(string file)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = false, RedirectStandardError = false, UseShellExecute = false };
        Process.Start(start)!.Dispose();
    }

    /// <summary>Sends <paramref name="signal"/> (KILL, TERM, STOP, CONT) to the process <paramref name="pid"/>.</summary>
    public static Task SignalAsync(int pid, string signal) => RunAsync("kill", $"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

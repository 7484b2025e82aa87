using System.Diagnostics;
using System.Net;

namespace Coordination.Testing;

/// <summary>
/// A service as its own operating-system process, built output run with <c>dotnet</c>, so that a
/// test can kill it the way a crash or an OOM killer would: no shutdown code runs.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The operating system's id of the process.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Stops the service as Kubernetes does: SIGTERM, then waits up to <paramref name="timeout"/> for
    /// it to drain and exit. True when it exited in time.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan timeout)
    {
        await Command.SignalAsync(_process.Id, "TERM");
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    /// <summary>Starts <c>services/&lt;service&gt;/&lt;service&gt;.Api</c> from its build output and waits until it is ready.</summary>
    public static async Task<ServiceProcess> StartAsync(string service, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        // The tests and the services are built in the same configuration (Debug or Release).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var folder = Path.Combine(Repository.Root, "services", service, $"{service}.Api", "bin", configuration, "net10.0");
        var port = Loopback.FreePort();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(folder, $"{service}.Api.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Auth__AllowDevelopmentKey"] = "true";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment[TestClock.Setting.Key.Replace(":", "__", StringComparison.Ordinal)] = TestClock.Setting.Value;
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var running = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}/"));
        using var probe = running.Client();
        await Eventually.Until(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{service} exited with {process.ExitCode} before it was ready");
                }

                try
                {
                    using var response = await probe.GetAsync("/health/ready");
                    return response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            },
            status => status == HttpStatusCode.OK,
            $"{service} to be ready",
            TimeSpan.FromSeconds(90));
        return running;
    }

    /// <summary>SIGKILL: the process ends at once, whatever it was doing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Coordination.Bench;

/// <summary>One time series of a histogram over one collection interval, as the runtime aggregated it.</summary>
/// <param name="Tags">The tags, "key=value" joined by commas (empty when none).</param>
/// <param name="Count">Measurements in the interval.</param>
/// <param name="Sum">Their sum.</param>
/// <param name="Quantiles">The runtime's estimates (relative error at most 0.1 %) of the 0.5, 0.95 and 0.99 quantiles.</param>
internal sealed record HistogramInterval(string Tags, int Count, double Sum, IReadOnlyDictionary<double, double> Quantiles)
{
    public double P50 => Quantiles.GetValueOrDefault(0.5, double.NaN);

    public double P99 => Quantiles.GetValueOrDefault(0.99, double.NaN);
}

/// <summary>One collection interval of the process: its bounds (UTC) and the histogram's time series in it.</summary>
internal sealed record CollectedInterval(DateTime Start, DateTime End, IReadOnlyList<HistogramInterval> Series);

/// <summary>
/// Reads one histogram of another .NET process the way dotnet-counters does: an EventPipe session
/// on the runtime's System.Diagnostics.Metrics event source, which aggregates the process's own
/// measurements per interval (the first interval starts when the session does). Events reach this
/// side in blocks, an interval late or at the session's end, so nothing here waits on them: the
/// caller runs its measurement inside the first interval, then <see cref="StopAfterAsync"/> ends the
/// session once that interval is over and returns every interval reported.
/// </summary>
internal sealed class HistogramProbe : IDisposable
{
    private const string MetricsSource = "System.Diagnostics.Metrics";
    private const long TimeSeriesValues = 0x2;

    private readonly string _sessionId = Guid.NewGuid().ToString("N");
    private readonly EventPipeSession _session;
    private readonly EventPipeEventSource _source;
    private readonly Task _processing;
    private readonly List<CollectedInterval> _intervals = [];
    private readonly ConcurrentQueue<string> _errors = new();
    private List<HistogramInterval>? _current;
    private bool _stopped;

    /// <summary>
    /// Starts listening to <paramref name="instrument"/> of <paramref name="meter"/> in process
    /// <paramref name="pid"/>, with intervals of <paramref name="interval"/>.
    /// </summary>
    public HistogramProbe(int pid, string meter, string instrument, TimeSpan interval)
    {
        var provider = new EventPipeProvider(MetricsSource, EventLevel.Informational, TimeSeriesValues, new Dictionary<string, string>
        {
            ["SessionId"] = _sessionId,
            ["Metrics"] = $"{meter}\\{instrument}",
            ["RefreshInterval"] = interval.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            ["MaxTimeSeries"] = "100",
            ["MaxHistograms"] = "10",
        });
        StartedAt = DateTime.UtcNow;
        _session = new DiagnosticsClient(pid).StartEventPipeSession([provider], requestRundown: false, circularBufferMB: 16);
        _source = new EventPipeEventSource(_session.EventStream);
        _source.Dynamic.All += OnEvent;
        _processing = Task.Run(() => _source.Process());
    }

    /// <summary>When the session was asked for (UTC): the process's first interval starts just after.</summary>
    public DateTime StartedAt { get; }

    /// <summary>Messages the event source sent about errors (a second session, a limit reached).</summary>
    public IReadOnlyCollection<string> Errors => _errors;

    /// <summary>Waits until <paramref name="utc"/>, ends the session and returns the intervals the process reported.</summary>
    public async Task<IReadOnlyList<CollectedInterval>> StopAfterAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        Stop();
        await Task.WhenAny(_processing, Task.Delay(TimeSpan.FromSeconds(10)));
        lock (_intervals)
        {
            return _intervals.ToList();
        }
    }

    public void Dispose()
    {
        Stop();
        _processing.Wait(TimeSpan.FromSeconds(10));
        _source.Dispose();
        _session.Dispose();
    }

    private void Stop()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            _session.Stop();
        }
        catch (Exception ex) when (ex is ServerNotAvailableException or IOException or TimeoutException)
        {
            // The process is gone: nothing to stop.
        }
    }

    private void OnEvent(TraceEvent e)
    {
        if (e.ProviderName != MetricsSource)
        {
            return;
        }

        // Events of another session, had anyone started one, are not ours. TraceEvent names the
        // collection's Start and Stop events after their opcode ("Collection/Start").
        var session = e.PayloadByName("sessionId") as string;
        switch (e.EventName.Replace("/", string.Empty, StringComparison.Ordinal))
        {
            case "CollectionStart" when session == _sessionId:
                _current = [];
                break;
            case "HistogramValuePublished" when session == _sessionId && _current is not null:
                _current.Add(new HistogramInterval(
                    (string)e.PayloadByName("tags"),
                    Convert.ToInt32(e.PayloadByName("count"), CultureInfo.InvariantCulture),
                    Convert.ToDouble(e.PayloadByName("sum"), CultureInfo.InvariantCulture),
                    ParseQuantiles((string)e.PayloadByName("quantiles"))));
                break;
            case "CollectionStop" when session == _sessionId && _current is not null:
                lock (_intervals)
                {
                    _intervals.Add(new CollectedInterval(Utc(e.PayloadByName("intervalStartTime")), Utc(e.PayloadByName("intervalEndTime")), _current));
                }

                _current = null;
                break;
            case "Error" or "MultipleSessionsNotSupportedError" or "HistogramLimitReached" or "TimeSeriesLimitReached":
                _errors.Enqueue($"{e.EventName}: {e.PayloadString(e.PayloadNames.Length - 1, CultureInfo.InvariantCulture)}");
                break;
        }
    }

    /// <summary>The process sends UTC times; TraceEvent may hand them over as local ones.</summary>
    private static DateTime Utc(object value)
    {
        var time = (DateTime)value;
        return time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : DateTime.SpecifyKind(time, DateTimeKind.Utc);
    }

    private static Dictionary<double, double> ParseQuantiles(string text) =>
        text.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(
                pair => double.Parse(pair[0], CultureInfo.InvariantCulture),
                pair => double.Parse(pair[1], CultureInfo.InvariantCulture));
}

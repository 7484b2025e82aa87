using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coordination.Data;

/// <summary>The activity source and meter of the data and messaging building blocks.</summary>
public static class DataTelemetry
{
    /// <summary>The name of both, for the OpenTelemetry set-up.</summary>
    public const string Name = "Coordination.Data";

    /// <summary>Spans for data work: relay passes, migrations.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Counters of the outbox relay.</summary>
    public static readonly Meter Meter = new(Name);
}

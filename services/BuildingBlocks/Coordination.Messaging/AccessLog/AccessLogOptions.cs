namespace Coordination.Messaging.AccessLog;

/// <summary>The <c>AccessLog</c> configuration section of the service that gathers access logs.</summary>
public sealed class AccessLogOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "AccessLog";

    /// <summary>
    /// How long the gatherer waits for each service (default 5 s); a query also expires on the
    /// broker after this long, so a stopped service does not come back to a pile of stale queries.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

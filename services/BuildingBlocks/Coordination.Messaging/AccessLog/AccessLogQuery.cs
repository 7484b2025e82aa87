namespace Coordination.Messaging.AccessLog;

/// <summary>
/// A request to one service for a page of its NEN 7513 access log about one client, newest first.
/// Sent (never published) to the service's own queue, <c>&lt;service&gt;-access-log</c>; the
/// service answers with an <see cref="AccessLogPage"/> from its own audit log. The client's BSN
/// travels only in this body: never in a queue name, an address or a log line.
/// </summary>
/// <param name="ClientBsn">The client whose log is asked for.</param>
/// <param name="After">Where the page starts: after this position; null for the newest entries.</param>
/// <param name="Limit">The most entries the page may hold, 1 to <see cref="MaxLimit"/>.</param>
public sealed record AccessLogQuery(string ClientBsn, AccessLogPosition? After, int Limit)
{
    /// <summary>The most entries one page may hold.</summary>
    public const int MaxLimit = 100;
}

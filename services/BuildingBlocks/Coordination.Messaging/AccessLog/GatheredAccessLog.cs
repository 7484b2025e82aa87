namespace Coordination.Messaging.AccessLog;

/// <summary>One entry of the merged access log, with the service whose log holds it.</summary>
/// <param name="Service">The service (<see cref="PlatformServices"/>).</param>
/// <param name="Entry">The entry.</param>
public sealed record AccessLogLine(string Service, AccessLogEntry Entry);

/// <summary>A page of a client's access log gathered from every service.</summary>
/// <param name="Entries">
/// Newest first, in descending order of (time, service, id), at most the limit asked for.
/// </param>
/// <param name="NextCursor">
/// The opaque cursor of the next page, or null when no older entry is left. While some service
/// did not answer, there may be more: the cursor is then given whenever the page holds an entry.
/// </param>
/// <param name="Unavailable">
/// The services that did not answer in time (or failed to). When any did, the page is incomplete:
/// their entries of this page's span are missing from it and from the pages after it; asking again
/// with the same cursor once they are back gives the whole page.
/// </param>
public sealed record GatheredAccessLog(IReadOnlyList<AccessLogLine> Entries, string? NextCursor, IReadOnlyList<string> Unavailable)
{
    /// <summary>Whether every service answered.</summary>
    public bool IsComplete => Unavailable.Count == 0;
}

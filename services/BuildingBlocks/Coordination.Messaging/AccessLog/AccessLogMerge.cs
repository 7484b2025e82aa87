namespace Coordination.Messaging.AccessLog;

/// <summary>
/// Merges the services' pages into one page of the client's access log; pure, so that a test can
/// walk it page by page without a broker.
/// </summary>
public static class AccessLogMerge
{
    /// <summary>
    /// The first <paramref name="limit"/> entries of all <paramref name="pages"/> in descending
    /// order of (time, service, id), the cursor after the last of them, and the services in
    /// <paramref name="unavailable"/>. Each page must be one service's answer to the positions
    /// <see cref="AccessLogCursor.PositionIn"/> gave, newest first in that service's own order,
    /// which this merge keeps: it only ever compares entries of different services, so it needs no
    /// agreement between a database's text order and .NET's on ids.
    /// </summary>
    public static GatheredAccessLog Merge(IReadOnlyCollection<AccessLogPage> pages, int limit, IReadOnlyList<string> unavailable)
    {
        ArgumentNullException.ThrowIfNull(pages);
        ArgumentNullException.ThrowIfNull(unavailable);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        if (pages.Select(p => p.Service).Distinct(StringComparer.Ordinal).Count() != pages.Count)
        {
            throw new ArgumentException("Each service answers once.", nameof(pages));
        }

        var sources = pages.ToArray();
        var taken = new int[sources.Length];
        var lines = new List<AccessLogLine>(limit);
        while (lines.Count < limit)
        {
            var best = -1;
            for (var i = 0; i < sources.Length; i++)
            {
                if (taken[i] < sources[i].Entries.Count && (best < 0 || Before(sources[i], sources[i].Entries[taken[i]], sources[best], sources[best].Entries[taken[best]])))
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            lines.Add(new AccessLogLine(sources[best].Service, sources[best].Entries[taken[best]]));
            taken[best]++;
        }

        // A service that did not answer may hold older entries too.
        var more = unavailable.Count > 0
            || sources.Any(p => p.HasMore)
            || sources.Where((p, i) => taken[i] < p.Entries.Count).Any();
        var next = more && lines.Count > 0
            ? new AccessLogCursor(lines[^1].Entry.At, lines[^1].Service, lines[^1].Entry.Id).Encode()
            : null;
        return new GatheredAccessLog(lines, next, unavailable);
    }

    // Descending time, then descending service name; entries of one service never meet here.
    private static bool Before(AccessLogPage one, AccessLogEntry oneEntry, AccessLogPage other, AccessLogEntry otherEntry)
    {
        var byTime = oneEntry.At.UtcTicks.CompareTo(otherEntry.At.UtcTicks);
        return byTime != 0 ? byTime > 0 : string.CompareOrdinal(one.Service, other.Service) > 0;
    }
}

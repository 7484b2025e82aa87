namespace Coordination.Messaging.AccessLog;

/// <summary>
/// A place in one service's access log of a client, read newest first (time descending, then id
/// descending): the entries after it are those older than the second <paramref name="At"/>, and of
/// that second itself those with an id below <paramref name="Id"/>.
/// </summary>
/// <param name="At">A whole second, UTC.</param>
/// <param name="Id">
/// The id of the last entry already shown, or the empty string when no entry of the second
/// <paramref name="At"/> is to be shown (no id sorts below it).
/// </param>
public sealed record AccessLogPosition(DateTimeOffset At, string Id);

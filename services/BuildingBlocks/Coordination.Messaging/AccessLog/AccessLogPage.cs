namespace Coordination.Messaging.AccessLog;

/// <summary>One service's answer to an <see cref="AccessLogQuery"/>, from its own audit log.</summary>
/// <param name="Service">The service that answered (<see cref="PlatformServices"/>).</param>
/// <param name="Entries">At most the query's limit, newest first (time descending, then id descending).</param>
/// <param name="HasMore">Whether older entries follow the last one.</param>
public sealed record AccessLogPage(string Service, IReadOnlyList<AccessLogEntry> Entries, bool HasMore);

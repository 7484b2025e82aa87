using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Coordination.Data.Outbox;

/// <summary>
/// Degraded when an event has waited in the outbox longer than <see cref="OutboxOptions.StaleAfter"/>
/// (the broker is away or the relay cannot publish), or when a row is parked after its last
/// attempt. Nothing is lost (the rows wait), but other services no longer hear of this one, and
/// whoever runs the platform should know.
/// </summary>
internal sealed class OutboxHealthCheck(Database database, IOptions<OutboxOptions> options, TimeProvider time) : IHealthCheck
{
    private const string WaitingSql = """
        SELECT COUNT(*) AS Waiting, MIN(created_at) AS Oldest, COALESCE(SUM(CASE WHEN parked_at IS NULL THEN 0 ELSE 1 END), 0) AS Parked
        FROM outbox WHERE sent_at IS NULL
        """;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var waiting = await connection.QuerySingleAsync<WaitingRow>(new CommandDefinition(WaitingSql, cancellationToken: cancellationToken));
        if (waiting.Parked > 0)
        {
            return HealthCheckResult.Degraded($"{waiting.Parked} event(s) parked after their last attempt; re-queue them with the requeue-parked command");
        }

        var age = waiting.Oldest is { } oldest ? time.GetUtcNow().UtcDateTime - oldest : TimeSpan.Zero;
        return age > options.Value.StaleAfter
            ? HealthCheckResult.Degraded($"{waiting.Waiting} event(s) waiting to be published, the oldest for {age.TotalSeconds:F0} s")
            : HealthCheckResult.Healthy($"{waiting.Waiting} event(s) waiting");
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class WaitingRow
    {
        public long Waiting { get; set; }
        public DateTime? Oldest { get; set; }
        public long Parked { get; set; }
    }
}

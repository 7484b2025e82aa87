using System.Diagnostics;
using System.Text.Json;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Data.Outbox;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ in commit order and marks them sent. A crash
/// between publish and mark publishes the row again on restart; consumers drop the copy in their
/// inbox because the message id is the outbox row's id.
/// </summary>
public sealed partial class OutboxRelay(
    Database database,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>The activity source for data work (relay passes, migrations).</summary>
    public static readonly ActivitySource ActivitySource = new("Coordination.Data");

    private const string SelectBatchSql = """
        SELECT id AS Id, message_type AS MessageType, body AS Body, correlation_id AS CorrelationId, trace_parent AS TraceParent
        FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT @Batch
        """;

    // SQL Server has no LIMIT.
    private const string SelectBatchSqlServer = """
        SELECT TOP (@Batch) id AS Id, message_type AS MessageType, body AS Body, correlation_id AS CorrelationId, trace_parent AS TraceParent
        FROM outbox WHERE sent_at IS NULL ORDER BY seq
        """;

    private const string MarkSentSql = "UPDATE outbox SET sent_at = @SentAt, attempts = attempts + 1 WHERE id = @Id";
    private const string MarkFailedSql = "UPDATE outbox SET attempts = attempts + 1, last_error = @Error WHERE id = @Id";

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RelayEnabled)
        {
            logger.LogWarning("Outbox relay is disabled by configuration; events stay in the outbox");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var published = 0;
            try
            {
                published = await RelayOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The rows stay unsent and are tried again on the next pass.
                logger.LogError(ex, "Outbox relay pass failed");
            }

            if (published < options.Value.BatchSize)
            {
                try
                {
                    await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Publishes one batch of unsent rows; returns how many were published.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
            database.Sql(SelectBatchSql, SelectBatchSqlServer), new { Batch = options.Value.BatchSize }, cancellationToken: cancellationToken))).ToList();

        var published = 0;
        foreach (var row in rows)
        {
            using var activity = ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, row.TraceParent);
            activity?.SetTag("messaging.message.id", row.Id.ToString());
            activity?.SetTag("messaging.message.type", row.MessageType);
            try
            {
                var type = Type.GetType(row.MessageType, throwOnError: true)!;
                var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)!;
                await bus.Publish(message, type, Pipe.Execute<PublishContext>(ctx =>
                {
                    ctx.MessageId = row.Id;
                    if (Guid.TryParse(row.CorrelationId, out var correlationId))
                    {
                        ctx.CorrelationId = correlationId;
                    }

                    if (row.CorrelationId is not null)
                    {
                        ctx.Headers.Set(CorrelationHeader, row.CorrelationId);
                    }
                }), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
                await connection.ExecuteAsync(new CommandDefinition(
                    MarkFailedSql, new { row.Id, Error = ex.Message }, cancellationToken: cancellationToken));
                LogPublishFailed(logger, ex, row.Id, row.MessageType);
                // Stop here so later events never overtake the one that failed.
                break;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                MarkSentSql, new { row.Id, SentAt = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
            published++;
        }

        return published;
    }

    /// <summary>The message header that carries the correlation id across the bus.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox row {Id} ({Type}) failed; it stays in the outbox")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid id, string type);

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class OutboxRow
    {
        public Guid Id { get; set; }
        public string MessageType { get; set; } = string.Empty;
        public string Body { get; set; } = string.Empty;
        public string? CorrelationId { get; set; }
        public string? TraceParent { get; set; }
    }
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Idempotency;
using Coordination.Data.Outbox;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Messaging;

/// <summary>
/// Publishes committed outbox rows to RabbitMQ and marks them sent. One relay per database holds
/// the lease at a time. A pass publishes a whole batch with every publish in flight, awaits the
/// publisher confirms together, and marks the confirmed rows sent in one statement. Publishes are
/// <c>mandatory</c>: a message no queue receives is returned, counts as failed, and is tried again
/// after its back-off; a row that keeps failing is parked and later rows pass it. A crash between
/// publish and mark publishes the row again; consumers drop the copy in their inbox because the
/// message id is the outbox row's id. No order is promised, within a batch or across batches.
/// </summary>
public sealed partial class OutboxRelay(
    OutboxStore store,
    IBus bus,
    OutboxSignal signal,
    IOptions<OutboxOptions> options,
    IOptions<InboxOptions> inboxOptions,
    IOptions<IdempotencyOptions> idempotencyOptions,
    TimeProvider time,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    /// <summary>The message header that carries the correlation id across the bus.</summary>
    public const string CorrelationHeader = "X-Correlation-Id";

    private static readonly Counter<long> Published = DataTelemetry.Meter.CreateCounter<long>("coordination.outbox.published", description: "Outbox rows published and confirmed");
    private static readonly Counter<long> Failed = DataTelemetry.Meter.CreateCounter<long>("coordination.outbox.failed", description: "Outbox publishes that failed and wait their back-off");
    private static readonly Counter<long> Parked = DataTelemetry.Meter.CreateCounter<long>("coordination.outbox.parked", description: "Outbox rows parked after their last attempt");

    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private DateTime _nextCleanup = DateTime.MinValue;
    private DateTime _leaseUntil = DateTime.MinValue;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RelayEnabled)
        {
            logger.LogWarning("Outbox relay is disabled by configuration; events stay in the outbox");
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var published = 0;
                try
                {
                    published = await PassAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    // The rows stay unsent and are tried again on the next pass.
                    LogPassFailed(logger, ex);
                }

                if (published < settings.BatchSize)
                {
                    await signal.WaitAsync(settings.PollInterval, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await ReleaseLeaseQuietlyAsync();
        }
    }

    /// <summary>One pass: hold the lease, publish what is due, and now and then apply retention.</summary>
    private async Task<int> PassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        // Renewing is a write (on SQLite a commit to disk): only when half the lease has run out.
        if (now + (settings.LeaseDuration / 2) >= _leaseUntil)
        {
            if (!await store.TryHoldLeaseAsync(_holder, now, settings.LeaseDuration, cancellationToken))
            {
                _leaseUntil = DateTime.MinValue;
                return 0;
            }

            _leaseUntil = now + settings.LeaseDuration;
        }

        var published = await RelayOnceAsync(cancellationToken);
        if (now >= _nextCleanup)
        {
            _nextCleanup = now + settings.CleanupInterval;
            // An inbox must remember a message at least as long as a relay may still send it again.
            var inboxRetain = TimeSpan.FromTicks(Math.Max(inboxOptions.Value.Retain.Ticks, settings.LongestRetrySpan().Ticks));
            var removed = await store.DeleteExpiredAsync(now, settings.RetainSent, inboxRetain, idempotencyOptions.Value.Retain, cancellationToken);
            if (removed.Outbox + removed.Inbox + removed.Idempotency > 0)
            {
                LogRetention(logger, removed.Outbox, removed.Inbox, removed.Idempotency);
            }
        }

        return published;
    }

    /// <summary>Publishes one batch of due rows; returns how many were confirmed.</summary>
    public async Task<int> RelayOnceAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var rows = await store.DueAsync(settings.BatchSize, time.GetUtcNow().UtcDateTime, cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.PublishTimeout);
        var outcomes = await Task.WhenAll(rows.Select(row => PublishAsync(row, timeout.Token)));
        cancellationToken.ThrowIfCancellationRequested();

        var sent = outcomes.Where(o => o.Error is null).Select(o => o.Row.Id).ToList();
        await store.MarkSentAsync(sent, time.GetUtcNow().UtcDateTime, cancellationToken);
        Published.Add(sent.Count);
        foreach (var (row, error) in outcomes.Where(o => o.Error is not null))
        {
            Failed.Add(1);
            var message = error is OperationCanceledException ? "not confirmed within the publish timeout" : error!.Message;
            if (await store.MarkFailedAsync(row, message, time.GetUtcNow().UtcDateTime, settings, cancellationToken))
            {
                Parked.Add(1);
                LogParked(logger, error!, row.Id, row.MessageType, row.Attempts + 1);
            }
            else
            {
                LogPublishFailed(logger, error!, row.Id, row.MessageType, settings.BackOff(row.Attempts + 1));
            }
        }

        return sent.Count;
    }

    private async Task<(OutboxMessage Row, Exception? Error)> PublishAsync(OutboxMessage row, CancellationToken cancellationToken)
    {
        using var activity = DataTelemetry.ActivitySource.StartActivity("outbox publish", ActivityKind.Producer, row.TraceParent);
        activity?.SetTag("messaging.message.id", row.Id.ToString());
        activity?.SetTag("messaging.message.type", row.MessageType);
        try
        {
            var type = Type.GetType(row.MessageType, throwOnError: true)!;
            var message = JsonSerializer.Deserialize(row.Body, type, Outbox.Json)
                ?? throw new JsonException("The outbox body is JSON null.");
            await bus.Publish(message, type, Pipe.Execute<PublishContext>(ctx =>
            {
                ctx.MessageId = row.Id;
                // Returned by the broker when no queue is bound, instead of silently dropped.
                ctx.Mandatory = true;
                if (Guid.TryParse(row.CorrelationId, out var correlationId))
                {
                    ctx.CorrelationId = correlationId;
                }

                if (row.CorrelationId is not null)
                {
                    ctx.Headers.Set(CorrelationHeader, row.CorrelationId);
                }
            }), cancellationToken);
            return (row, null);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return (row, ex);
        }
    }

    private async Task ReleaseLeaseQuietlyAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.ReleaseLeaseAsync(_holder, cts.Token);
        }
        catch (Exception ex)
        {
            // The lease lapses by itself; another replica takes over after LeaseDuration.
            LogReleaseFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay pass failed; unsent rows are tried again")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing outbox row {Id} ({Type}) failed; it is tried again in {BackOff}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, Guid id, string type, TimeSpan backOff);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox row {Id} ({Type}) is parked after {Attempts} failed attempts; later rows go on; re-queue it with the requeue-parked command")]
    private static partial void LogParked(ILogger logger, Exception exception, Guid id, string type, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention removed {Outbox} sent outbox rows, {Inbox} inbox rows and {Idempotency} idempotency records")]
    private static partial void LogRetention(ILogger logger, int outbox, int inbox, int idempotency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release the outbox lease; it lapses by itself")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);
}

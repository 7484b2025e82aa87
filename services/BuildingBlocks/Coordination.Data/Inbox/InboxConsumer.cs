using System.Data.Common;
using Coordination.Data.Outbox;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Coordination.Data.Inbox;

/// <summary>
/// A consumer that applies each message once: it opens a transaction, records the message id in
/// the inbox, lets <see cref="HandleAsync"/> make its change (and enqueue its events), and commits.
/// A failure rolls everything back and the message is retried, then moved to <c>&lt;queue&gt;_error</c>.
/// </summary>
public abstract class InboxConsumer<TMessage>(Database database, OutboxSignal signal, TimeProvider time, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    /// <summary>The clock, for handlers that stamp their changes.</summary>
    protected TimeProvider Time => time;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        CorrelationContext.Current = context.Headers.Get<string>(OutboxRelay.CorrelationHeader) ?? context.CorrelationId?.ToString();
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = CorrelationContext.Current, ["MessageId"] = messageId });

        await using var connection = await database.OpenAsync(context.CancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(context.CancellationToken);
        var consumer = GetType().Name;
        if (!await Inbox.TryRecordAsync(connection, transaction, consumer, messageId, time.GetUtcNow().UtcDateTime, context.CancellationToken))
        {
            logger.LogInformation("{Consumer} already applied message {MessageId}; skipping the copy", consumer, messageId);
            return;
        }

        await HandleAsync(context, connection, transaction);
        await transaction.CommitAsync(context.CancellationToken);
        signal.Notify();
    }

    /// <summary>Applies the message inside <paramref name="transaction"/>.</summary>
    protected abstract Task HandleAsync(ConsumeContext<TMessage> context, DbConnection connection, DbTransaction transaction);
}

using Coordination.Data;
using Coordination.ServiceDefaults;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace Coordination.Messaging;

/// <summary>
/// A consumer that applies each message once: in one unit of work it records the message id in
/// the inbox under its subscription's queue name (stable across a class rename), lets
/// <see cref="HandleAsync"/> make its change (with its access-log entries and events), and commits.
/// A failure rolls everything back and the message is retried, then moved to <c>&lt;queue&gt;_error</c>.
/// </summary>
public abstract class InboxConsumer<TMessage>(Subscription subscription, Database database, UnitOfWork unitOfWork, ILogger logger) : IConsumer<TMessage>
    where TMessage : class
{
    /// <summary>The service's database, for the dialect of a statement.</summary>
    protected Database Database => database;

    /// <summary>The consumer's logger.</summary>
    protected ILogger Logger => logger;

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<TMessage> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        CorrelationContext.Current = context.Headers.Get<string>(OutboxRelay.CorrelationHeader) ?? context.CorrelationId?.ToString();
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["CorrelationId"] = CorrelationContext.Current, ["MessageId"] = messageId });

        await unitOfWork.RunAsync(async write =>
        {
            if (!await Data.Inbox.Inbox.TryRecordAsync(database, write.Connection, write.Transaction, subscription.Queue, messageId, write.NowUtc, write.CancellationToken))
            {
                logger.LogInformation("{Consumer} already applied message {MessageId}; skipping the copy", subscription.Queue, messageId);
                return;
            }

            await HandleAsync(context.Message, write);
        }, context.CancellationToken);
    }

    /// <summary>Applies the message inside the unit of work <paramref name="write"/>.</summary>
    protected abstract Task HandleAsync(TMessage message, WriteContext write);
}

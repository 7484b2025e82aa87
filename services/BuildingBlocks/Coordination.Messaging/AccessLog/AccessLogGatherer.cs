using Coordination.ServiceDefaults.Identifiers;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coordination.Messaging.AccessLog;

/// <summary>
/// Gathers one access log of a client from the NEN 7513 audit logs of every service
/// (<see cref="PlatformServices.All"/>): asks them all at once over the bus, each for a page from
/// its own log, waits at most <see cref="AccessLogOptions.Timeout"/>, and merges their answers
/// newest first. A service that does not answer in time is named, never silently left out.
/// Registered by <see cref="MessagingExtensions.AddAccessLogGatherer"/>.
/// </summary>
public sealed partial class AccessLogGatherer(IClientFactory clients, IOptions<AccessLogOptions> options, ILogger<AccessLogGatherer> logger)
{
    /// <summary>The most entries one page may hold.</summary>
    public const int MaxLimit = AccessLogQuery.MaxLimit;

    /// <summary>
    /// A page of <paramref name="clientBsn"/>'s access log: the <paramref name="limit"/> (1 to
    /// <see cref="MaxLimit"/>) newest entries after <paramref name="cursor"/> (from the newest when
    /// it is null or empty), in descending order of (time, service, id), the cursor of the next page,
    /// and the services that did not answer. Walking the pages shows every entry once, however many
    /// share one second. Throws <see cref="InvalidAccessLogRequestException"/> for a cursor this
    /// gatherer did not give out, a limit out of range, or an invalid BSN.
    /// </summary>
    public async Task<GatheredAccessLog> GatherAsync(string clientBsn, string? cursor, int limit, CancellationToken cancellationToken)
    {
        if (!DutchIdentifiers.IsValidBsn(clientBsn))
        {
            throw new InvalidAccessLogRequestException("An access log is asked for by a valid BSN.", nameof(clientBsn));
        }

        if (limit is < 1 or > MaxLimit)
        {
            throw new InvalidAccessLogRequestException($"A page holds 1 to {MaxLimit} entries.", nameof(limit));
        }

        var from = string.IsNullOrEmpty(cursor) ? null : AccessLogCursor.Decode(cursor);
        var timeout = options.Value.Timeout;
        var services = PlatformServices.All;
        var answers = await Task.WhenAll(services.Select(service =>
            AskAsync(service, new AccessLogQuery(clientBsn, from?.PositionIn(service), limit), timeout, cancellationToken)));

        var unavailable = services.Where((_, i) => answers[i] is null).ToList();
        return AccessLogMerge.Merge(answers.OfType<AccessLogPage>().ToList(), limit, unavailable);
    }

    /// <summary>One service's page, or null when it did not answer within <paramref name="timeout"/>.</summary>
    private async Task<AccessLogPage?> AskAsync(string service, AccessLogQuery query, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var client = clients.CreateRequestClient<AccessLogQuery>(AccessLogQueues.AddressOf(service), timeout);
        var asking = client.GetResponse<AccessLogPage>(query, request =>
        {
            // Unanswered, the query expires on the broker when the asker stops waiting.
            request.TimeToLive = timeout;
            // With no queue bound (a service never deployed) the broker returns the query at once.
            request.UseExecute(send =>
            {
                if (send.TryGetPayload(out RabbitMqSendContext? rabbit))
                {
                    rabbit.Mandatory = true;
                }
            });
        }, deadline.Token);
        try
        {
            // The request's own timeout starts only once it is sent, and a send can hang (a broker
            // connection blocked by an alarm, a queue the broker refuses to declare): the page waits
            // no longer than the timeout, whatever the bus does.
            var response = await asking.WaitAsync(timeout, cancellationToken);
            if (response.Message.Service != service)
            {
                LogWrongService(logger, service, response.Message.Service);
                return null;
            }

            return response.Message;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The kind of failure only: the answering service logs its own, and nothing here may echo the query.
            LogUnavailable(logger, service, timeout, ex.GetType().Name);
            return null;
        }
        finally
        {
            // An abandoned request is told to stop, and its late failure is observed here, not by the finaliser.
            await deadline.CancelAsync();
            _ = asking.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The access log of {Service} did not answer within {Timeout} ({Error}); the page is marked incomplete")]
    private static partial void LogUnavailable(ILogger logger, string service, TimeSpan timeout, string error);

    [LoggerMessage(Level = LogLevel.Error, Message = "The access-log queue of {Service} was answered by {Answerer}; its answer is not used")]
    private static partial void LogWrongService(ILogger logger, string service, string answerer);
}

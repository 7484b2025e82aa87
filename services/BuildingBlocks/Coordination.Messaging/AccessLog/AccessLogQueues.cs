namespace Coordination.Messaging.AccessLog;

/// <summary>Where each service answers <see cref="AccessLogQuery"/>: its own queue, named after the service.</summary>
public static class AccessLogQueues
{
    /// <summary>The queue of <paramref name="service"/>: <c>&lt;service&gt;-access-log</c>.</summary>
    public static string NameOf(string service) => $"{service}-access-log";

    /// <summary>
    /// The address a query to <paramref name="service"/> is sent to: the exchange of the same name,
    /// which the service's receive endpoint declares and binds to its queue. Not <c>queue:</c>: that
    /// makes the sender declare the queue too, as a classic queue, which RabbitMQ refuses where the
    /// service declared it a quorum queue (<c>RabbitMq:QuorumQueues</c>), and which would leave a
    /// classic queue the service could not declare as a quorum queue if the sender came first.
    /// </summary>
    public static Uri AddressOf(string service) => new($"exchange:{NameOf(service)}");
}

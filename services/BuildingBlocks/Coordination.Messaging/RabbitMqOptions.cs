using Microsoft.Extensions.Configuration;

namespace Coordination.Messaging;

/// <summary>The <c>RabbitMq</c> configuration section; the defaults reach a local broker.</summary>
public sealed class RabbitMqOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "RabbitMq";

    /// <summary>Host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>AMQP port.</summary>
    public ushort Port { get; set; } = 5672;

    /// <summary>Virtual host.</summary>
    public string VirtualHost { get; set; } = "/";

    /// <summary>User name.</summary>
    public string Username { get; set; } = "guest";

    /// <summary>Password.</summary>
    public string Password { get; set; } = "guest";

    /// <summary>Other nodes of a cluster (host or host:port); empty for one node.</summary>
    public string[] ClusterNodes { get; set; } = [];

    /// <summary>Declare queues as quorum queues (for a cluster of three or more nodes).</summary>
    public bool QuorumQueues { get; set; }

    /// <summary>
    /// Hold start-up until the bus is connected. Off by default: a service starts, serves reads and
    /// takes writes into its outbox while the broker is away, and connects when it comes.
    /// </summary>
    public bool WaitUntilStarted { get; set; }

    /// <summary>The section from <paramref name="configuration"/>, or the defaults.</summary>
    public static RabbitMqOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
}

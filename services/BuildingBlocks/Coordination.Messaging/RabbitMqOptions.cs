using Coordination.Data;
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
    /// How many unacknowledged messages each queue's consumer takes from the broker at once, and so
    /// how many it handles concurrently; unset, <see cref="PrefetchFor"/> chooses by the database.
    /// </summary>
    public int? PrefetchCount { get; set; }

    /// <summary>
    /// The prefetch count for a service on <paramref name="dialect"/>: the configured one, else 64 on
    /// SQLite, where the messages in hand are committed together (up to 64 units of work in one
    /// commit: more at once means fewer commits and page writes per message; 16 cost about 15 %
    /// more CPU per referral, docs/performance.md), and MassTransit's 16 on PostgreSQL and SQL
    /// Server, where every message in hand holds a connection of the pool for its unit of work.
    /// </summary>
    public int PrefetchFor(SqlDialect dialect) =>
        PrefetchCount ?? (dialect == SqlDialect.Sqlite ? 64 : 16);

    /// <summary>
    /// Hold start-up until the bus is connected. Off by default: a service starts, serves reads and
    /// takes writes into its outbox while the broker is away, and connects when it comes.
    /// </summary>
    public bool WaitUntilStarted { get; set; }

    /// <summary>The section from <paramref name="configuration"/>, or the defaults.</summary>
    public static RabbitMqOptions From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions();
}

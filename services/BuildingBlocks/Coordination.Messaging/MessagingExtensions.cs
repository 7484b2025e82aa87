using Coordination.Data;
using Coordination.Messaging.AccessLog;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Messaging;

/// <summary>MassTransit 8 on RabbitMQ, configured one way for every service.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// The bus with the consumers <paramref name="registerConsumers"/> adds (on the queues
    /// <see cref="PlatformTopology"/> names), durable queues, publisher confirms, and the outbox relay.
    /// Every service also answers <see cref="AccessLogQuery"/> from its own audit log on its queue
    /// <c>&lt;service&gt;-access-log</c>. The service starts without waiting for the broker: reads
    /// work and writes wait in the outbox until the bus connects. MassTransit's usage telemetry is
    /// off: a platform holding BSNs sends nothing out unasked. Comes after
    /// <see cref="DataHostingExtensions.AddCoordinationData"/>, which names the service.
    /// </summary>
    public static IHostApplicationBuilder AddCoordinationMessaging(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? registerConsumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!builder.Services.Any(s => s.ServiceType == typeof(ServiceIdentity)))
        {
            throw new InvalidOperationException("AddCoordinationData comes before AddCoordinationMessaging: it names the service, whose queues and audit log the bus serves.");
        }

        var options = RabbitMqOptions.From(builder.Configuration);
        if (options.PrefetchCount is < 1 or > ushort.MaxValue)
        {
            throw new InvalidOperationException($"RabbitMq:PrefetchCount is {options.PrefetchCount}; it must be 1 to {ushort.MaxValue}, or unset for the default of the database.");
        }

        builder.Services.AddSingleton(options);

        builder.Services.AddMassTransit(bus =>
        {
            bus.DisableUsageTelemetry();
            // Without the broker a service still serves: reads work, writes wait in the outbox. So a
            // broker problem shows as Degraded on /health/ready (200, and named) and does not take
            // every replica out of rotation; only a database it cannot reach makes it unready (503).
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            registerConsumers?.Invoke(bus);
            bus.AddConsumer<AccessLogQueryConsumer>().ExcludeFromConfigureEndpoints();
            bus.AddConfigureEndpointsCallback((_, endpoint) => ConfigureQueue(endpoint, options));
            bus.UsingRabbitMq((context, cfg) =>
            {
                ConfigureHost(cfg, options);
                cfg.PrefetchCount = options.PrefetchFor(context.GetRequiredService<Database>().Dialect);
                ConfigureAccessLogEndpoint(cfg, context, options);
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = options.WaitUntilStarted;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });

        builder.Services.AddSingleton(new NamedHostCommand("topology", "declares every queue of the platform and its bindings on the broker, then exits", async (services, output, ct) =>
        {
            var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PlatformTopology));
            await PlatformTopology.DeployAsync(options, logger, ct);
            await output.WriteLineAsync($"declared {PlatformTopology.All.Count} queues on {options.Host}:{options.Port}{options.VirtualHost}");
            return 0;
        }));
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        return builder;
    }

    /// <summary>
    /// Adds the <see cref="AccessLogGatherer"/>, which gathers a client's access log from every
    /// service; the service that shows clients their log (consent) calls this. It waits
    /// <c>AccessLog:Timeout</c> (default 5 s, at most a minute) for each service.
    /// </summary>
    public static IHostApplicationBuilder AddAccessLogGatherer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<AccessLogOptions>()
            .Bind(builder.Configuration.GetSection(AccessLogOptions.SectionName))
            .Validate(o => o.Timeout > TimeSpan.Zero && o.Timeout <= TimeSpan.FromMinutes(1), "AccessLog:Timeout must be more than zero and at most a minute.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AccessLogGatherer>();
        return builder;
    }

    /// <summary>
    /// The service's own access-log queue, <c>&lt;service&gt;-access-log</c>. Queries are sent to
    /// it, never published, so no message-type exchange is bound. The topology step does not
    /// declare it: a query is worth something only while its sender waits, so nothing is lost
    /// when no queue holds it yet (the sender sets <c>mandatory</c> and hears so at once), and
    /// the service declares its queue itself, with the platform's queue arguments, when it starts.
    /// </summary>
    private static void ConfigureAccessLogEndpoint(IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, RabbitMqOptions options)
    {
        var service = context.GetRequiredService<ServiceIdentity>();
        cfg.ReceiveEndpoint(AccessLogQueues.NameOf(service.Name), endpoint =>
        {
            endpoint.ConfigureConsumeTopology = false;
            ConfigureQueue(endpoint, options);
            // Within the asker's timeout, a moment's database trouble may pass.
            endpoint.UseMessageRetry(retry => retry.Intervals(100, 500));
            // A query that failed is worth nothing once its asker gave up, and no BSN is kept in an error queue.
            endpoint.DiscardFaultedMessages();
            endpoint.ConfigureConsumer<AccessLogQueryConsumer>(context);
        });
    }

    /// <summary>The broker connection every bus of the platform uses, the topology step's too.</summary>
    internal static void ConfigureHost(IRabbitMqBusFactoryConfigurator cfg, RabbitMqOptions options)
    {
        cfg.Host(options.Host, options.Port, options.VirtualHost, host =>
        {
            host.Username(options.Username);
            host.Password(options.Password);
            host.PublisherConfirmation = true;
            if (options.ClusterNodes.Length > 0)
            {
                host.UseCluster(cluster =>
                {
                    foreach (var node in options.ClusterNodes)
                    {
                        cluster.Node(node);
                    }
                });
            }
        });
        cfg.Durable = true;
    }

    /// <summary>Queue arguments must match wherever a queue is declared, or the broker refuses the second declaration.</summary>
    internal static void ConfigureQueue(IReceiveEndpointConfigurator endpoint, RabbitMqOptions options)
    {
        if (options.QuorumQueues && endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.SetQuorumQueue(3);
        }
    }
}

/// <summary>
/// How every Coordination consumer retries: a bounded retry, after which the message goes to the
/// endpoint's <c>_error</c> queue instead of being acknowledged and lost. A database that is away
/// (restarting, failing over, refusing connections) is waited for much longer, about five minutes,
/// so an outage does not send every message in hand to <c>_error</c>: the consumer holds them and
/// goes on when the database is back.
/// </summary>
public static class ConsumerRetry
{
    /// <summary>The waits between tries while the database is away.</summary>
    public static readonly IReadOnlyList<TimeSpan> DatabaseAway =
        [.. new[] { 1, 2, 5, 10, 15, 30, 30, 30, 30, 60, 60 }.Select(seconds => TimeSpan.FromSeconds(seconds))];

    /// <summary>Both retries on <paramref name="endpoint"/>: the database's outage outside, every other failure inside.</summary>
    public static void Configure(IReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.UseMessageRetry(retry =>
        {
            retry.Handle<Exception>(DatabaseFaults.IsAway);
            retry.Intervals([.. DatabaseAway]);
        });
        endpoint.UseMessageRetry(retry =>
        {
            retry.Ignore<Exception>(DatabaseFaults.IsAway);
            retry.Intervals(100, 500, 2000, 5000);
        });
    }
}

/// <summary>The consumer definition every Coordination consumer uses: <see cref="ConsumerRetry"/>.</summary>
public class RetryingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context) =>
        ConsumerRetry.Configure(endpointConfigurator);
}

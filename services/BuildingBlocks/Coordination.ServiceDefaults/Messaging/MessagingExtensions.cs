using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Coordination.ServiceDefaults.Messaging;

/// <summary>MassTransit 8 on RabbitMQ, configured one way for every service.</summary>
public static class MessagingExtensions
{
    /// <summary>
    /// Durable queues with kebab-case names prefixed by the service (two services' consumers of
    /// one event must not share, and so compete for, one queue), publisher confirms, retry, and poison messages moved
    /// to <c>&lt;queue&gt;_error</c> (MassTransit's default once retries are spent).
    /// </summary>
    public static IHostApplicationBuilder AddCoordinationMessaging(this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? registerConsumers = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(RabbitMqOptions.SectionName).Get<RabbitMqOptions>() ?? new RabbitMqOptions();

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, includeNamespace: false));
            // Without the broker a service still serves: reads work, writes wait in the outbox. So a
            // broker problem shows as Degraded on /health/ready (200, and named) and does not take
            // every replica out of rotation; only a database it cannot reach makes it unready (503).
            bus.ConfigureHealthCheckOptions(health => health.MinimalFailureStatus = HealthStatus.Degraded);
            registerConsumers?.Invoke(bus);
            if (options.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue(3);
                    }
                });
            }

            bus.UsingRabbitMq((context, cfg) =>
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
                cfg.ConfigureEndpoints(context);
            });
        });

        builder.Services.Configure<MassTransitHostOptions>(host =>
        {
            host.WaitUntilStarted = options.WaitUntilStarted;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}

/// <summary>
/// The consumer definition every Coordination consumer uses: a bounded retry, after which the
/// message goes to the endpoint's <c>_error</c> queue instead of being acknowledged and lost.
/// </summary>
public class RetryingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <inheritdoc />
    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        endpointConfigurator.UseMessageRetry(retry => retry.Intervals(100, 500, 2000, 5000));
    }
}

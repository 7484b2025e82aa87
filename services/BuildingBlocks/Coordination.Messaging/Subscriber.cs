using MassTransit;

namespace Coordination.Messaging;

/// <summary>A consumer that names its one subscription of <see cref="PlatformTopology"/>: its queue and its inbox key.</summary>
public interface ISubscriber
{
    /// <summary>The subscription this consumer serves.</summary>
    static abstract Subscription Subscription { get; }
}

/// <summary>Registers consumers on the queues <see cref="PlatformTopology"/> names.</summary>
public static class SubscriberRegistration
{
    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> on the queue of its subscription, with the platform's
    /// bounded retry, after which a message moves to <c>&lt;queue&gt;_error</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddSubscriber<TConsumer>(this IBusRegistrationConfigurator bus)
        where TConsumer : class, IConsumer, ISubscriber
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TConsumer, RetryingConsumerDefinition<TConsumer>>().Endpoint(endpoint => endpoint.Name = TConsumer.Subscription.Queue);
        return bus;
    }
}

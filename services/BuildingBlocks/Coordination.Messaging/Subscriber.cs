using MassTransit;

namespace Coordination.Messaging;

/// <summary>Registers consumers on the queues <see cref="PlatformTopology"/> names.</summary>
public static class SubscriberRegistration
{
    /// <summary>
    /// Adds <typeparamref name="TConsumer"/> on the queue of <paramref name="subscription"/>, with
    /// the platform's bounded retry, after which a message moves to <c>&lt;queue&gt;_error</c>.
    /// </summary>
    public static IBusRegistrationConfigurator AddSubscriber<TConsumer>(this IBusRegistrationConfigurator bus, Subscription subscription)
        where TConsumer : class, IConsumer
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(subscription);
        bus.AddConsumer<TConsumer, RetryingConsumerDefinition<TConsumer>>().Endpoint(endpoint => endpoint.Name = subscription.Queue);
        return bus;
    }
}

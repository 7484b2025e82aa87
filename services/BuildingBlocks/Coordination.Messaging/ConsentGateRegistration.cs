using Consent.Contracts;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Coordination.Messaging;

/// <summary>The consent check a reading service asks at the moment it reads, registered the same way in every service that asks.</summary>
public static class ConsentGateRegistration
{
    /// <summary>
    /// Adds the <see cref="ConsentGate"/> with its timeout (<see cref="ConsentGateOptions.TimeoutKey"/>,
    /// default 2 seconds, more than zero and at most a minute, else the service does not start).
    /// The bus registration adds the request client with <see cref="AddConsentCheckClient"/>.
    /// </summary>
    public static IHostApplicationBuilder AddConsentGate(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var timeout = builder.Configuration.GetValue(ConsentGateOptions.TimeoutKey, TimeSpan.FromSeconds(2));
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
        {
            // Zero would withhold every other member's data on every read; a minute would hold every read hostage.
            throw new InvalidOperationException($"{ConsentGateOptions.TimeoutKey} must lie between zero and one minute; it is {timeout}.");
        }

        builder.Services.AddSingleton(new ConsentGateOptions { Timeout = timeout });
        builder.Services.AddScoped<ConsentGate>();
        return builder;
    }

    /// <summary>The request client the <see cref="ConsentGate"/> asks through.</summary>
    public static IBusRegistrationConfigurator AddConsentCheckClient(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddRequestClient<CheckConsent>(ConsentCheckEndpoint.Address);
        return bus;
    }
}

using Consent.Api.Consumers;
using Consent.Api.Data;
using Consent.Api.Domain;
using Consent.Api.Endpoints;
using Consent.Contracts;
using Coordination.Data;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;

namespace Consent.Api;

/// <summary>The consent service: explicit consent per purpose and recipient, enforced on every read.</summary>
public static class Program
{
    public const string ServiceName = "consent";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddProblemTypes(ConsentRules.All);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.Services.AddSingleton<Household>();
        builder.Services.AddSingleton<ConsentStore>();
        builder.Services.AddSingleton<ConsentJudge>();
        builder.AddCoordinationMessaging(bus =>
        {
            bus.AddSubscriber<ReferralSubmittedConsumer>();
            // The reading services ask here at the moment they read; the answer is the state now.
            bus.AddConsumer<ConsentCheckConsumer>().Endpoint(endpoint => endpoint.Name = ConsentCheckEndpoint.Name);
        });
        // The client's access log: every service's own log, gathered over the bus when asked.
        builder.AddAccessLogGatherer();

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapConsentApi();
        app.MapDefaultEndpoints();
        return app;
    }
}

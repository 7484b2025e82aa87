using Coordination.Data;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Consumers;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Endpoints;

namespace MdoScheduling.Api;

/// <summary>The MDO scheduling service: multidisciplinary consultations across organisations.</summary>
public static class Program
{
    public const string ServiceName = "mdo-scheduling";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddProblemTypes(MdoSchedulingRules.All);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddMdoSchedulingData();
        builder.AddCoordinationMessaging(bus =>
        {
            bus.AddSubscriber<ReferralSubmittedConsumer>();
            bus.AddSubscriber<CareTeamChangedConsumer>();
            bus.AddSubscriber<ConsentWithdrawnConsumer>();
            // Whom an MDO may invite is asked of the consent service at that moment.
            bus.AddConsentCheckClient();
        });

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapMdoSchedulingApi();
        app.MapDefaultEndpoints();
        return app;
    }
}

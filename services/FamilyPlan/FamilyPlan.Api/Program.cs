using Coordination.Data;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Consumers;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using FamilyPlan.Api.Endpoints;

namespace FamilyPlan.Api;

/// <summary>The family plan service: the one plan youth and adult clinicians share.</summary>
public static class Program
{
    public const string ServiceName = "family-plan";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddProblemTypes(FamilyPlanRules.All);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddFamilyPlanData();
        builder.AddCoordinationMessaging(bus =>
        {
            bus.AddSubscriber<ReferralSubmittedConsumer>();
            bus.AddSubscriber<FundingRouteDecidedConsumer>();
            bus.AddSubscriber<ReferralStatusChangedConsumer>();
            bus.AddSubscriber<ReferralAcceptedConsumer>();
            bus.AddSubscriber<ReferralSupplementedConsumer>();
            bus.AddSubscriber<InterventionFundingDecidedConsumer>();
            bus.AddSubscriber<MdoDecisionsRecordedConsumer>();
            bus.AddSubscriber<MdoChangedConsumer>();
            // Every plan read asks the consent service, at that moment, whose data the viewer may see.
            bus.AddConsentCheckClient();
        });

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapFamilyPlanApi();
        app.MapDefaultEndpoints();
        return app;
    }
}

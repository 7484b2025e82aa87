using Coordination.Data;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;
using FundingRoute.Api.Consumers;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Endpoints;
using FundingRoute.Api.Jobs;

namespace FundingRoute.Api;

/// <summary>The funding route service: per intervention and family member, who pays, why, and with what paperwork.</summary>
public static class Program
{
    public const string ServiceName = "funding-route";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddProblemTypes(FundingRouteRules.All);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddFundingRouteData();
        builder.Services.Configure<FundingReviewOptions>(builder.Configuration.GetSection(FundingReviewOptions.Section));
        builder.Services.AddHostedService<FundingReview>();
        builder.AddCoordinationMessaging(bus =>
        {
            bus.AddSubscriber<ReferralSubmittedForFundingConsumer>();
            bus.AddSubscriber<InterventionChangedConsumer>();
            bus.AddSubscriber<ReferralAcceptedConsumer>();
        });

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapFundingRouteApi();
        app.MapDefaultEndpoints();
        return app;
    }
}

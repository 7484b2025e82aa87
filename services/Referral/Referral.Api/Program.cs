using Coordination.Data;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;
using Referral.Api.Data;
using Referral.Api.Domain;
using Referral.Api.Endpoints;

namespace Referral.Api;

/// <summary>The referral service: GPs and POH-GGZ refer; the referrer follows the referral until closed.</summary>
public static class Program
{
    /// <summary>The service name in telemetry and the SQLite file name.</summary>
    public const string ServiceName = "referral";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    /// <summary>Builds the host; tests start it on a free loopback port.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddProblemTypes(ReferralRules.All);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddReferralData();
        builder.AddCoordinationMessaging();

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapReferralApi();
        app.MapDefaultEndpoints();
        return app;
    }
}

using Coordination.Data;
using Coordination.ServiceDefaults;
using Coordination.Messaging;

namespace Consent.Api;

/// <summary>The consent service: explicit consent per purpose and recipient, enforced on every read.</summary>
/// <remarks>The host, its database, migrations, health and OpenAPI; its endpoints come with their own issue.</remarks>
public static class Program
{
    public const string ServiceName = "consent";

    /// <summary>Runs the service, or a host command such as <c>migrate</c> or <c>verify-audit</c>.</summary>
    public static Task<int> Main(string[] args) => HostCommands.RunAsync(args, Build);

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddCoordinationMessaging();
        builder.AddAccessLogGatherer();

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        return app;
    }
}

using Coordination.Data;
using Coordination.ServiceDefaults;
using Coordination.Messaging;

namespace MdoScheduling.Api;

/// <summary>The MDO scheduling service: multidisciplinary consultations across organisations.</summary>
/// <remarks>The host, its database, migrations, health and OpenAPI; its endpoints come with their own issue.</remarks>
public static class Program
{
    public const string ServiceName = "mdo-scheduling";

    public static Task Main(string[] args) => Build(args).RunAsync();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.AddCoordinationData(ServiceName, typeof(Program).Assembly);
        builder.AddCoordinationMessaging();

        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapDefaultEndpoints();
        return app;
    }
}

using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;

namespace Coordination.Gateway;

/// <summary>The only entry from outside: authentication, routing, rate limits, correlation and tracing.</summary>
public static class Program
{
    public const string ServiceName = "gateway";

    public static Task Main(string[] args) => Build(args).RunAsync();

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        // Routes, clusters and YARP's log level live in their own file (a test host that embeds several services keeps
        // them apart); environment and command line are added again so they still override it.
        builder.Configuration
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "gateway.json"), optional: false, reloadOnChange: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args);
        builder.AddServiceDefaults(ServiceName);
        builder.AddGatewayPolicies();
        builder.AddPlatformOpenApi();
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy")).AddForwarderTransforms();

        var app = builder.Build();
        // An address is limited before its token is validated; the caller's own limit follows routing and authentication.
        // The API browser needs no token, so it is served at the door too.
        app.UseServiceDefaults(beforeAuthentication: door => door.UseHeaderLimits().UseForwardedHeaders().UsePerAddressRateLimit().UsePlatformApiBrowser());
        app.UseBodyLimit(ServiceDefaultsExtensions.KestrelMaxRequestBodyBytes);
        app.UseRateLimiter();
        app.MapReverseProxy(proxy =>
        {
            // A custom pipeline replaces YARP's default one; these three are that default.
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
            proxy.UseForwarderProblems();
        });
        // Under /api only the routes of gateway.json lead anywhere: any other API path is a 404 problem, never a portal page.
        app.Map("/api/{**rest}", () => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "There is no operation at this path.")).AllowAnonymous();
        app.MapHealthChecks("/health").AllowAnonymous();
        app.MapPlatformOpenApi();
        app.MapDefaultEndpoints(openApi: false);
        return app;
    }
}

using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using FhirEdge.Api.Endpoints;
using FhirEdge.Api.Fhir;
using FhirEdge.Api.Ijw;
using Microsoft.AspNetCore.HttpOverrides;

namespace FhirEdge.Api;

/// <summary>
/// The standards edge: partners' FHIR R4 and the iJw 3.2 messages of youth care mapped onto the
/// platform's public API, through the gateway, with the caller's own token. It stores nothing.
/// </summary>
public static class Program
{
    /// <summary>The service name in telemetry.</summary>
    public const string ServiceName = "fhir-edge";

    public static Task Main(string[] args) => Build(args).RunAsync();

    /// <summary>Builds the host; tests start it on a free loopback port.</summary>
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddServiceDefaults(ServiceName);
        builder.Services.AddHttpContextAccessor();
        // The partner's address, as the gateway forwarded it, goes on to the gateway with each call: it limits each address.
        // The scheme and host the partner called are the base of every absolute URL the edge writes (a bundle's fullUrl).
        var proxies = TrustedProxies.From(builder.Configuration, "FhirEdge:KnownProxies");
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // None named: the framework's default, a gateway on this machine (loopback).
            if (!proxies.IsEmpty)
            {
                proxies.ApplyTo(forwarded);
            }
        });
        builder.Services.AddHttpClient<PlatformApi>(client => client.BaseAddress = builder.Configuration.GetValue<Uri?>("FhirEdge:GatewayUrl")
            ?? throw new InvalidOperationException("FhirEdge:GatewayUrl is not set: the edge reaches the platform through the gateway only."));
        // The base specification is unpacked once into a writable folder (an emptyDir under a read-only root).
        var unpackTo = builder.Configuration["FhirEdge:SpecificationCache"] ?? Path.Combine(Path.GetTempPath(), "coordination-fhir-r4");
        builder.Services.AddSingleton(_ => ProfileValidator.FromOutput(unpackTo));
        // Compiled while the host is built: a schema that is missing or does not compile stops the start.
        builder.Services.AddSingleton(IjwSchemas.FromOutput());
        builder.Services.AddSingleton<ValidatorWarmUp>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ValidatorWarmUp>());
        builder.Services.AddHealthChecks().AddCheck<ValidatorWarmUp>("fhir-profiles", tags: ["ready"]);

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseServiceDefaults();
        app.MapFhir();
        app.MapIjw();
        app.MapDefaultEndpoints(openApi: false);
        return app;
    }
}

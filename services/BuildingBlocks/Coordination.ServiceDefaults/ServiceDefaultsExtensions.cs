using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Coordination.ServiceDefaults;

/// <summary>The limits on request bodies, from <c>Requests:MaxBodyBytes</c>.</summary>
/// <param name="MaxBodyBytes">The largest JSON body a service reads.</param>
public sealed record RequestLimits(long MaxBodyBytes);

/// <summary>
/// A middleware a building block puts in every service's pipeline right after authentication and
/// authorisation, registered as a singleton; <c>UseServiceDefaults</c> adds each in order.
/// </summary>
/// <param name="Type">The middleware's type.</param>
public sealed record AuthenticatedMiddleware(Type Type);

/// <summary>What every Coordination host (service or gateway) is built with.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>The largest request Kestrel accepts at all; JSON bodies have a lower limit.</summary>
    public const long KestrelMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>
    /// Telemetry (traces, metrics, logs; OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set),
    /// health checks, JWT authentication, RFC 9457 problem details and request size limits.
    /// </summary>
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCoordinationTelemetry(serviceName);
        builder.AddCoordinationAuthentication();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = KestrelMaxRequestBodyBytes);
        builder.WebHost.AcceptAnyHeaderByte();
        builder.WebHost.ReadPastTheHeaderLimits();
        builder.Services.AddSingleton(new RequestLimits(
            builder.Configuration.GetValue("Requests:MaxBodyBytes", JsonBody.DefaultMaxBytes)));

        builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.TraceId.ToString();
            context.ProblemDetails.Extensions["correlationId"] = context.HttpContext.Items[CorrelationMiddleware.HeaderName] ?? CorrelationContext.Current;
        });
        // After AddProblemDetails' own writer: it takes only what that one declines.
        builder.Services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // The framework binds request records from the body; what it cannot bind it throws, and
        // ProblemExceptionHandler answers with the 400 naming the field.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            // Two "bsn" properties in one object: which one counts would be the parser's guess.
            json.SerializerOptions.AllowDuplicateProperties = false;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Services.AddHealthChecks();
        builder.Services.AddCoordinationOpenApi(builder.Configuration, serviceName);
        builder.Services.Replace(ServiceDescriptor.Singleton(Clock.From(builder.Configuration, builder.Environment)));
        return builder;
    }

    /// <summary>Traces, metrics and logs for ASP.NET Core, HttpClient, the bus and the database clients.</summary>
    public static WebApplicationBuilder AddCoordinationTelemetry(this WebApplicationBuilder builder, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.IncludeScopes = true;
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        builder.Logging.AddOpenTelemetry(otel =>
        {
            otel.IncludeFormattedMessage = true;
            otel.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddSqlClientInstrumentation()
                .AddSource("MassTransit")
                // Npgsql reports its commands under its own source; Microsoft.Data.Sqlite has none,
                // so SQLite work shows inside the request or consumer span that does it.
                .AddSource("Npgsql")
                .AddSource("Coordination.Data")
                .AddSource("Yarp.ReverseProxy"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter("Npgsql")
                .AddMeter("Coordination.Data")
                // Consent.Contracts' ConsentTelemetry: coordination.consent.check.duration of every reader.
                .AddMeter("Coordination.Consent"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    /// <summary>
    /// The shared middleware: problem details for every error, correlation, authentication.
    /// <paramref name="beforeAuthentication"/> adds what must run before a token is looked at (the
    /// gateway's per-address rate limit).
    /// </summary>
    public static WebApplication UseServiceDefaults(this WebApplication app, Action<IApplicationBuilder>? beforeAuthentication = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Correlation first, so that problems written by the outer handlers carry the id too.
        app.UseMiddleware<CorrelationMiddleware>();
        app.UseNoStoreNoSniff();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAsciiHeaders();
        app.Use(ApiGroups.ApplyBodyLimitAsync);
        beforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        // What a building block adds once the caller is known, e.g. Idempotency-Key (Coordination.Data).
        foreach (var step in app.Services.GetServices<AuthenticatedMiddleware>())
        {
            app.UseMiddleware(step.Type);
        }
        return app;
    }

    /// <summary>
    /// <c>/health/live</c> (the process runs), <c>/health/ready</c> (database and broker answer)
    /// and the OpenAPI document, in every environment.
    /// </summary>
    /// <param name="app">The host.</param>
    /// <param name="openApi">False where the host serves a document of its own (the gateway's merged one).</param>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, bool openApi = true)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready"), ResponseWriter = WriteHealth }).AllowAnonymous();
        if (openApi)
        {
            app.MapOpenApi().AllowAnonymous();
        }

        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        }, JsonBody.Options));
    }
}

using System.Globalization;
using Coordination.Portal.Api;
using Coordination.Portal.Components;
using Coordination.Portal.Meetings;
using Coordination.Portal.Session;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Localization;

namespace Coordination.Portal;

/// <summary>
/// The web portal: a Blazor Web App rendered on the server (static SSR with enhanced navigation and
/// forms), behind the gateway, calling the services only through the gateway's public API.
/// </summary>
public static class Program
{
    public const string ServiceName = "portal";

    public static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>Runs the portal; <c>demo</c> instead loads the demo families through the gateway and exits (Development with the development key only).</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["demo", ..])
        {
            return await Demo.DemoCommand.RunAsync(args[1..]);
        }

        await Build(args).RunAsync();
        return 0;
    }

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(Program).Assembly.GetName().Name });
        builder.AddCoordinationTelemetry(ServiceName);
        builder.Services.Configure<PortalOptions>(builder.Configuration.GetSection(PortalOptions.SectionName));
        var proxies = TrustedProxies.From(builder.Configuration, "Portal:KnownProxies");
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded => TrustTheGateway(forwarded, proxies));
        builder.AddPortalAuthentication();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(new CareDay(Clock.From(builder.Configuration, builder.Environment)));
        builder.Services.AddHttpClient<GatewayClient>((services, client) =>
            client.BaseAddress = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.GatewayUrl
                ?? throw new InvalidOperationException("Portal:GatewayUrl is not set: the portal reaches the services through the gateway only."));
        builder.Services.AddRazorComponents();
        builder.Services.AddHealthChecks();
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "coordination.antiforgery";
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
            antiforgery.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });

        var app = builder.Build();
        app.UseForwardedHeaders();
        app.UseNoStoreNoSniff();
        app.UsePortalErrorPages();
        app.UseRequestLocalization(localization =>
        {
            localization.SupportedCultures = localization.SupportedUICultures = [Dutch, English];
            localization.DefaultRequestCulture = new RequestCulture(Dutch);
            // Dutch first: only the visitor's own choice (the language cookie) changes it, not the browser.
            localization.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseAntiforgeryRefusal();
        app.MapStaticAssets();
        app.MapPortalSessions();
        app.MapDocuments();
        app.MapCalendarUpload();
        app.MapLanguageChoice();
        app.MapRazorComponents<App>();
        // Live while the process runs; ready while what it needs answers (Redis, where the replicas share it).
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// The gateway is the portal's only way in: its <c>X-Forwarded-For</c>, <c>-Proto</c> and <c>-Host</c> name the
    /// user's address and the public address (which the sign-in's return address is built from). Believed from
    /// loopback, or from the addresses or networks in <c>Portal:KnownProxies</c> (the gateway's, in a cluster: the pod network).
    /// </summary>
    private static void TrustTheGateway(ForwardedHeadersOptions forwarded, TrustedProxies proxies)
    {
        forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
        if (!proxies.IsEmpty)
        {
            proxies.ApplyTo(forwarded);
        }
    }

    private static void MapLanguageChoice(this IEndpointRouteBuilder app) =>
        app.MapPost("/taal", (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string? culture, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            var chosen = culture == English.Name ? English : Dutch;
            http.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName, CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true, MaxAge = TimeSpan.FromDays(365) });
            return Results.LocalRedirect(PortalAuthentication.LocalOrHome(returnUrl));
        });
}

using System.Globalization;
using System.Threading.RateLimiting;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Coordination.Gateway;

/// <summary>
/// Coarse checks at the door: how fast one address may knock (before its token is even looked
/// at), which roles may reach which service at all, and how fast each caller may go. The services
/// make the fine checks (whose data, which consent) themselves.
/// </summary>
public static class GatewayPolicies
{
    public const string PerCaller = "per-caller";

    /// <summary>The addresses or networks of the reverse proxies or load balancers whose <c>X-Forwarded-For</c> is believed.</summary>
    public const string KnownProxiesSetting = "Gateway:KnownProxies";

    private static readonly IReadOnlyList<string> CareRoles = Roles.Care;

    /// <summary>The authorization policy named in each route of <c>gateway.json</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        ["referrals"] = [.. CareRoles],
        ["consents"] = [.. CareRoles, Roles.Client],
        ["families"] = [.. CareRoles, Roles.Client],
        ["mdos"] = [.. CareRoles, Roles.Client],
        ["funding"] = [.. CareRoles, Roles.Municipality, Roles.Insurer, Roles.Client],
        // Financier queries: only the financiers have a population of routes to read (docs/adr/0009).
        ["funding-routes"] = [Roles.Municipality, Roles.Insurer],
        // Partners' systems through the FHIR edge, which calls the API above with the same token.
        ["fhir"] = [.. CareRoles, Roles.Client, Roles.Municipality, Roles.Insurer],
        // The iJw messages of youth care: the provider's clinicians and the municipalities.
        ["ijw"] = [Roles.Clinician, Roles.Municipality],
    };

    public static WebApplicationBuilder AddGatewayPolicies(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var authorization = builder.Services.AddAuthorizationBuilder();
        foreach (var (policy, roles) in RolesByPolicy)
        {
            authorization.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireClaim(ClaimNames.Role, roles));
        }

        var permitLimit = builder.Configuration.GetValue("RateLimiting:PermitLimit", 100);
        var perAddressPermitLimit = builder.Configuration.GetValue("RateLimiting:PerAddressPermitLimit", 300);
        var window = builder.Configuration.GetValue("RateLimiting:Window", TimeSpan.FromSeconds(10));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerCaller, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Claim(ClaimNames.Subject) ?? context.User.Claim(ClaimNames.Agb) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
            limiter.OnRejected = (context, _) => WriteTooManyRequestsAsync(context.HttpContext, context.Lease, window);
        });

        builder.Services.AddSingleton(_ => new AddressRateLimiter(perAddressPermitLimit, window));
        var knownProxies = TrustedProxies.From(builder.Configuration, KnownProxiesSetting);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // With no proxy listed the middleware would believe any sender, so then it reads no header at all. Behind a
            // proxy that ends TLS, the partner's scheme and host go on to the services (the FHIR edge's absolute URLs).
            forwarded.ForwardedHeaders = knownProxies.IsEmpty
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            knownProxies.ApplyTo(forwarded);
        });
        return builder;
    }

    /// <summary>
    /// Limits each client address before authentication, so a flood (with or without tokens) gets
    /// 429 instead of costing a token validation per request. The address is the socket's, or the
    /// one a proxy of <see cref="KnownProxiesSetting"/> forwarded: put <c>UseForwardedHeaders</c> first.
    /// </summary>
    public static IApplicationBuilder UsePerAddressRateLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limiter = context.RequestServices.GetRequiredService<AddressRateLimiter>();
            using var lease = limiter.Acquire(context);
            if (!lease.IsAcquired)
            {
                await WriteTooManyRequestsAsync(context, lease, limiter.Window);
                return;
            }

            await next(context);
        });

    private static async ValueTask WriteTooManyRequestsAsync(HttpContext context, RateLimitLease lease, TimeSpan window)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await context.WriteProblemAsync(new ProblemDetails { Status = 429, Title = "Too many requests; try again after the Retry-After interval." });
    }

    /// <summary>
    /// Every forwarded request with a body says <c>Expect: 100-continue</c>, so the body follows only
    /// once the service starts to read it. A service that answers first (a 404 before the body is
    /// read, a request it refuses outright and closes the connection on) is then answered, not a 502:
    /// over HTTP/1.1 a service that closes while the body is still being sent leaves the gateway a
    /// broken pipe instead of its answer. The cost is one interim line per request with a body.
    /// </summary>
    public static IReverseProxyBuilder AddForwarderTransforms(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(transforms => transforms.AddRequestTransform(context =>
        {
            if (context.ProxyRequest.Content is not null)
            {
                context.ProxyRequest.Headers.ExpectContinue = true;
            }

            return ValueTask.CompletedTask;
        }));

    /// <summary>
    /// Turns what went wrong while forwarding into a problem (RFC 9457) instead of a bare status: a
    /// chunked body that outgrew the limit while it was read is the same 400 as a declared one; a
    /// service that cannot be reached is a 502 or 503 that says so.
    /// </summary>
    public static void UseForwarderProblems(this IReverseProxyApplicationBuilder proxy) =>
        proxy.Use(async (context, next) =>
        {
            await next();
            var error = context.GetForwarderErrorFeature();
            if (error is null || context.Response.HasStarted)
            {
                return;
            }

            // YARP answers 413 when reading the body hit Kestrel's limit; the services call that a 400 naming the body.
            var status = context.Response.StatusCode;
            // What YARP copied of a response that then failed (its Content-Length, say) is not this answer's.
            context.Response.Clear();
            var problem = status == StatusCodes.Status413PayloadTooLarge
                ? JsonBody.TooLargeProblem()
                : new ProblemDetails
                {
                    Status = status >= 400 ? status : StatusCodes.Status502BadGateway,
                    Title = error.Error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled
                        ? "The request body could not be read."
                        : "The service behind this route did not answer; try again later.",
                };
            await context.WriteProblemAsync(problem);
        });

    /// <summary>Refuses a declared body over the limit before it is forwarded, with the same problem a service gives.</summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
            {
                await context.WriteProblemAsync(JsonBody.TooLargeProblem());
                return;
            }

            await next(context);
        });
}

using System.Globalization;
using System.Threading.RateLimiting;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;
using Yarp.ReverseProxy.Forwarder;

namespace Coordination.Gateway;

/// <summary>
/// Coarse checks at the door: which roles may reach which service at all, and how fast. The
/// services make the fine checks (whose data, which consent) themselves.
/// </summary>
public static class GatewayPolicies
{
    public const string PerCaller = "per-caller";

    private static readonly string[] CareRoles =
        [Roles.Gp, Roles.Poh, Roles.Clinician, Roles.FamilyTherapist, Roles.FamilySystemsWorker, Roles.SocialDomain, Roles.YouthProtection, Roles.DistrictNurse];

    /// <summary>The authorization policy named in each route of <c>gateway.json</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> RolesByPolicy = new Dictionary<string, string[]>
    {
        ["referrals"] = [.. CareRoles],
        ["consents"] = [.. CareRoles, Roles.Client],
        ["families"] = [.. CareRoles, Roles.Client],
        ["mdos"] = [.. CareRoles, Roles.Client],
        ["funding"] = [.. CareRoles, Roles.Municipality, Roles.Insurer, Roles.Client],
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
        var window = builder.Configuration.GetValue("RateLimiting:Window", TimeSpan.FromSeconds(10));
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerCaller, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.Claim(ClaimNames.Subject) ?? context.User.Claim(ClaimNames.Agb) ?? context.Connection.RemoteIpAddress?.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0, AutoReplenishment = true }));
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails { Status = 429, Title = "Too many requests; try again after the Retry-After interval." },
                });
            };
        });
        return builder;
    }

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
            var problem = context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? JsonBody.TooLargeProblem()
                : new ProblemDetails
                {
                    Status = context.Response.StatusCode >= 400 ? context.Response.StatusCode : StatusCodes.Status502BadGateway,
                    Title = error.Error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled
                        ? "The request body could not be read."
                        : "The service behind this route did not answer; try again later.",
                };
            context.Response.StatusCode = problem.Status!.Value;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = problem,
            });
        });

    /// <summary>Refuses a declared body over the limit before it is forwarded, with the same problem a service gives.</summary>
    public static IApplicationBuilder UseBodyLimit(this IApplicationBuilder app, long maxBytes) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.ContentLength > maxBytes)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = JsonBody.TooLargeProblem(),
                });
                return;
            }

            await next(context);
        });
}

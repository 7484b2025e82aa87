using System.Globalization;
using System.Threading.RateLimiting;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.Gateway;

/// <summary>
/// Coarse checks at the door: which roles may reach which service at all, and how fast. The
/// services make the fine checks (whose data, which consent) themselves.
/// </summary>
public static class GatewayPolicies
{
    public const string PerCaller = "per-caller";

    private static readonly string[] CareRoles =
        [Roles.Gp, Roles.Poh, Roles.Clinician, Roles.FamilyTherapist, Roles.FamilySystemsWorker, Roles.SocialDomain, Roles.YouthProtection];

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

using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Coordination.Portal.Session;

/// <summary>
/// The portal's sessions: a cookie (HttpOnly, SameSite=Strict) whose session, with the user's access
/// token, stays on the server (<see cref="SessionStore"/>). Production signs in with OpenID Connect
/// (code flow with PKCE) at <c>Auth:Authority</c>; Development with <c>Auth:AllowDevelopmentKey</c>
/// offers the demo personas instead, and only there. The user as the portal knows them is the
/// access token's claims: the same the services judge.
/// </summary>
public static class PortalAuthentication
{
    public const string AccessToken = "access_token";
    public const string DevelopmentSignInPath = "/aanmelden/ontwikkeling";
    public const string SignInPath = "/aanmelden";
    public const string SignOutPath = "/afmelden";
    public const string SignedInPath = "/aanmelden/klaar";

    public static WebApplicationBuilder AddPortalAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var auth = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var portal = builder.Configuration.GetSection(PortalOptions.SectionName).Get<PortalOptions>() ?? new PortalOptions();
        var development = builder.Environment.IsDevelopment() && auth.AllowDevelopmentKey && string.IsNullOrWhiteSpace(auth.Authority);
        if (!development && string.IsNullOrWhiteSpace(auth.Authority))
        {
            throw new InvalidOperationException("The portal signs users in with OpenID Connect at Auth:Authority; set it (or, in Development only, Auth:AllowDevelopmentKey=true).");
        }

        builder.Services.AddSingleton(new SignInMode(development));
        builder.Services.AddSingleton(Options.Create(auth));
        builder.AddSharedState();
        builder.Services.AddSingleton<SessionStore>();
        builder.Services.AddSingleton<IPostConfigureOptions<CookieAuthenticationOptions>, UseSessionStore>();

        var authentication = builder.Services.AddAuthentication(options =>
        {
            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            options.DefaultChallengeScheme = development ? CookieAuthenticationDefaults.AuthenticationScheme : OpenIdConnectDefaults.AuthenticationScheme;
        });
        authentication.AddCookie(cookie =>
        {
            cookie.Cookie.Name = "coordination.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.LoginPath = development ? DevelopmentSignInPath : SignInPath;
            cookie.AccessDeniedPath = "/geen-toegang";
            cookie.ExpireTimeSpan = portal.SessionLifetime;
            cookie.SlidingExpiration = false;
            cookie.Events.OnValidatePrincipal = EndWhenTokenExpiredAsync;
        });
        if (!development)
        {
            authentication.AddOpenIdConnect(oidc =>
            {
                oidc.Authority = auth.Authority;
                oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
                oidc.ClientId = portal.ClientId;
                oidc.ClientSecret = portal.ClientSecret;
                oidc.ResponseType = "code";
                oidc.UsePkce = true;
                oidc.SaveTokens = true;
                oidc.MapInboundClaims = false;
                oidc.Scope.Clear();
                foreach (var scope in $"openid profile {portal.Scope}".Split(' ', StringSplitOptions.RemoveEmptyEntries))
                {
                    oidc.Scope.Add(scope);
                }

                oidc.Events.OnTokenValidated = context =>
                {
                    // The portal knows the user as the services will: by the access token's claims.
                    if (context.TokenEndpointResponse?.AccessToken is { Length: > 0 } token)
                    {
                        context.Principal = PrincipalOf(token, CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                    else
                    {
                        context.Fail("The provider gave no access token.");
                    }

                    return Task.CompletedTask;
                };
                // The provider posts back from its own site, and a browser sends no SameSite=Strict cookie on
                // the redirect that follows; one more step from a page of our own makes the next request same-site.
                oidc.Events.OnTicketReceived = context =>
                {
                    context.ReturnUri = $"{SignedInPath}?returnUrl={Uri.EscapeDataString(LocalOrHome(context.ReturnUri))}";
                    return Task.CompletedTask;
                };
            });
        }

        builder.Services.AddAuthorization();
        builder.Services.AddCascadingAuthenticationState();
        return builder;
    }

    /// <summary>The user of <paramref name="accessToken"/>: its claims, with <c>name</c> and <c>role</c> as name and role.</summary>
    public static ClaimsPrincipal PrincipalOf(string accessToken, string scheme)
    {
        var jwt = new JsonWebToken(accessToken);
        string[] registered = ["iss", "aud", "exp", "iat", "nbf", "jti"];
        var identity = new ClaimsIdentity(jwt.Claims.Where(c => !registered.Contains(c.Type)), scheme, ClaimNames.Name, ClaimNames.Role);
        return new ClaimsPrincipal(identity);
    }

    public static IEndpointRouteBuilder MapPortalSessions(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var development = app.ServiceProvider.GetRequiredService<SignInMode>().Development;
        if (development)
        {
            // Exists only here: with the development key off there is no route that mints a token.
            app.MapPost(DevelopmentSignInPath, DevelopmentSignInAsync);
        }
        else
        {
            app.MapGet(SignInPath, (string? returnUrl) =>
                Results.Challenge(new AuthenticationProperties { RedirectUri = LocalOrHome(returnUrl) }, [OpenIdConnectDefaults.AuthenticationScheme]));
            app.MapGet(SignedInPath, (string? returnUrl) =>
            {
                var target = System.Net.WebUtility.HtmlEncode(LocalOrHome(returnUrl));
                return Results.Content(
                    $"<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\" /><meta http-equiv=\"refresh\" content=\"0;url={target}\" /><title>Coordination</title></head>"
                    + $"<body><main><p><a href=\"{target}\">Verder</a></p></main></body></html>", "text/html; charset=utf-8");
            });
        }

        app.MapPost(SignOutPath, async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (!development)
            {
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }

            return Results.LocalRedirect("/?afgemeld=1");
        }).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<IResult> DevelopmentSignInAsync(
        [FromForm] string? persona, [FromForm] string? returnUrl, HttpContext http, IOptions<AuthOptions> auth, IOptions<PortalOptions> portal, TimeProvider time)
    {
        if (Personas.Find(persona) is not { } who)
        {
            return Results.LocalRedirect(DevelopmentSignInPath);
        }

        var now = time.GetUtcNow();
        var lifetime = portal.Value.SessionLifetime;
        var token = DevelopmentTokens.Mint(who, auth.Value, now, lifetime);
        var properties = new AuthenticationProperties { IsPersistent = false, IssuedUtc = now, ExpiresUtc = now + lifetime };
        properties.StoreTokens([
            new AuthenticationToken { Name = AccessToken, Value = token },
            new AuthenticationToken { Name = "expires_at", Value = (now + lifetime).ToString("o", System.Globalization.CultureInfo.InvariantCulture) },
        ]);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(token, CookieAuthenticationDefaults.AuthenticationScheme), properties);
        return Results.LocalRedirect(LocalOrHome(returnUrl));
    }

    private static async Task EndWhenTokenExpiredAsync(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (expiresAt is null || !DateTimeOffset.TryParse(expiresAt, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out var expires) || expires <= now)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>A return address on this site, never another (an open redirect).</summary>
    public static string LocalOrHome(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal)
            ? returnUrl
            : "/";
}

using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.ServiceDefaults.Auth;

/// <summary>JWT bearer authentication shared by the gateway and every service.</summary>
public static class AuthenticationExtensions
{
    /// <summary>
    /// Validates issuer, audience, lifetime and signature of every bearer token, and requires an
    /// authenticated caller on every endpoint that does not opt out.
    /// </summary>
    public static IHostApplicationBuilder AddCoordinationAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        var signingKey = ResolveSigningKey(options, builder.Environment);

        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                if (options.Authority is not null)
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }

                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuer = options.Issuer,
                    ValidateAudience = true,
                    ValidAudience = options.Audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = signingKey,
                    ValidAlgorithms = signingKey is null ? null : [SecurityAlgorithms.HmacSha256],
                    ClockSkew = options.ClockSkew,
                    RoleClaimType = ClaimNames.Role,
                    NameClaimType = ClaimNames.Name,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var problems = TokenClaimRules.Problems(context.Principal!);
                        if (problems.Count > 0)
                        {
                            context.Fail("The token's claims are not usable: " + string.Join("; ", problems));
                        }

                        return Task.CompletedTask;
                    },
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>
    /// The symmetric key to validate with, or null when an authority supplies keys. Refuses the
    /// development key outside Development, and refuses to run with no key source at all.
    /// </summary>
    public static SymmetricSecurityKey? ResolveSigningKey(AuthOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var key = options.SigningKey;
        if (string.IsNullOrWhiteSpace(key) && options.Authority is null && environment.IsDevelopment())
        {
            key = AuthOptions.DevelopmentSigningKey;
        }

        if (key == AuthOptions.DevelopmentSigningKey && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Refusing to start in the '{environment.EnvironmentName}' environment with the development signing key: configure Auth:Authority (OIDC) or a secret Auth:SigningKey.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            return options.Authority is not null
                ? null
                : throw new InvalidOperationException("No token validation configured: set Auth:Authority (OIDC) or Auth:SigningKey.");
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes for HMAC-SHA256.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}

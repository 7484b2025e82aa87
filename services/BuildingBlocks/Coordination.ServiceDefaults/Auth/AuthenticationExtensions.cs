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
                // Nothing reads the token back from the authentication properties (the gateway forwards the header as it came):
                // storing it there allocated on every request, which the profile showed under GC pressure (issue 22).
                jwt.SaveToken = false;
                if (options.Authority is not null)
                {
                    jwt.Authority = options.Authority;
                    jwt.RequireHttpsMetadata = options.RequireHttpsMetadata;
                }

                jwt.TokenValidationParameters = ValidationParameters(options, signingKey);
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
                    // RFC 6750: a refused token is told which rule it broke, never shown the token itself.
                    OnChallenge = context =>
                    {
                        if (context.AuthenticateFailure is { } failure)
                        {
                            context.Error = "invalid_token";
                            context.ErrorDescription = TokenFailures.Describe(failure);
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
    /// What a token must satisfy before its claims are read: issuer, audience, lifetime (an
    /// <c>exp</c> is required), signature, and the <c>typ</c> of an access token (RFC 9068), so an
    /// ID token is not taken for one. With a symmetric key only HS256 is accepted and the issuer
    /// is <see cref="AuthOptions.Issuer"/> (default <see cref="AuthOptions.DevelopmentIssuer"/>);
    /// with an authority the issuer and keys come from its metadata, unless
    /// <see cref="AuthOptions.Issuer"/> is configured as well.
    /// </summary>
    public static TokenValidationParameters ValidationParameters(AuthOptions options, SecurityKey? signingKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        var issuer = options.Issuer ?? (options.Authority is null ? AuthOptions.DevelopmentIssuer : null);
        return new TokenValidationParameters
        {
            ValidateIssuer = true,
            // Null with an authority: JwtBearer then takes the issuer from the authority's metadata.
            ValidIssuer = issuer,
            ValidateAudience = true,
            ValidAudience = options.Audience,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            IssuerSigningKey = signingKey,
            ValidAlgorithms = signingKey is null ? null : [SecurityAlgorithms.HmacSha256],
            ValidTypes = options.ValidTokenTypes is { Length: > 0 } types ? types : AuthOptions.AccessTokenTypes,
            ClockSkew = options.ClockSkew,
            RoleClaimType = ClaimNames.Role,
            NameClaimType = ClaimNames.Name,
        };
    }

    /// <summary>
    /// The symmetric key to validate with, or null when an authority supplies keys. The development
    /// key needs both the Development environment and <see cref="AuthOptions.AllowDevelopmentKey"/>;
    /// with no key source at all a host refuses to run.
    /// </summary>
    public static SymmetricSecurityKey? ResolveSigningKey(AuthOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var key = options.SigningKey;
        if (string.IsNullOrWhiteSpace(key) && options.Authority is null && environment.IsDevelopment() && options.AllowDevelopmentKey)
        {
            key = AuthOptions.DevelopmentSigningKey;
        }

        if (key == AuthOptions.DevelopmentSigningKey && !environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Refusing to start in the '{environment.EnvironmentName}' environment with the development signing key: configure Auth:Authority (OIDC) or a secret Auth:SigningKey.");
        }

        if (key == AuthOptions.DevelopmentSigningKey && !options.AllowDevelopmentKey)
        {
            throw new InvalidOperationException(
                "Refusing to start with the development signing key: it needs Auth:AllowDevelopmentKey=true as well as the Development environment.");
        }

        if (string.IsNullOrWhiteSpace(key) && options.Authority is null && environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "No token validation configured: set Auth:AllowDevelopmentKey=true to use the development signing key in Development, or set Auth:Authority (OIDC) or Auth:SigningKey.");
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

namespace Coordination.ServiceDefaults.Auth;

/// <summary>
/// The <c>Auth</c> configuration section: either an OIDC <see cref="Authority"/> (production) or
/// a symmetric <see cref="SigningKey"/>. In Development with neither, the development key is used;
/// outside Development the development key is refused at start-up.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>The key <c>deploy/token.sh</c> signs with. Never valid outside Development.</summary>
    public const string DevelopmentSigningKey = "coordination-development-signing-key-not-for-production-use";

    /// <summary>The issuer tokens must carry.</summary>
    public string Issuer { get; set; } = "coordination-dev";

    /// <summary>The audience tokens must carry.</summary>
    public string Audience { get; set; } = "coordination";

    /// <summary>A symmetric HMAC-SHA256 key (at least 32 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose metadata supplies issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS (default true).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Allowed clock difference when checking token lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

namespace Coordination.ServiceDefaults.Auth;

/// <summary>
/// The <c>Auth</c> configuration section: either an OIDC <see cref="Authority"/> (production) or
/// a symmetric <see cref="SigningKey"/>. In Development with neither, and with
/// <see cref="AllowDevelopmentKey"/> set, the development key is used; otherwise a host refuses to
/// start with the development key or with no key source at all.
/// </summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Auth";

    /// <summary>The key <c>deploy/token.sh</c> signs with. Never valid outside Development.</summary>
    public const string DevelopmentSigningKey = "coordination-development-signing-key-not-for-production-use";

    /// <summary>The issuer of the development key's tokens.</summary>
    public const string DevelopmentIssuer = "coordination-dev";

    /// <summary>The RFC 9068 token types of an access token, accepted unless <see cref="ValidTokenTypes"/> says otherwise.</summary>
    public static readonly IReadOnlyList<string> AccessTokenTypes = ["at+jwt", "application/at+jwt"];

    /// <summary>
    /// The issuer tokens must carry. Unset: <see cref="DevelopmentIssuer"/> with a symmetric key, and
    /// the issuer of the authority's metadata with an <see cref="Authority"/>.
    /// </summary>
    public string? Issuer { get; set; }

    /// <summary>The audience tokens must carry.</summary>
    public string Audience { get; set; } = "coordination";

    /// <summary>A symmetric HMAC-SHA256 key (at least 32 bytes).</summary>
    public string? SigningKey { get; set; }

    /// <summary>An OpenID Connect authority whose metadata supplies issuer and keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Whether the authority's metadata must come over HTTPS (default true).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>
    /// Lets a Development host validate with the development key. Both are needed, so that a host
    /// that merely runs with the wrong environment name does not accept tokens anyone can mint.
    /// </summary>
    public bool AllowDevelopmentKey { get; set; }

    /// <summary>
    /// The JWT header <c>typ</c> values accepted (default <see cref="AccessTokenTypes"/>). An authority
    /// that types its access tokens <c>JWT</c> can be allowed here, at the price of telling them
    /// apart from its ID tokens only by their claims.
    /// </summary>
#pragma warning disable CA1819 // The configuration binder fills an array; a copy-on-read wrapper would gain nothing.
    public string[]? ValidTokenTypes { get; set; }
#pragma warning restore CA1819

    /// <summary>Allowed clock difference when checking token lifetime.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

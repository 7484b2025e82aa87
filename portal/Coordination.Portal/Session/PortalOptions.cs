namespace Coordination.Portal.Session;

/// <summary>The <c>Portal</c> configuration section.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Portal";

    /// <summary>The gateway's public address: the only way the portal reaches the services.</summary>
    public Uri? GatewayUrl { get; set; }

    /// <summary>The portal's client id at the OpenID Connect provider (<c>Auth:Authority</c>).</summary>
    public string ClientId { get; set; } = "coordination-portal";

    /// <summary>The portal's client secret there, from a secret store; PKCE is used either way.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The scopes asked for besides <c>openid</c> and <c>profile</c>.</summary>
    public string Scope { get; set; } = "coordination";

    /// <summary>How long a session lasts at most (default 8 hours, a working day); a token that expires sooner ends it sooner.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);
}

/// <summary>Whether this portal offers the development sign-in (Development with <c>Auth:AllowDevelopmentKey</c>) or OpenID Connect.</summary>
/// <param name="Development">True: the persona page and its tokens exist; false: they do not, and sign-in is OpenID Connect.</param>
public sealed record SignInMode(bool Development);

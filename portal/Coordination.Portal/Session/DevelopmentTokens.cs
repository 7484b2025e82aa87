using Coordination.ServiceDefaults.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.Portal.Session;

/// <summary>
/// Mints a persona's access token with the development key, as <c>deploy/token.sh</c> does, on the
/// server: the browser never sees it. Only reachable where the development sign-in is on.
/// </summary>
public static class DevelopmentTokens
{
    public static string Mint(Persona persona, AuthOptions auth, DateTimeOffset now, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(persona);
        ArgumentNullException.ThrowIfNull(auth);
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Role] = persona.Role,
            [ClaimNames.Subject] = persona.Subject,
            [ClaimNames.Name] = persona.Name,
        };
        foreach (var (name, value) in persona.Claims)
        {
            claims[name] = value;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer ?? AuthOptions.DevelopmentIssuer,
            Audience = auth.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            Claims = claims,
            TokenType = AuthOptions.AccessTokenTypes[0],
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(auth.SigningKey ?? AuthOptions.DevelopmentSigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}

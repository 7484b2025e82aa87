using Microsoft.AspNetCore.Authentication;
using Microsoft.IdentityModel.Tokens;

namespace Coordination.ServiceDefaults.Auth;

/// <summary>
/// Why a bearer token was refused, as the <c>error_description</c> of RFC 6750's
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c>: the rule it broke, in words of our own
/// (never the library's message, which may quote the token), within the header's ASCII characters.
/// </summary>
public static class TokenFailures
{
    /// <summary>The description for <paramref name="failure"/>.</summary>
    public static string Describe(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var causes = failure is AggregateException aggregate ? aggregate.Flatten().InnerExceptions : [failure];
        return string.Join("; ", causes.Select(One).Distinct());
    }

    private static string One(Exception failure) => failure switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidAudienceException => "the token is meant for another audience",
        SecurityTokenInvalidIssuerException => "the token comes from an issuer that is not trusted here",
        SecurityTokenInvalidTypeException => "the token is not an access token (typ)",
        // An algorithm other than the accepted one (HS512) fails as a signature no accepted key verifies.
        SecurityTokenInvalidAlgorithmException or SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSigningKeyException or SecurityTokenInvalidSignatureException =>
            "the token's signature is missing or invalid",
        SecurityTokenMalformedException or ArgumentException => "the token is malformed",
        // TokenClaimRules' refusal (AddCoordinationAuthentication's OnTokenValidated): our own words, naming claims only.
        AuthenticationFailureException => Ascii(failure.Message),
        _ => "the token is invalid",
    };

    /// <summary>RFC 6750 allows no quote, backslash or character outside printable ASCII in the description.</summary>
    private static string Ascii(string text) =>
        new(text.Select(c => c is >= ' ' and <= '~' and not '"' and not '\\' ? c : '?').ToArray());
}

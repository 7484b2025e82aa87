using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Caching.Distributed;

namespace Coordination.Portal.Session;

/// <summary>
/// Keeps each session (the user's claims and their access token) on the server; the cookie holds
/// only the session's key. Signing out removes the session, so a copied cookie is worth nothing
/// afterwards. A distributed cache: in memory on one machine, Redis where the portal runs more
/// than once (<see cref="SharedState"/>, docs/adr/0019 and 0023). A session is stored protected with
/// the shared key ring, so the access token in it is not readable in the cache.
/// </summary>
public sealed class SessionStore(IDistributedCache cache, TimeProvider time, IDataProtectionProvider protection) : ITicketStore
{
    private const string Prefix = "portal-session:";
    private readonly IDataProtector _protector = protection.CreateProtector("Coordination.Portal.Session");

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await RenewAsync(key, ticket);
        return key;
    }

    public Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(8);
        return cache.SetAsync(Prefix + key, _protector.Protect(TicketSerializer.Default.Serialize(ticket)), new DistributedCacheEntryOptions { AbsoluteExpiration = expires });
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var bytes = await cache.GetAsync(Prefix + key);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return TicketSerializer.Default.Deserialize(_protector.Unprotect(bytes));
        }
        catch (CryptographicException)
        {
            // Protected with a key the ring no longer holds: the session is over.
            return null;
        }
    }

    public Task RemoveAsync(string key) => cache.RemoveAsync(Prefix + key);
}

/// <summary>Gives the cookie handler its <see cref="SessionStore"/> from the container.</summary>
public sealed class UseSessionStore(SessionStore store) : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    public void PostConfigure(string? name, CookieAuthenticationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SessionStore = store;
    }
}

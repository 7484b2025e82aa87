using System.Threading.RateLimiting;

namespace Coordination.Gateway;

/// <summary>A fixed window of permits per client address, shared by every request the gateway takes.</summary>
public sealed class AddressRateLimiter(int permitLimit, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext> _limiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        RateLimitPartition.GetFixedWindowLimiter(
            Address(context),
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permitLimit, Window = window, QueueLimit = 0, AutoReplenishment = true }));

    /// <summary>The window after which an address's permits return.</summary>
    public TimeSpan Window { get; } = window;

    /// <summary>A permit for this request's address, or a lease that says when to try again.</summary>
    public RateLimitLease Acquire(HttpContext context) => _limiter.AttemptAcquire(context);

    public void Dispose() => _limiter.Dispose();

    private static string Address(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        return (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString() ?? "unknown";
    }
}

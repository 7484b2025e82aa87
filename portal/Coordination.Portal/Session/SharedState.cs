using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Coordination.Portal.Session;

/// <summary>
/// What the portal's replicas must share: the sessions (<see cref="SessionStore"/>) and the
/// data-protection key ring that the session, sign-in and anti-forgery cookies and the stored
/// sessions are protected with. With <c>Portal:Redis</c> (a StackExchange.Redis configuration
/// string) both live in Redis, so a request may reach any replica; without it they live in the
/// process, for one portal on one machine (docs/adr/0023).
/// </summary>
public static class SharedState
{
    /// <summary>The setting that names the Redis the replicas share.</summary>
    public const string RedisSetting = "Portal:Redis";

    /// <summary>The key the data-protection key ring is kept under in Redis.</summary>
    public const string KeyRingKey = "coordination-portal:data-protection";

    /// <summary>The prefix of every session's key in Redis.</summary>
    public const string SessionPrefix = "coordination-portal:";

    /// <summary>Shares sessions and keys through Redis when it is configured; keeps them in the process otherwise.</summary>
    public static WebApplicationBuilder AddSharedState(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // One application name, so every replica (whatever its content root) reads the others' cookies.
        var protection = builder.Services.AddDataProtection().SetApplicationName("coordination-portal");
        var redis = builder.Configuration[RedisSetting];
        if (string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddDistributedMemoryCache();
            return builder;
        }

        var options = ConfigurationOptions.Parse(redis);
        // Start while Redis is away: readiness says so, and the connection comes back by itself.
        options.AbortOnConnectFail = false;
        var connection = ConnectionMultiplexer.Connect(options);
        builder.Services.AddSingleton<IConnectionMultiplexer>(connection);
        protection.PersistKeysToStackExchangeRedis(connection, KeyRingKey);
        builder.Services.AddStackExchangeRedisCache(cache =>
        {
            cache.InstanceName = SessionPrefix;
            cache.ConnectionMultiplexerFactory = () => Task.FromResult<IConnectionMultiplexer>(connection);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisAnswers>("redis", tags: ["ready"]);
        return builder;
    }

    /// <summary>Ready only while Redis answers: without it no session can be read.</summary>
    private sealed class RedisAnswers(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy();
            }
            catch (RedisException ex)
            {
                return HealthCheckResult.Unhealthy("Redis does not answer", ex);
            }
        }
    }
}

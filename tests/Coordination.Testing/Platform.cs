using Coordination.Messaging;
using Microsoft.AspNetCore.Builder;

namespace Coordination.Testing;

/// <summary>
/// The whole platform in one test: the five services and the gateway as real hosts on loopback,
/// on a virtual host of the real broker and on databases of the chosen dialect.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    // The platform's own list of names (Coordination.Messaging.PlatformServices), so a test cannot drift from it.
    public const string Referral = PlatformServices.Referral;
    public const string Consent = PlatformServices.Consent;
    public const string FamilyPlan = PlatformServices.FamilyPlan;
    public const string MdoScheduling = PlatformServices.MdoScheduling;
    public const string FundingRoute = PlatformServices.FundingRoute;

    /// <summary>Each service by its gateway cluster name, with the builder of its own Program.</summary>
    public static readonly IReadOnlyList<(string Name, Func<string[], WebApplication> Build)> ServiceBuilders =
    [
        (Referral, global::Referral.Api.Program.Build),
        (Consent, global::Consent.Api.Program.Build),
        (FamilyPlan, global::FamilyPlan.Api.Program.Build),
        (MdoScheduling, global::MdoScheduling.Api.Program.Build),
        (FundingRoute, global::FundingRoute.Api.Program.Build),
    ];

    private readonly Dictionary<string, RunningHost> _services = [];

    private Platform(RabbitVirtualHost broker, TestDatabase databases)
    {
        Broker = broker;
        Databases = databases;
    }

    public RabbitVirtualHost Broker { get; }

    public TestDatabase Databases { get; }

    public RunningHost Gateway { get; private set; } = null!;

    public RunningHost Service(string name) => _services[name];

    public static async Task<Platform> StartAsync(
        string dialect,
        IEnumerable<KeyValuePair<string, string?>>? gatewaySettings = null,
        IEnumerable<KeyValuePair<string, string?>>? serviceSettings = null)
    {
        Infrastructure.RequireRabbitMq();
        var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        var platform = new Platform(broker, TestDatabase.Create(dialect));
        try
        {
            var routes = new List<KeyValuePair<string, string?>>();
            foreach (var (name, _) in ServiceBuilders)
            {
                var host = await RunningHost.StartServiceAsync(name, broker, platform.Databases, serviceSettings);
                platform._services[name] = host;
                routes.Add(new($"ReverseProxy:Clusters:{name}:Destinations:primary:Address", host.Address.ToString()));
            }

            platform.Gateway = await RunningHost.StartAsync(global::Coordination.Gateway.Program.Build, routes.Concat(gatewaySettings ?? []));
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>Restarts one service on the same database, e.g. after it was stopped mid-flight.</summary>
    public async Task<RunningHost> StartServiceAsync(string name, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var host = await RunningHost.StartServiceAsync(name, Broker, Databases, settings);
        _services[name] = host;
        return host;
    }

    /// <summary>
    /// Restarts one service on the same database and the same address with its clock at 09:00 UTC on
    /// <paramref name="day"/>: the service as a later day finds it (its start-up work, such as a review,
    /// runs on that day), reached through the gateway as before.
    /// </summary>
    public async Task<RunningHost> RestartOnAsync(string name, DateOnly day)
    {
        var address = _services[name].Address;
        await StopServiceAsync(name);
        var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero);
        return await StartServiceAsync(name, [
            new(Coordination.ServiceDefaults.Clock.StartsAtKey, at.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
            new("urls", $"{address.Scheme}://{address.Authority}")]);
    }

    /// <summary>Stops one service as a crash would leave it: whatever it committed stays, nothing else runs.</summary>
    public async Task StopServiceAsync(string name)
    {
        await _services[name].DisposeAsync();
        _services.Remove(name);
    }

    public async ValueTask DisposeAsync()
    {
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
        }

        foreach (var host in _services.Values)
        {
            await host.DisposeAsync();
        }

        await Databases.DisposeAsync();
        await Broker.DisposeAsync();
    }
}

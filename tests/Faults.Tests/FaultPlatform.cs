using Coordination.Messaging;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Faults.Tests;

/// <summary>
/// The five services, each its own process (so a fault can kill or stop one), on PostgreSQL and on
/// the three-node RabbitMQ cluster with every queue a quorum queue, in a virtual host and databases
/// of their own. The topology is declared first, as the topology Job does before a rollout.
/// </summary>
public sealed class FaultPlatform : IAsyncDisposable
{
    public static readonly string[] Services = ["Referral", "Consent", "FamilyPlan", "MdoScheduling", "FundingRoute"];

    private readonly Dictionary<string, ServiceProcess> _running = [];
    private readonly string _name = "faults_" + Guid.NewGuid().ToString("N")[..10];

    private FaultPlatform() => Broker = new BrokerCluster();

    public BrokerCluster Broker { get; }

    public string VirtualHost => _name.Replace('_', '-');

    public ServiceProcess this[string service] => _running[service];

    public static async Task<FaultPlatform> StartAsync()
    {
        var platform = new FaultPlatform();
        await platform.Broker.UntilAllRunAsync();
        await platform.Broker.CreateVirtualHostAsync(platform.VirtualHost);
        await PlatformTopology.DeployAsync(
            new RabbitMqOptions
            {
                Host = "127.0.0.1", Port = (ushort)FaultSetting.Ports[0], VirtualHost = platform.VirtualHost, QuorumQueues = true,
                ClusterNodes = [.. BrokerCluster.Addresses],
            },
            NullLogger.Instance, CancellationToken.None);
        foreach (var service in Services)
        {
            await platform.StartAsync(service);
        }

        return platform;
    }

    /// <summary>Starts <paramref name="service"/> (again) on its database and the cluster.</summary>
    public async Task<ServiceProcess> StartAsync(string service)
    {
        _running.Remove(service, out var old);
        old?.Dispose();
        var process = await ServiceProcess.StartAsync(service, Settings(service));
        _running[service] = process;
        return process;
    }

    /// <summary>A connection to <paramref name="service"/>'s database.</summary>
    public NpgsqlConnection Connect(string service) => new(ConnectionString(service));

    private string ConnectionString(string service) =>
        $"{(service == "FamilyPlan" ? FaultSetting.FamilyPlanPostgres : FaultSetting.Postgres)};Database={_name}_{Snake(service)}";

    private IEnumerable<KeyValuePair<string, string?>> Settings(string service) =>
    [
        new("Database:Provider", "postgresql"),
        new("Database:ConnectionString", ConnectionString(service)),
        new("RabbitMq:Host", "127.0.0.1"),
        new("RabbitMq:Port", FaultSetting.Ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("RabbitMq:VirtualHost", VirtualHost),
        new("RabbitMq:QuorumQueues", "true"),
        .. BrokerCluster.Addresses.Select((address, i) => KeyValuePair.Create($"RabbitMq:ClusterNodes:{i}", (string?)address)),
        new("Outbox:PollInterval", "00:00:00.2"),
        // The system's clock: a service started again goes on from now, and the services' times compare.
        new("Clock:StartsAt", string.Empty),
    ];

    private static string Snake(string service) => string.Concat(service.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running.Values)
        {
            process.Dispose();
        }

        foreach (var service in Services)
        {
            var server = service == "FamilyPlan" ? FaultSetting.FamilyPlanPostgres : FaultSetting.Postgres;
            await using var connection = new NpgsqlConnection(server + ";Database=postgres");
            await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {_name}_{Snake(service)} WITH (FORCE)");
        }

        await Broker.DeleteVirtualHostAsync(VirtualHost);
        Broker.Dispose();
    }
}

using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Coordination.Testing;

namespace Faults.Tests;

/// <summary>The three RabbitMQ nodes of deploy/faults.sh, and what can be done to them.</summary>
public sealed class BrokerCluster : IDisposable
{
    private const string Bin = "/usr/lib/rabbitmq/bin";
    private readonly HttpClient _management = new() { Timeout = TimeSpan.FromSeconds(5) };

    public BrokerCluster() =>
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("guest:guest"u8.ToArray()));

    public static IReadOnlyList<string> Nodes => FaultSetting.Nodes;

    /// <summary>Every node as a client lists it: 127.0.0.1:port.</summary>
    public static IEnumerable<string> Addresses => FaultSetting.Ports.Select(p => $"127.0.0.1:{p}");

    /// <summary>The operating-system process of node <paramref name="index"/> (its Erlang VM).</summary>
    public static async Task<int> ProcessOfAsync(int index) =>
        int.Parse((await Command.RunAsync($"{Bin}/rabbitmqctl", ["-n", Nodes[index], "eval", "list_to_integer(os:getpid())."])).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Kills node <paramref name="index"/> as a crash would (SIGKILL: nothing is flushed, nothing said to the others).</summary>
    public static async Task KillAsync(int index) => await Command.SignalAsync(await ProcessOfAsync(index), "KILL");

    /// <summary>Starts node <paramref name="index"/> again with its data, and waits until all three run as one cluster.</summary>
    public async Task StartAsync(int index)
    {
        // start.sh runs the node in the foreground: started and left running.
        System.Diagnostics.Process.Start(Path.Combine(FaultSetting.ClusterFolder, $"node{index + 1}", "start.sh"))!.Dispose();
        await UntilAllRunAsync();
    }

    /// <summary>Stops node <paramref name="index"/> cleanly.</summary>
    public static Task StopAsync(int index) => Command.RunAsync($"{Bin}/rabbitmqctl", ["-n", Nodes[index], "stop"]);

    /// <summary>Puts node <paramref name="index"/> in maintenance: its queue leaders move away and its clients are closed.</summary>
    public static Task DrainAsync(int index) => Command.RunAsync($"{Bin}/rabbitmq-upgrade", ["-n", Nodes[index], "drain"]);

    /// <summary>
    /// Takes node <paramref name="index"/> out of maintenance. RabbitMQ 3.10 (Debian 12's) can end <c>revive</c> with an
    /// error after it has done so: it starts each local quorum queue member again, and one the restarted node already
    /// started answers <c>already_started</c> (rabbitmq-server issue 12012, handled upstream from 3.13 by pull requests
    /// 12014 and 12026). Then the node itself is asked whether it is still being drained.
    /// </summary>
    public static async Task ReviveAsync(int index)
    {
        try
        {
            await Command.RunAsync($"{Bin}/rabbitmq-upgrade", ["-n", Nodes[index], "revive"]);
        }
        catch (InvalidOperationException e) when (e.Message.Contains("already_started", StringComparison.Ordinal))
        {
            var drained = (await Command.RunAsync($"{Bin}/rabbitmqctl", ["-n", Nodes[index], "eval", "rabbit_maintenance:is_being_drained_consistent_read(node())."])).Trim();
            if (drained != "false")
            {
                throw new InvalidOperationException($"Node {Nodes[index]} is still in maintenance after revive ({drained}).", e);
            }
        }
    }

    /// <summary>Waits until the management API of some node lists all three nodes running.</summary>
    public Task UntilAllRunAsync() =>
        Eventually.Until(RunningAsync, running => running == 3, "all three RabbitMQ nodes to run as one cluster", TimeSpan.FromSeconds(120));

    /// <summary>How many nodes a reachable node says are running (0 when none answers).</summary>
    public async Task<int> RunningAsync()
    {
        var nodes = await GetAsync("/api/nodes");
        return nodes?.EnumerateArray().Count(n => n.TryGetProperty("running", out var running) && running.GetBoolean()) ?? 0;
    }

    /// <summary>The queues of <paramref name="vhost"/> with their messages (ready and unacknowledged), from a reachable node.</summary>
    public async Task<IReadOnlyDictionary<string, long>> QueuesAsync(string vhost)
    {
        var queues = await GetAsync($"/api/queues/{Uri.EscapeDataString(vhost)}") ?? throw new InvalidOperationException("no RabbitMQ node answers");
        return queues.EnumerateArray().ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => q.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0);
    }

    /// <summary>The type of each durable queue of <paramref name="vhost"/> (quorum or classic) and on how many nodes it lives.</summary>
    public async Task<IReadOnlyDictionary<string, (string Type, int Members)>> DurableQueuesAsync(string vhost)
    {
        var queues = await GetAsync($"/api/queues/{Uri.EscapeDataString(vhost)}") ?? throw new InvalidOperationException("no RabbitMQ node answers");
        return queues.EnumerateArray().Where(q => q.GetProperty("durable").GetBoolean()).ToDictionary(
            q => q.GetProperty("name").GetString()!,
            q => (q.TryGetProperty("type", out var type) ? type.GetString()! : "classic",
                  q.TryGetProperty("members", out var members) ? members.GetArrayLength() : 1));
    }

    /// <summary>Creates the virtual host <paramref name="vhost"/> (through a reachable node) for guest.</summary>
    public async Task CreateVirtualHostAsync(string vhost)
    {
        await SendAsync(HttpMethod.Put, $"/api/vhosts/{Uri.EscapeDataString(vhost)}", "{}");
        await SendAsync(HttpMethod.Put, $"/api/permissions/{Uri.EscapeDataString(vhost)}/guest", """{"configure":".*","write":".*","read":".*"}""");
    }

    public Task DeleteVirtualHostAsync(string vhost) => SendAsync(HttpMethod.Delete, $"/api/vhosts/{Uri.EscapeDataString(vhost)}", null);

    // JsonDocument, not JsonNode: after a node restarts, RabbitMQ 3.10 may name a queue's "online" members twice.
    private Task<JsonElement?> GetAsync(string path) =>
        AnyNodeAsync<JsonElement?>(async port =>
        {
            using var document = JsonDocument.Parse(await _management.GetStringAsync(new Uri($"http://127.0.0.1:{port}{path}")));
            return document.RootElement.Clone();
        }, () => null);

    private Task<bool> SendAsync(HttpMethod method, string path, string? json) =>
        AnyNodeAsync<bool>(async port =>
        {
            using var request = new HttpRequestMessage(method, new Uri($"http://127.0.0.1:{port}{path}"));
            if (json is not null)
            {
                request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
            }

            using var response = await _management.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return true;
        }, () => throw new InvalidOperationException($"no RabbitMQ node took {method} {path}"));

    // The management API of the first node that answers: a node may be down or paused.
    private static async Task<T> AnyNodeAsync<T>(Func<int, Task<T>> ask, Func<T> noneAnswered)
    {
        foreach (var port in FaultSetting.ManagementPorts)
        {
            try
            {
                return await ask(port);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // That node is down or paused: ask the next.
            }
        }

        return noneAnswered();
    }

    public void Dispose() => _management.Dispose();
}

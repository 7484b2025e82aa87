using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Coordination.Testing;

/// <summary>
/// A virtual host of its own on the real broker, so tests never see each other's messages;
/// deleted with everything in it when disposed.
/// </summary>
public sealed class RabbitVirtualHost : IAsyncDisposable
{
    private readonly HttpClient _management;

    private RabbitVirtualHost(HttpClient management, string name)
    {
        _management = management;
        Name = name;
    }

    public string Name { get; }

    public static async Task<RabbitVirtualHost> CreateAsync()
    {
        Infrastructure.RequireRabbitMq();
        var management = new HttpClient { BaseAddress = Infrastructure.RabbitMqManagement };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var name = "test-" + Guid.NewGuid().ToString("N")[..12];
        (await management.PutAsync($"/api/vhosts/{name}", null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync($"/api/permissions/{name}/guest", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        return new RabbitVirtualHost(management, name);
    }

    /// <summary>The settings a service needs to use this virtual host.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var uri = Infrastructure.RabbitMq!;
        yield return new("RabbitMq:Host", uri.Host);
        yield return new("RabbitMq:Port", uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("RabbitMq:VirtualHost", Name);
    }

    /// <summary>Declares every queue of the platform and its bindings, as the topology step does before a deployment.</summary>
    public Task DeployTopologyAsync()
    {
        var uri = Infrastructure.RabbitMq!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return Coordination.Messaging.PlatformTopology.DeployAsync(
            new Coordination.Messaging.RabbitMqOptions { Host = uri.Host, Port = (ushort)uri.Port, VirtualHost = Name },
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, cts.Token);
    }

    /// <summary>How many messages a queue has acknowledged so far (management statistics).</summary>
    public async Task<long> AcknowledgedAsync(string queue)
    {
        using var response = await _management.GetAsync($"/api/queues/{Name}/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty("ack", out var ack) ? ack.GetInt64() : 0;
    }

    /// <summary>
    /// How many messages wait in a queue, exactly and now, as the broker answers a passive
    /// declaration (the management statistics lag by seconds).
    /// </summary>
    public async Task<uint> ExactCountAsync(string queue)
    {
        var uri = Infrastructure.RabbitMq!;
        var factory = new RabbitMQ.Client.ConnectionFactory { HostName = uri.Host, Port = uri.Port, VirtualHost = Name, UserName = "guest", Password = "guest" };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var declared = await channel.QueueDeclarePassiveAsync(queue);
        return declared.MessageCount;
    }

    /// <summary>How many messages wait in a queue; 0 when the queue was never declared.</summary>
    public async Task<long> WaitingAsync(string queue)
    {
        using var response = await _management.GetAsync($"/api/queues/{Name}/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return 0;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Number ? messages.GetInt64() : 0;
    }

    /// <summary>The type of a queue (<c>classic</c>, <c>quorum</c>), or null when it was never declared.</summary>
    public async Task<string?> QueueTypeAsync(string queue)
    {
        using var response = await _management.GetAsync($"/api/queues/{Name}/{queue}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.TryGetProperty("type", out var type) ? type.GetString() : null;
    }

    /// <summary>The consumers on this virtual host's queues, each with its prefetch count (management statistics).</summary>
    public async Task<IReadOnlyList<(string Queue, int Prefetch)>> ConsumersAsync()
    {
        using var response = await _management.GetAsync($"/api/consumers/{Name}");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.EnumerateArray()
            .Select(c => (c.GetProperty("queue").GetProperty("name").GetString()!, c.GetProperty("prefetch_count").GetInt32()))
            .ToList();
    }

    public async ValueTask DisposeAsync()
    {
        using var _ = await _management.DeleteAsync($"/api/vhosts/{Name}");
        _management.Dispose();
    }
}

using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.Testing;

/// <summary>A real service host on a free loopback port, built by the service's own Program.</summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        }

        return client;
    }

    public static async Task<RunningHost> StartAsync(Func<string[], WebApplication> build, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        ArgumentNullException.ThrowIfNull(build);
        var all = new Dictionary<string, string?>
        {
            ["environment"] = "Development",
            ["Auth:AllowDevelopmentKey"] = "true",
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Warning",
            ["Outbox:PollInterval"] = TimeSpan.FromMilliseconds(200).ToString("c", CultureInfo.InvariantCulture),
            [TestClock.Setting.Key] = TestClock.Setting.Value,
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var app = build(all.Select(kv => $"--{kv.Key}={kv.Value}").ToArray());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>
    /// One service (a <see cref="Platform"/> name) on its own virtual host and databases. A service
    /// does not wait for the broker to start; unless told otherwise this waits until its bus is
    /// connected and its queues are declared, as a test that publishes to it needs.
    /// </summary>
    public static async Task<RunningHost> StartServiceAsync(
        string service, RabbitVirtualHost broker, TestDatabase databases, IEnumerable<KeyValuePair<string, string?>>? settings = null, bool waitForBroker = true)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(databases);
        var build = Platform.ServiceBuilders.Single(s => s.Name == service).Build;
        var host = await StartAsync(build, broker.Settings().Concat(databases.Settings(service)).Concat(settings ?? []));
        if (waitForBroker)
        {
            using var client = host.Client();
            await Eventually.Until(async () =>
            {
                using var response = await client.GetAsync("/health/ready");
                var body = await response.Content.ReadAsStringAsync();
                return System.Text.Json.Nodes.JsonNode.Parse(body)?["checks"]?.AsObject()
                    .Where(c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase))
                    .All(c => c.Value?["status"]?.GetValue<string>() == "Healthy") ?? false;
            }, connected => connected, $"the {service} service's bus to connect");
        }

        return host;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

using Coordination.Testing;

namespace Api.Tests;

/// <summary>
/// One platform on SQLite for the contract tests. The rate limit's window is an hour, so the
/// caller who exhausts it stays limited while the test looks, and nobody else gets near it.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const int PermitLimit = 200;

    public Platform Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Infrastructure.RequireRabbitMq();
        Platform = await Platform.StartAsync(Dialects.Sqlite, gatewaySettings:
        [
            new("RateLimiting:PermitLimit", PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("RateLimiting:Window", "01:00:00"),
            // Every request of the tests comes from one address: its own limit stays out of the way.
            new("RateLimiting:PerAddressPermitLimit", "100000"),
        ]);
    }

    public async Task DisposeAsync()
    {
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }
}

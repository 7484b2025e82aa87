using Coordination.Testing;

namespace Gateway.Tests;

/// <summary>One platform on SQLite for the gateway tests that do not change it.</summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public Platform Platform { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Infrastructure.RequireRabbitMq();
        Platform = await Platform.StartAsync(Dialects.Sqlite);
    }

    public async Task DisposeAsync()
    {
        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }
}

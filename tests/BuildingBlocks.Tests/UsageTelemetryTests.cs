using Coordination.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Tests;

/// <summary>A platform holding BSNs sends nothing out unasked: MassTransit's usage telemetry is off in every service, by code.</summary>
[Trait("Category", "Integration")]
public sealed class UsageTelemetryTests
{
    [SkippableFact]
    public async Task Every_service_turns_masstransit_usage_telemetry_off()
    {
        // MassTransit reports usage unless told not to: the check below could fail.
        Assert.True(new UsageTelemetryOptions().Enabled);

        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        // Built, not started; all kept until the end, since MassTransit keeps the first bus's logger factory in a static.
        var apps = Platform.ServiceBuilders.Select(s => (s.Name, App: s.Build(HostCommandsTests.Args("unused", databases.Settings(s.Name))[1..]))).ToList();
        try
        {
            foreach (var (name, app) in apps)
            {
                Assert.False(app.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled, $"{name} would report usage telemetry");
            }
        }
        finally
        {
            foreach (var (_, app) in apps)
            {
                await app.DisposeAsync();
            }
        }
    }
}

using Coordination.Messaging;
using Coordination.Testing;

namespace BuildingBlocks.Tests;

/// <summary>
/// How many messages a service's consumers take from the broker at once: 64 on SQLite, whose units
/// of work arriving together share one commit, 16 where every message in hand holds a connection of
/// the pool, or what <c>RabbitMq:PrefetchCount</c> says. Read back from the broker itself.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PrefetchTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite, null, 64)]
    [InlineData(Dialects.Postgres, null, 16)]
    [InlineData(Dialects.Sqlite, "8", 8)]
    public async Task Each_queue_of_a_service_is_consumed_with_the_prefetch_for_its_database(string dialect, string? configured, int expected)
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await broker.DeployTopologyAsync();
        await using var databases = TestDatabase.Create(dialect);
        await using var service = await RunningHost.StartServiceAsync(PlatformServices.MdoScheduling, broker, databases,
            configured is null ? [] : [new("RabbitMq:PrefetchCount", configured)]);

        // Every queue the service consumes: its subscriptions and its access-log queue.
        var queues = PlatformTopology.All.Select(q => q.Queue).Where(q => q.StartsWith(PlatformServices.MdoScheduling + "-", StringComparison.Ordinal))
            .Append(Coordination.Messaging.AccessLog.AccessLogQueues.NameOf(PlatformServices.MdoScheduling))
            .ToHashSet(StringComparer.Ordinal);
        var consumers = await Eventually.Until(broker.ConsumersAsync, c => queues.IsSubsetOf(c.Select(x => x.Queue)),
            "a consumer on every queue of the MDO service");

        Assert.All(consumers.Where(c => queues.Contains(c.Queue)), c => Assert.Equal(expected, c.Prefetch));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65536")]
    public async Task A_prefetch_count_out_of_range_stops_the_start_with_its_name(string configured)
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var service = await RunningHost.StartAsync(Platform.ServiceBuilders.Single(s => s.Name == PlatformServices.MdoScheduling).Build,
                databases.Settings(PlatformServices.MdoScheduling).Append(new("RabbitMq:PrefetchCount", configured)));
        });
        Assert.Contains("RabbitMq:PrefetchCount", error.Message, StringComparison.Ordinal);
    }
}

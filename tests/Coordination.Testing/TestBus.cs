using System.Threading.Channels;
using MassTransit;

namespace Coordination.Testing;

/// <summary>A bus of the test's own on the real broker: publishes as a service would, and collects what services publish.</summary>
public sealed class TestBus<TObserved> : IAsyncDisposable
    where TObserved : class
{
    private readonly IBusControl _bus;
    private readonly Channel<ConsumeContext<TObserved>> _received = Channel.CreateUnbounded<ConsumeContext<TObserved>>();

    internal TestBus(RabbitVirtualHost vhost)
    {
        var uri = Infrastructure.RabbitMq!;
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(uri.Host, (ushort)uri.Port, vhost.Name, h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            cfg.ReceiveEndpoint("test-observer-" + Guid.NewGuid().ToString("N")[..8], e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<TObserved>(context => _received.Writer.WriteAsync(context).AsTask());
            });
        });
    }

    public IBus Bus => _bus;

    internal Task StartAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return _bus.StartAsync(cts.Token);
    }

    /// <summary>Waits for the first observed message that matches, within the deadline.</summary>
    public async Task<ConsumeContext<TObserved>> WaitForAsync(Func<TObserved, bool> match, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var cts = new CancellationTokenSource(timeout ?? Eventually.DefaultTimeout);
        await foreach (var context in _received.Reader.ReadAllAsync(cts.Token))
        {
            if (match(context.Message))
            {
                return context;
            }
        }

        throw new TimeoutException("No matching message arrived.");
    }

    public async ValueTask DisposeAsync() => await _bus.StopAsync();
}

public static class TestBus
{
    /// <summary>Starts a bus on <paramref name="vhost"/> that collects every <typeparamref name="TObserved"/> published there.</summary>
    public static async Task<TestBus<TObserved>> StartAsync<TObserved>(RabbitVirtualHost vhost)
        where TObserved : class
    {
        ArgumentNullException.ThrowIfNull(vhost);
        var bus = new TestBus<TObserved>(vhost);
        await bus.StartAsync();
        return bus;
    }
}

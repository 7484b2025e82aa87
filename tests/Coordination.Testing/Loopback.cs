using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>Ports on the loopback address.</summary>
public static class Loopback
{
    // Below Linux's ephemeral range (32768–60999): an outgoing connection is never given one of these,
    // so a port found free stays free until the host that asked for it binds it. A port from the
    // ephemeral range (the system's port 0) could be taken meanwhile by any client's connection.
    private const int First = 20000;
    private const int Last = 32767;

    // Each port once per test process, so two hosts started at the same moment do not get the same one.
    private static readonly ConcurrentDictionary<int, bool> Given = new();

    /// <summary>A port nothing listens on now, outside the range the system gives outgoing connections, for a host that must know its port before it starts.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last + 1);
            if (!Given.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: another.
            }
        }

        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }
}

using System.Net;
using System.Net.Sockets;

namespace Coordination.Testing;

/// <summary>Ports on the loopback address.</summary>
public static class Loopback
{
    /// <summary>A port nothing listens on now: reserved by the system for a moment and let go, for a host that must know its port before it starts.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

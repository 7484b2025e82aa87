using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using IPNetwork = System.Net.IPNetwork;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// The proxies whose <c>X-Forwarded-*</c> headers a host believes, from one setting: addresses
/// (<c>10.1.2.3</c>) or networks (<c>10.0.0.0/8</c>; in a cluster pod addresses change, so the pod
/// network is named, and a NetworkPolicy decides which pods may call at all).
/// </summary>
/// <param name="Addresses">Single proxies.</param>
/// <param name="Networks">Networks of proxies.</param>
public sealed record TrustedProxies(IReadOnlyList<IPAddress> Addresses, IReadOnlyList<IPNetwork> Networks)
{
    /// <summary>Whether the setting names no proxy at all.</summary>
    public bool IsEmpty => Addresses.Count == 0 && Networks.Count == 0;

    /// <summary>The proxies of <paramref name="setting"/>; a value that is neither an address nor a network stops the start.</summary>
    public static TrustedProxies From(IConfiguration configuration, string setting)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var addresses = new List<IPAddress>();
        var networks = new List<IPNetwork>();
        foreach (var value in configuration.GetSection(setting).Get<string[]>() ?? [])
        {
            // A network written with host bits (10.1.2.3/8) is most likely a mistake for an address or another prefix.
            if (value.Contains('/', StringComparison.Ordinal) && IPNetwork.TryParse(value, out var network)
                && network.BaseAddress.Equals(IPAddress.Parse(value[..value.IndexOf('/', StringComparison.Ordinal)])))
            {
                networks.Add(network);
            }
            else if (!value.Contains('/', StringComparison.Ordinal) && IPAddress.TryParse(value, out var address))
            {
                addresses.Add(address);
            }
            else
            {
                throw new InvalidOperationException(
                    $"{setting} holds '{value}', which is neither an IP address nor a network in CIDR notation with its host bits zero (10.0.0.0/8).");
            }
        }

        return new TrustedProxies(addresses, networks);
    }

    /// <summary>Believes these proxies and no other: the framework's default (loopback) is cleared.</summary>
    public void ApplyTo(ForwardedHeadersOptions forwarded)
    {
        ArgumentNullException.ThrowIfNull(forwarded);
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
#pragma warning disable ASPDEPR005 // The obsolete list of networks is cleared as well, so no default survives in either.
        forwarded.KnownNetworks.Clear();
#pragma warning restore ASPDEPR005
        foreach (var address in Addresses)
        {
            forwarded.KnownProxies.Add(address);
        }

        foreach (var network in Networks)
        {
            forwarded.KnownIPNetworks.Add(network);
        }
    }
}

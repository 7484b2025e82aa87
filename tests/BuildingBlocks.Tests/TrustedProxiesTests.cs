using System.Net;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace BuildingBlocks.Tests;

/// <summary>Which proxies' X-Forwarded-* headers the gateway and the portal believe: addresses and networks, and nothing by default once named.</summary>
[Trait("Category", "Unit")]
public sealed class TrustedProxiesTests
{
    [Fact]
    public void Addresses_and_networks_are_believed_and_the_loopback_default_is_not()
    {
        var proxies = TrustedProxies.From(Settings("10.1.2.3", "10.0.0.0/8", "fd00::/8"), "Gateway:KnownProxies");
        var forwarded = new ForwardedHeadersOptions();

        proxies.ApplyTo(forwarded);

        Assert.False(proxies.IsEmpty);
        Assert.Equal([IPAddress.Parse("10.1.2.3")], forwarded.KnownProxies);
        Assert.Equal([IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("fd00::/8")], forwarded.KnownIPNetworks);
    }

    [Fact]
    public void No_setting_names_no_proxy() => Assert.True(TrustedProxies.From(Settings(), "Gateway:KnownProxies").IsEmpty);

    [Theory]
    [InlineData("proxy.example.nl")]
    [InlineData("10.1.2.3/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/")]
    public void A_value_that_is_neither_is_refused_by_name(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TrustedProxies.From(Settings(value), "Portal:KnownProxies"));

        Assert.Equal($"Portal:KnownProxies holds '{value}', which is neither an IP address nor a network in CIDR notation with its host bits zero (10.0.0.0/8).", error.Message);
    }

    private static IConfiguration Settings(params string[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select((v, i) => KeyValuePair.Create($"Gateway:KnownProxies:{i}", (string?)v))
            .Concat(values.Select((v, i) => KeyValuePair.Create($"Portal:KnownProxies:{i}", (string?)v)))).Build();
}

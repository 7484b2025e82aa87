using System.Net;
using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>
/// Whether the rendered NetworkPolicies let one pod of the namespace open a TCP connection to another,
/// as the API defines it: a pod selected by no policy of a direction is open in it; one selected by
/// some is open only to what one of their rules names (a pod selector, a namespace selector, an
/// address block), on a port the rule names; a connection needs the sender's egress and the
/// receiver's ingress. Every pod is taken to live in the namespace, at an address of the pod network.
/// </summary>
public sealed class NetworkPolicies(IReadOnlyList<JsonObject> objects)
{
    /// <summary>The address the pods are taken to have (the pod network is private).</summary>
    public static readonly IPAddress PodAddress = IPAddress.Parse("10.42.0.17");

    private readonly List<JsonObject> _policies = [.. objects.Where(o => (string?)o["kind"] == "NetworkPolicy")];

    /// <summary>Whether a pod labelled <paramref name="from"/> may connect to one labelled <paramref name="to"/> on <paramref name="port"/>.</summary>
    public bool Allows(IReadOnlyDictionary<string, string> from, IReadOnlyDictionary<string, string> to, int port) =>
        Open(from, "Egress", "egress", "to", to, port) && Open(to, "Ingress", "ingress", "from", from, port);

    private bool Open(IReadOnlyDictionary<string, string> pod, string type, string rules, string peers, IReadOnlyDictionary<string, string> other, int port)
    {
        var selecting = _policies.Where(p => Types(p).Contains(type) && Rendered.Selects(p["spec"]!["podSelector"], pod)).ToList();
        return selecting.Count == 0 || selecting.Any(p => (p["spec"]![rules]?.AsArray() ?? []).Any(rule =>
            PortMatches(rule!["ports"], port) && (rule[peers] is not JsonArray named || named.Any(peer => PeerMatches(peer!, other)))));
    }

    private static HashSet<string> Types(JsonObject policy) =>
        policy["spec"]!["policyTypes"]?.AsArray().Select(t => (string)t!).ToHashSet()
        ?? (policy["spec"]!["egress"] is null ? ["Ingress"] : ["Ingress", "Egress"]);

    // A peer with a namespace selector but no pod selector names pods of other namespaces (or all, when empty);
    // with both, the pods of those namespaces; the platform's pods are in its own namespace.
    private static bool PeerMatches(JsonNode peer, IReadOnlyDictionary<string, string> pod)
    {
        if (peer["ipBlock"] is { } block)
        {
            return Contains((string)block["cidr"]!, PodAddress) && !(block["except"]?.AsArray() ?? []).Any(e => Contains((string)e!, PodAddress));
        }

        var namespaceMatches = peer["namespaceSelector"] is not { } namespaces
            || Rendered.Selects(namespaces, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "coordination" });
        return namespaceMatches && (peer["podSelector"] is not { } pods || Rendered.Selects(pods, pod));
    }

    private static bool PortMatches(JsonNode? ports, int port) =>
        ports is not JsonArray list || list.Count == 0 || list.Any(p => p!["port"] is null || (int?)p["port"] == port
            || (p["endPort"] is not null && (int?)p["port"] <= port && port <= (int?)p["endPort"]));

    private static bool Contains(string cidr, IPAddress address) => IPNetwork.Parse(cidr).Contains(address);
}

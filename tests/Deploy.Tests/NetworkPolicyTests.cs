namespace Deploy.Tests;

/// <summary>
/// The production NetworkPolicies do what issue 24 asks, read as the API defines them: all is denied
/// by default; the gateway reaches the services, the portal and the FHIR edge; the services reach the
/// broker and their own database only, never each other; a migrate Job reaches its own database; the
/// FHIR edge is reached from the gateway only and reaches the gateway only; only the portal reaches its
/// Redis; a pod the policies do not name reaches nothing.
/// </summary>
[Trait("Category", "Unit")]
public sealed class NetworkPolicyTests
{
    private static readonly string[] Services = ["referral", "consent", "family-plan", "mdo-scheduling", "funding-route"];
    private static readonly Dictionary<string, string> Intruder = new() { ["app.kubernetes.io/name"] = "intruder" };
    private static readonly Dictionary<string, string> Broker = new() { ["app.kubernetes.io/name"] = "coordination-rabbitmq", ["app.kubernetes.io/component"] = "rabbitmq" };

    private readonly List<System.Text.Json.Nodes.JsonObject> _prod = [.. Manifests.Render("prod")];
    private readonly NetworkPolicies _policies;

    public NetworkPolicyTests() => _policies = new NetworkPolicies(_prod);

    [Fact]
    public void The_gateway_reaches_the_services_the_portal_and_the_fhir_edge_and_a_stranger_reaches_nothing()
    {
        var gateway = Pod("Deployment", "gateway");
        foreach (var target in Services.Append("portal").Append("fhir-edge"))
        {
            Assert.True(_policies.Allows(gateway, Pod("Deployment", target), 8080), $"gateway → {target}");
            Assert.False(_policies.Allows(Intruder, Pod("Deployment", target), 8080), $"a stranger → {target}");
        }

        Assert.False(_policies.Allows(Intruder, Broker, 5672));
        Assert.False(_policies.Allows(Intruder, Database("referral"), 5432));
    }

    [Fact]
    public void Each_service_and_its_migrate_job_reach_the_broker_and_their_own_database_and_no_other()
    {
        foreach (var service in Services)
        {
            var pod = Pod("Deployment", service);
            var migrate = Pod("Job", $"{service}-migrate");
            Assert.True(_policies.Allows(pod, Broker, 5672), $"{service} → the broker");
            foreach (var other in Services)
            {
                Assert.Equal(other == service, _policies.Allows(pod, Database(other), 5432));
                Assert.Equal(other == service, _policies.Allows(migrate, Database(other), 5432));
            }
        }
    }

    [Fact]
    public void The_services_never_call_each_other_the_gateway_or_the_portal()
    {
        foreach (var service in Services)
        {
            foreach (var target in Services.Where(s => s != service).Append("gateway").Append("portal"))
            {
                Assert.False(_policies.Allows(Pod("Deployment", service), Pod("Deployment", target), 8080), $"{service} → {target}");
            }
        }

        Assert.False(_policies.Allows(Pod("Deployment", "portal"), Pod("Deployment", "referral"), 8080), "the portal → a service, around the gateway");
    }

    [Fact]
    public void The_fhir_edge_is_reached_from_the_gateway_only_and_reaches_the_api_through_the_gateway_only()
    {
        var edge = Pod("Deployment", "fhir-edge");

        Assert.True(_policies.Allows(Pod("Deployment", "gateway"), edge, 8080), "gateway → the FHIR edge");
        Assert.True(_policies.Allows(edge, Pod("Deployment", "gateway"), 8080), "the FHIR edge → gateway");
        Assert.False(_policies.Allows(Pod("Deployment", "portal"), edge, 8080), "the portal → the FHIR edge");
        Assert.False(_policies.Allows(edge, Pod("Deployment", "portal"), 8080), "the FHIR edge → the portal");
        foreach (var service in Services)
        {
            Assert.False(_policies.Allows(Pod("Deployment", service), edge, 8080), $"{service} → the FHIR edge");
            Assert.False(_policies.Allows(edge, Pod("Deployment", service), 8080), $"the FHIR edge → {service}, around the gateway");
            Assert.False(_policies.Allows(edge, Database(service), 5432), $"the FHIR edge → the {service} database");
        }

        Assert.False(_policies.Allows(edge, Broker, 5672), "the FHIR edge → the broker");
    }

    [Fact]
    public void Only_the_portal_reaches_its_redis()
    {
        var redis = Pod("StatefulSet", "portal-sessions");

        Assert.True(_policies.Allows(Pod("Deployment", "portal"), redis, 6379));
        Assert.All(Services.Append("gateway").Append("fhir-edge"), s => Assert.False(_policies.Allows(Pod("Deployment", s), redis, 6379), $"{s} → the portal's Redis"));
    }

    private Dictionary<string, string> Pod(string kind, string name) =>
        new(Rendered.PodLabels(_prod.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name)));

    // A CloudNativePG instance of the service's database, labelled as the operator labels it.
    private static Dictionary<string, string> Database(string service) => new() { ["cnpg.io/cluster"] = $"{service}-db", ["cnpg.io/podRole"] = "instance" };
}

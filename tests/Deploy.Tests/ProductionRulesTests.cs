using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>
/// The production overlay keeps every rule of issue 24 for every workload, and each rule is seen to
/// fail: the same check over the rendered output with one thing taken away names what is missing.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ProductionRulesTests
{
    [Fact]
    public void The_production_manifests_keep_every_rule()
    {
        var violations = ProductionRules.Check(Manifests.Render("prod"));

        Assert.True(violations.Count == 0, string.Join("\n", violations));
    }

    [Fact]
    public void The_development_manifests_are_not_production_and_the_rules_say_so()
    {
        var violations = ProductionRules.Check(Manifests.Render("dev"));

        Assert.Contains(violations, v => v.Contains("runs fewer than 2 replicas", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("uses SQLite", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains("quorum queues", StringComparison.Ordinal));
        Assert.DoesNotContain(violations, v => v.Contains("plain text", StringComparison.Ordinal));
    }

    public static TheoryData<string, string> Removals => new()
    {
        { "readiness probe", "Deployment/referral container referral: readinessProbe is not GET /health/ready" },
        { "startup probe", "Deployment/consent container consent has no startupProbe" },
        { "memory limit", "Deployment/family-plan container family-plan has no limits.memory" },
        { "one replica", "Deployment/gateway runs fewer than 2 replicas" },
        { "disruption budget", "Deployment/portal has no PodDisruptionBudget" },
        { "autoscaler", "Deployment/mdo-scheduling has no autoscaling/v2 HorizontalPodAutoscaler with minReplicas 2 or more" },
        { "topology spread", "Deployment/funding-route has no topologySpreadConstraints" },
        { "read-only root", "Deployment/referral container referral has a writable root file system" },
        { "capabilities", "Job/referral-migrate container migrate does not drop all capabilities" },
        { "grace period", "Deployment/consent: terminationGracePeriodSeconds is not longer than the 30 s drain and the 5 s preStop pause" },
        { "inline secret", "Secret/inline is written in the manifests; secrets are referenced, never inlined" },
        { "inline password", "Deployment/referral container referral: Database__ConnectionString holds a secret in plain text" },
        { "default deny", "no NetworkPolicy denies all ingress and egress by default" },
        { "quorum queues", "Deployment/gateway container gateway does not use quorum queues (RabbitMq__QuorumQueues)" },
        { "pause minority", "RabbitmqCluster/coordination-rabbitmq does not set cluster_partition_handling = pause_minority" },
        { "sqlite", "Deployment/funding-route container funding-route uses SQLite" },
        { "database cluster", "Deployment/consent container consent: Database__ConnectionString names consent-db-rw, not the read-write service of a CloudNativePG Cluster of 3 instances" },
        { "migrate job", "Deployment/mdo-scheduling has no migrate Job before its rollout" },
        { "portal sessions", "Deployment/portal container portal shares no sessions between its replicas (Portal__Redis)" },
    };

    [Theory]
    [MemberData(nameof(Removals))]
    public void Taking_one_thing_away_breaks_its_rule(string removal, string violation)
    {
        var rendered = Manifests.Render("prod").ToList();
        Remove(rendered, removal);

        Assert.Contains(violation, ProductionRules.Check(rendered));
    }

    private static void Remove(List<JsonObject> rendered, string removal)
    {
        JsonObject Find(string kind, string name) => rendered.Single(o => (string?)o["kind"] == kind && (string?)o["metadata"]!["name"] == name);
        JsonObject Container(string deployment, int index = 0) => Rendered.Containers(Find("Deployment", deployment)).ElementAt(index).AsObject();
        JsonObject Pod(string deployment) => Rendered.PodSpec(Find("Deployment", deployment)).AsObject();
        JsonArray Env(string deployment) => Container(deployment)["env"]!.AsArray();

        switch (removal)
        {
            case "readiness probe": Container("referral").Remove("readinessProbe"); break;
            case "startup probe": Container("consent").Remove("startupProbe"); break;
            case "memory limit": Container("family-plan")["resources"]!["limits"]!.AsObject().Remove("memory"); break;
            case "one replica": Find("Deployment", "gateway")["spec"]!["replicas"] = 1; break;
            case "disruption budget": rendered.RemoveAll(o => (string?)o["kind"] == "PodDisruptionBudget" && Rendered.Selects(o["spec"]!["selector"], Rendered.PodLabels(Find("Deployment", "portal")))); break;
            case "autoscaler": rendered.Remove(rendered.Single(o => (string?)o["kind"] == "HorizontalPodAutoscaler" && (string?)o["spec"]!["scaleTargetRef"]!["name"] == "mdo-scheduling")); break;
            case "topology spread": Pod("funding-route").Remove("topologySpreadConstraints"); break;
            case "read-only root": Container("referral")["securityContext"]!["readOnlyRootFilesystem"] = false; break;
            case "capabilities": Rendered.Containers(Find("Job", "referral-migrate")).First()["securityContext"]!.AsObject().Remove("capabilities"); break;
            case "grace period": Pod("consent")["terminationGracePeriodSeconds"] = 30; break;
            case "inline secret": rendered.Add(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret", ["metadata"] = new JsonObject { ["name"] = "inline" }, ["stringData"] = new JsonObject { ["password"] = "hunter2" } }); break;
            case "inline password":
                var connection = Env("referral").Single(e => (string?)e!["name"] == "Database__ConnectionString")!;
                connection["value"] = ((string)connection["value"]!).Replace("$(DATABASE_PASSWORD)", "hunter2", StringComparison.Ordinal);
                break;
            case "default deny": rendered.RemoveAll(o => (string?)o["kind"] == "NetworkPolicy" && o["spec"]!["podSelector"] is JsonObject { Count: 0 } && o["spec"]!["ingress"] is null && o["spec"]!["egress"] is null); break;
            case "quorum queues": Env("gateway").Add(new JsonObject { ["name"] = "RabbitMq__QuorumQueues", ["value"] = "false" }); break;
            case "pause minority":
                var config = Find("RabbitmqCluster", "coordination-rabbitmq")["spec"]!["rabbitmq"]!["additionalConfig"]!;
                Find("RabbitmqCluster", "coordination-rabbitmq")["spec"]!["rabbitmq"]!["additionalConfig"] = ((string)config!).Replace("pause_minority", "autoheal", StringComparison.Ordinal);
                break;
            case "sqlite": Env("funding-route").Add(new JsonObject { ["name"] = "Database__Provider", ["value"] = "sqlite" }); break;
            case "database cluster": rendered.Remove(Find("Cluster", "consent-db")); break;
            case "migrate job": rendered.RemoveAll(o => (string?)o["kind"] == "Job" && (string?)o["metadata"]!["name"] == "mdo-scheduling-migrate"); break;
            case "portal sessions": Env("portal").Remove(Env("portal").Single(e => (string?)e!["name"] == "Portal__Redis")); break;
            default: throw new ArgumentOutOfRangeException(nameof(removal), removal, "no such removal");
        }
    }
}

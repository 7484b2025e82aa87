using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Deploy.Tests;

/// <summary>
/// What issue 24 asks of the production manifests, as checks over the rendered objects: each returns
/// what breaks a rule, naming the object. <see cref="Check"/> runs them all.
/// </summary>
public static partial class ProductionRules
{
    /// <summary>The drain the services take after SIGTERM (MassTransit's stop timeout).</summary>
    public const int DrainSeconds = 30;

    /// <summary>Every rule's violations in <paramref name="objects"/>.</summary>
    public static IReadOnlyList<string> Check(IReadOnlyList<JsonObject> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var manifests = new Rendered(objects);
        return
        [
            .. Replicas(manifests), .. Probes(manifests), .. Resources(manifests), .. SecurityContexts(manifests),
            .. GracefulTermination(manifests), .. DisruptionBudgets(manifests), .. Autoscalers(manifests), .. Spread(manifests),
            .. NoInlineSecrets(manifests), .. DefaultDeny(manifests), .. QuorumQueues(manifests), .. Broker(manifests),
            .. Databases(manifests), .. RolloutJobs(manifests), .. PortalSessions(manifests),
        ];
    }

    private static IEnumerable<string> Replicas(Rendered m) =>
        m.Deployments.Where(d => (int?)d["spec"]!["replicas"] is not >= 2).Select(d => $"{Manifests.Name(d)} runs fewer than 2 replicas");

    private static IEnumerable<string> Probes(Rendered m)
    {
        foreach (var deployment in m.Deployments)
        {
            foreach (var container in Rendered.Containers(deployment))
            {
                foreach (var probe in new[] { "startupProbe", "readinessProbe", "livenessProbe" }.Where(p => container[p] is null))
                {
                    yield return $"{Manifests.Name(deployment)} container {container["name"]} has no {probe}";
                }

                if (Rendered.IsPlatform(container) && (string?)container["readinessProbe"]?["httpGet"]?["path"] != "/health/ready")
                {
                    yield return $"{Manifests.Name(deployment)} container {container["name"]}: readinessProbe is not GET /health/ready";
                }

                if (Rendered.IsPlatform(container) && (string?)container["livenessProbe"]?["httpGet"]?["path"] != "/health/live")
                {
                    yield return $"{Manifests.Name(deployment)} container {container["name"]}: livenessProbe is not GET /health/live";
                }
            }
        }
    }

    private static IEnumerable<string> Resources(Rendered m) =>
        from workload in m.Workloads
        from container in Rendered.Containers(workload, initContainers: true)
        from bound in new[] { "requests", "limits" }
        from resource in new[] { "cpu", "memory" }
        where container["resources"]?[bound]?[resource] is null
        select $"{Manifests.Name(workload)} container {container["name"]} has no {bound}.{resource}";

    private static IEnumerable<string> SecurityContexts(Rendered m)
    {
        foreach (var workload in m.Workloads)
        {
            var pod = Rendered.PodSpec(workload)["securityContext"];
            foreach (var container in Rendered.Containers(workload, initContainers: true))
            {
                var context = container["securityContext"];
                var where = $"{Manifests.Name(workload)} container {container["name"]}";
                if ((bool?)(context?["runAsNonRoot"] ?? pod?["runAsNonRoot"]) != true)
                {
                    yield return $"{where} may run as root (runAsNonRoot)";
                }

                if ((bool?)context?["allowPrivilegeEscalation"] != false)
                {
                    yield return $"{where} allows privilege escalation";
                }

                if ((bool?)context?["readOnlyRootFilesystem"] != true)
                {
                    yield return $"{where} has a writable root file system";
                }

                if (context?["capabilities"]?["drop"]?.AsArray().Any(c => (string?)c == "ALL") != true)
                {
                    yield return $"{where} does not drop all capabilities";
                }
            }
        }
    }

    private static IEnumerable<string> GracefulTermination(Rendered m)
    {
        foreach (var deployment in m.Deployments.Where(d => Rendered.Containers(d).Any(Rendered.IsPlatform)))
        {
            var pod = Rendered.PodSpec(deployment);
            var pause = Rendered.Containers(deployment).Max(c => (int?)c["lifecycle"]?["preStop"]?["sleep"]?["seconds"] ?? 0);
            if ((int?)pod["terminationGracePeriodSeconds"] is not { } grace || grace <= DrainSeconds + pause)
            {
                yield return $"{Manifests.Name(deployment)}: terminationGracePeriodSeconds is not longer than the {DrainSeconds} s drain and the {pause} s preStop pause";
            }
        }
    }

    private static IEnumerable<string> DisruptionBudgets(Rendered m) =>
        from deployment in m.Deployments
        where !m.Of("PodDisruptionBudget").Any(b => Rendered.Selects(b["spec"]?["selector"], Rendered.PodLabels(deployment)))
        select $"{Manifests.Name(deployment)} has no PodDisruptionBudget";

    private static IEnumerable<string> Autoscalers(Rendered m) =>
        from deployment in m.Deployments
        where !m.Of("HorizontalPodAutoscaler").Any(h =>
            (string?)h["apiVersion"] == "autoscaling/v2"
            && (string?)h["spec"]?["scaleTargetRef"]?["kind"] == "Deployment"
            && (string?)h["spec"]?["scaleTargetRef"]?["name"] == (string?)deployment["metadata"]!["name"]
            && (int?)h["spec"]?["minReplicas"] >= 2)
        select $"{Manifests.Name(deployment)} has no autoscaling/v2 HorizontalPodAutoscaler with minReplicas 2 or more";

    private static IEnumerable<string> Spread(Rendered m) =>
        m.Deployments.Where(d => Rendered.PodSpec(d)["topologySpreadConstraints"]?.AsArray() is not { Count: > 0 })
            .Select(d => $"{Manifests.Name(d)} has no topologySpreadConstraints");

    private static IEnumerable<string> NoInlineSecrets(Rendered m)
    {
        foreach (var secret in m.Of("Secret"))
        {
            yield return $"{Manifests.Name(secret)} is written in the manifests; secrets are referenced, never inlined";
        }

        foreach (var workload in m.Workloads)
        {
            foreach (var container in Rendered.Containers(workload, initContainers: true))
            {
                foreach (var (name, value) in m.Environment(container).Where(e => e.Value is not null))
                {
                    if (SecretName().IsMatch(name) || InlinePassword().IsMatch(value!))
                    {
                        yield return $"{Manifests.Name(workload)} container {container["name"]}: {name} holds a secret in plain text";
                    }
                }
            }
        }
    }

    private static IEnumerable<string> DefaultDeny(Rendered m)
    {
        var denies = m.Of("NetworkPolicy").Any(p =>
            p["spec"]?["podSelector"] is JsonObject { Count: 0 }
            && p["spec"]?["policyTypes"]?.AsArray().Select(t => (string?)t).ToHashSet() is { } types && types.Contains("Ingress") && types.Contains("Egress")
            && p["spec"]?["ingress"] is null && p["spec"]?["egress"] is null);
        return denies ? [] : ["no NetworkPolicy denies all ingress and egress by default"];
    }

    private static IEnumerable<string> QuorumQueues(Rendered m) =>
        from workload in m.Workloads
        from container in Rendered.Containers(workload).Where(Rendered.IsPlatform)
        where !string.Equals(m.Environment(container).GetValueOrDefault("RabbitMq__QuorumQueues"), "true", StringComparison.OrdinalIgnoreCase)
        select $"{Manifests.Name(workload)} container {container["name"]} does not use quorum queues (RabbitMq__QuorumQueues)";

    private static IEnumerable<string> Broker(Rendered m)
    {
        var clusters = m.Of("RabbitmqCluster").ToList();
        if (clusters.Count == 0)
        {
            yield return "no RabbitmqCluster";
        }

        foreach (var cluster in clusters)
        {
            if ((int?)cluster["spec"]?["replicas"] != 3)
            {
                yield return $"{Manifests.Name(cluster)} does not run 3 replicas";
            }

            if (!PauseMinority().IsMatch((string?)cluster["spec"]?["rabbitmq"]?["additionalConfig"] ?? string.Empty))
            {
                yield return $"{Manifests.Name(cluster)} does not set cluster_partition_handling = pause_minority";
            }

            var pods = new Dictionary<string, string> { ["app.kubernetes.io/name"] = (string)cluster["metadata"]!["name"]! };
            if (!m.Of("PodDisruptionBudget").Any(b => Rendered.Selects(b["spec"]?["selector"], pods)))
            {
                yield return $"{Manifests.Name(cluster)} has no PodDisruptionBudget";
            }
        }
    }

    private static IEnumerable<string> Databases(Rendered m)
    {
        foreach (var workload in m.Workloads)
        {
            foreach (var container in Rendered.Containers(workload, initContainers: true))
            {
                var environment = m.Environment(container);
                if (environment.Any(e => e.Value?.Contains("sqlite", StringComparison.OrdinalIgnoreCase) == true || e.Key == "Database__DataFolder"))
                {
                    yield return $"{Manifests.Name(workload)} container {container["name"]} uses SQLite";
                }

                foreach (var setting in new[] { "Database__ConnectionString", "Database__MigrationConnectionString" })
                {
                    if (environment.TryGetValue(setting, out var connection) && DatabaseHost().Match(connection ?? string.Empty) is { Success: true } host
                        && !m.Of("Cluster").Any(c => $"{c["metadata"]!["name"]}-rw" == host.Groups["host"].Value && (int?)c["spec"]?["instances"] >= 3))
                    {
                        yield return $"{Manifests.Name(workload)} container {container["name"]}: {setting} names {host.Groups["host"].Value}, not the read-write service of a CloudNativePG Cluster of 3 instances";
                    }
                }
            }
        }

        foreach (var service in m.Deployments.Where(d => Rendered.Component(d) == "service"))
        {
            foreach (var container in Rendered.Containers(service).Where(Rendered.IsPlatform))
            {
                if (!m.Environment(container).TryGetValue("Database__Provider", out var provider) || provider is not ("postgresql" or "sqlserver"))
                {
                    yield return $"{Manifests.Name(service)} does not run on PostgreSQL or SQL Server (Database__Provider)";
                }
            }
        }
    }

    private static IEnumerable<string> RolloutJobs(Rendered m)
    {
        var jobs = m.Of("Job").SelectMany(j => Rendered.Containers(j).Select(c => (Image: Rendered.Image(c), Args: c["args"]?.AsArray().Select(a => (string?)a).ToList() ?? []))).ToList();
        foreach (var service in m.Deployments.Where(d => Rendered.Component(d) == "service"))
        {
            var image = Rendered.Containers(service).Select(Rendered.Image).First(i => i is not null);
            if (!jobs.Any(j => j.Image == image && j.Args.Contains("migrate")))
            {
                yield return $"{Manifests.Name(service)} has no migrate Job before its rollout";
            }
        }

        if (!jobs.Any(j => j.Args.Contains("topology")))
        {
            yield return "no topology Job declares the broker's queues before a rollout";
        }
    }

    // Replicas of the portal read each other's sessions and cookies only through a shared Redis (docs/adr/0023).
    private static IEnumerable<string> PortalSessions(Rendered m) =>
        from portal in m.Deployments.Where(d => Rendered.Component(d) == "portal")
        from container in Rendered.Containers(portal).Where(Rendered.IsPlatform)
        where string.IsNullOrEmpty(m.Environment(container).GetValueOrDefault("Portal__Redis"))
        select $"{Manifests.Name(portal)} container {container["name"]} shares no sessions between its replicas (Portal__Redis)";

    [GeneratedRegex("(?i)(password|secret|token|signingkey|apikey)$")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"(?i)password=(?!\$\()[^;]+")]
    private static partial Regex InlinePassword();

    [GeneratedRegex(@"(?m)^\s*cluster_partition_handling\s*=\s*pause_minority\s*$")]
    private static partial Regex PauseMinority();

    [GeneratedRegex("(?i)(^|;)\\s*host\\s*=\\s*(?<host>[^;,]+)")]
    private static partial Regex DatabaseHost();
}

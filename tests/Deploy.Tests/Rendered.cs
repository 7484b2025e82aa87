using System.Text.Json.Nodes;

namespace Deploy.Tests;

/// <summary>Rendered Kubernetes objects, with the reading the rules share: pods, containers, labels, environment.</summary>
public sealed class Rendered(IReadOnlyList<JsonObject> objects)
{
    /// <summary>The objects of one kind.</summary>
    public IEnumerable<JsonObject> Of(string kind) => objects.Where(o => (string?)o["kind"] == kind);

    /// <summary>The Deployments.</summary>
    public IEnumerable<JsonObject> Deployments => Of("Deployment");

    /// <summary>Everything that runs pods: Deployments, StatefulSets and Jobs.</summary>
    public IEnumerable<JsonObject> Workloads => Of("Deployment").Concat(Of("StatefulSet")).Concat(Of("Job"));

    /// <summary>The pod spec of a workload.</summary>
    public static JsonNode PodSpec(JsonNode workload) => workload["spec"]!["template"]!["spec"]!;

    /// <summary>The labels of a workload's pods.</summary>
    public static IReadOnlyDictionary<string, string> PodLabels(JsonNode workload) =>
        workload["spec"]!["template"]!["metadata"]?["labels"]?.AsObject().ToDictionary(l => l.Key, l => (string)l.Value!) ?? [];

    /// <summary>The app.kubernetes.io/component of a workload's pods (service, gateway, portal, fhir-edge).</summary>
    public static string? Component(JsonNode workload) => PodLabels(workload).GetValueOrDefault("app.kubernetes.io/component");

    /// <summary>A workload's containers (and its init containers when asked).</summary>
    public static IEnumerable<JsonNode> Containers(JsonNode workload, bool initContainers = false) =>
        (PodSpec(workload)["containers"]?.AsArray() ?? []).Concat(initContainers ? PodSpec(workload)["initContainers"]?.AsArray() ?? [] : [])!;

    /// <summary>The platform's image name of a container (coordination/&lt;name&gt; without tag), or null.</summary>
    public static string? Image(JsonNode container) =>
        ((string?)container["image"])?.Split('@')[0] is { } image && image.Contains("coordination/", StringComparison.Ordinal)
            ? image[..(image.LastIndexOf(':') is var colon && colon > image.LastIndexOf('/') ? colon : image.Length)]
            : null;

    /// <summary>Whether the container runs one of the platform's images.</summary>
    public static bool IsPlatform(JsonNode container) => Image(container) is not null;

    /// <summary>
    /// Whether a label selector selects pods with <paramref name="labels"/>, as the API reads one:
    /// every matchLabels pair and every matchExpressions requirement holds; an empty selector selects
    /// every pod, a missing one none.
    /// </summary>
    public static bool Selects(JsonNode? selector, IReadOnlyDictionary<string, string> labels) =>
        selector is not null
        && (selector["matchLabels"]?.AsObject() ?? []).All(l => labels.GetValueOrDefault(l.Key) == (string?)l.Value)
        && (selector["matchExpressions"]?.AsArray() ?? []).All(e => Holds(e!, labels));

    private static bool Holds(JsonNode requirement, IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue((string)requirement["key"]!, out var value);
        var values = requirement["values"]?.AsArray().Select(v => (string?)v).ToList() ?? [];
        return (string?)requirement["operator"] switch
        {
            "In" => present && values.Contains(value),
            "NotIn" => !present || !values.Contains(value),
            "Exists" => present,
            "DoesNotExist" => !present,
            var other => throw new NotSupportedException($"selector operator {other}"),
        };
    }

    /// <summary>
    /// A container's environment as the kubelet gives it: the ConfigMaps of envFrom first, then env,
    /// which wins. A value from a Secret or a field is present with a null value.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment(JsonNode container)
    {
        var environment = new Dictionary<string, string?>();
        foreach (var source in container["envFrom"]?.AsArray() ?? [])
        {
            var map = Of("ConfigMap").FirstOrDefault(c => (string?)c["metadata"]!["name"] == (string?)source!["configMapRef"]?["name"]);
            foreach (var (key, value) in map?["data"]?.AsObject() ?? [])
            {
                environment[(string?)source!["prefix"] + key] = (string?)value;
            }
        }

        foreach (var variable in container["env"]?.AsArray() ?? [])
        {
            environment[(string)variable!["name"]!] = (string?)variable["value"];
        }

        return environment;
    }
}

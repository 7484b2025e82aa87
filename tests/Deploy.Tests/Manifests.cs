using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Json.Schema;

namespace Deploy.Tests;

/// <summary>
/// The Kubernetes manifests as a cluster would receive them: <c>kubectl kustomize k8s/overlays/&lt;overlay&gt;</c>
/// rendered once per test run, and the vendored schemas (k8s/schemas) they are checked against, offline.
/// </summary>
public static class Manifests
{
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<JsonObject>>> RenderedOverlays = new();
    private static readonly Lazy<IReadOnlyDictionary<string, JsonSchema>> Schemas = new(LoadSchemas);

    /// <summary>The objects <paramref name="overlay"/> renders to (fresh copies: a test may change them).</summary>
    public static IReadOnlyList<JsonObject> Render(string overlay) =>
        RenderedOverlays.GetOrAdd(overlay, o => new Lazy<IReadOnlyList<JsonObject>>(() => Kustomize(o))).Value
            .Select(o => (JsonObject)o.DeepClone()).ToList();

    /// <summary>The schema errors of <paramref name="item"/>; a kind without a vendored schema is one.</summary>
    public static IReadOnlyList<string> SchemaErrors(JsonObject item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var key = $"{item["apiVersion"]}/{item["kind"]}";
        if (!Schemas.Value.TryGetValue(key, out var schema))
        {
            return [$"no schema is vendored for {key}"];
        }

        using var document = JsonDocument.Parse(item.ToJsonString());
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"at {d.InstanceLocation}: {e.Key}: {e.Value}"))
                .DefaultIfEmpty("not valid against its schema")
                .ToList();
    }

    /// <summary>The name of <paramref name="item"/> with its kind, for messages.</summary>
    public static string Name(JsonNode item) => $"{item["kind"]}/{item["metadata"]?["name"]}";

    private static IReadOnlyList<JsonObject> Kustomize(string overlay) =>
        Yaml.Documents(Command.RunAsync("kubectl", ["kustomize", Path.Combine(Repository.Root, "k8s", "overlays", overlay)], timeout: TimeSpan.FromSeconds(60))
            .GetAwaiter().GetResult());

    // Every schema's apiVersion and kind are pinned by an enum; the Kubernetes ones refer to the
    // definitions by their $id (https://kubernetes.io/api/_definitions.json), which the registry serves.
    private static Dictionary<string, JsonSchema> LoadSchemas()
    {
        var folder = Path.Combine(Repository.Root, "k8s", "schemas");
        var registry = new SchemaRegistry();
        // Kubernetes' extensions (x-kubernetes-list-type, ...) are annotations to a JSON Schema validator.
        var dialect = Dialect.Draft202012.With([], new Uri("https://json-schema.org/draft/2020-12/schema"), allowUnknownKeywords: true);
        var options = new BuildOptions { SchemaRegistry = registry, Dialect = dialect };
        var files = Directory.GetFiles(folder, "*.json", SearchOption.AllDirectories);
        foreach (var definitions in files.Where(f => Path.GetFileName(f) == "_definitions.json"))
        {
            // Building registers it under its $id.
            JsonSchema.FromText(File.ReadAllText(definitions), options, new Uri((string)JsonNode.Parse(File.ReadAllText(definitions))!["$id"]!));
        }

        var schemas = new Dictionary<string, JsonSchema>();
        foreach (var file in files.Where(f => Path.GetFileName(f) != "_definitions.json"))
        {
            var text = File.ReadAllText(file);
            var node = JsonNode.Parse(text)!;
            var key = $"{node["properties"]!["apiVersion"]!["enum"]![0]}/{node["properties"]!["kind"]!["enum"]![0]}";
            // A schema with an $id is built under it (JsonSchema.Net refuses a second name for one schema).
            schemas.Add(key, JsonSchema.FromText(text, options, new Uri((string?)node["$id"] ?? $"file://{file}")));
        }

        return schemas;
    }
}

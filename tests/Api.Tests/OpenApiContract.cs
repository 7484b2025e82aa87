using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;

namespace Api.Tests;

/// <summary>
/// Checks a real HTTP answer against an OpenAPI 3.1 document: the operation exists, the status is
/// declared, the content type is one the status declares, every declared header is sent, and
/// the body is valid against the declared schema. OpenAPI 3.1 schemas are JSON Schema 2020-12,
/// so JsonSchema.Net validates them as they are, with <c>format</c> checked too; this class only
/// finds the schema in the document.
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    private const string ComponentPrefix = "#/components/schemas/";

    public JsonObject Document { get; } = document;

    /// <summary>Every operation of the document as <c>METHOD /path/{template}</c>.</summary>
    public IReadOnlyList<string> Operations() =>
        (Document["paths"]?.AsObject() ?? []).SelectMany(path => path.Value!.AsObject()
            .Where(item => HttpMethods.Contains(item.Key))
            .Select(item => $"{item.Key.ToUpperInvariant()} {path.Key}")).ToList();

    /// <summary>The statuses <paramref name="operation"/> (<c>METHOD /path</c>) declares: <c>404</c>, or a range like <c>5XX</c>.</summary>
    public IReadOnlyList<string> DeclaredStatuses(string operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var (method, template) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        return (Document["paths"]![template]![method.ToLowerInvariant()]!["responses"]?.AsObject() ?? []).Select(r => r.Key).ToList();
    }

    /// <summary>Whether a declared status key (<c>404</c>, <c>5XX</c>) covers <paramref name="status"/>.</summary>
    public static bool Covers(string key, int status)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key == status.ToString(System.Globalization.CultureInfo.InvariantCulture)
            || (key.EndsWith("XX", StringComparison.Ordinal) && key[0] - '0' == status / 100);
    }

    /// <summary>
    /// The operation a request reaches, as <c>METHOD /path/{template}</c>, or null. As in ASP.NET
    /// Core routing, a literal segment wins over a parameter: <c>/api/consents/subjects</c> is not <c>/api/consents/{id}</c>.
    /// </summary>
    public string? OperationOf(HttpMethod method, string path)
    {
        var template = (Document["paths"]?.AsObject() ?? [])
            .Where(p => Matches(p.Key, path) && p.Value?[method.Method.ToLowerInvariant()] is not null)
            .Select(p => p.Key)
            .OrderBy(t => t.Count(c => c == '{'))
            .FirstOrDefault();
        return template is null ? null : $"{method.Method} {template}";
    }

    /// <summary>Everything about <paramref name="status"/> and its body that breaks the document; empty when it holds.</summary>
    public IReadOnlyList<string> Violations(HttpMethod method, string path, int status, MediaTypeHeaderValue? contentType, IEnumerable<string> headerNames, string body)
    {
        ArgumentNullException.ThrowIfNull(method);
        var operation = OperationOf(method, path);
        if (operation is null)
        {
            return [$"{method} {path}: no such operation in the document"];
        }

        var template = operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..];
        var responses = Document["paths"]![template]![method.Method.ToLowerInvariant()]!["responses"]?.AsObject();
        var response = responses?[status.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            ?? responses?[$"{status / 100}XX"] ?? responses?["default"];
        if (response is null)
        {
            return [$"{operation}: status {status} is not declared (declared: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})"];
        }

        response = Resolve(response);
        var violations = new List<string>();
        var headers = headerNames.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, header) in response["headers"]?.AsObject() ?? [])
        {
            if (Resolve(header!)["required"]?.GetValue<bool>() == true && !headers.Contains(name))
            {
                violations.Add($"{operation} {status}: declared header {name} is missing");
            }
        }

        var content = response["content"]?.AsObject();
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0)
            {
                violations.Add($"{operation} {status}: a body was sent where none is declared");
            }

            return violations;
        }

        var mediaType = contentType?.MediaType;
        if (mediaType is null || content[mediaType] is not { } declared)
        {
            violations.Add($"{operation} {status}: content type {mediaType ?? "(none)"} is not declared (declared: {string.Join(", ", content.Select(c => c.Key))})");
            return violations;
        }

        // A document (a PDF) is checked by its content type; only JSON bodies have a schema to validate against.
        if (declared["schema"] is { } schema && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            violations.AddRange(ValidateBody(schema, body).Select(v => $"{operation} {status}: {v}"));
        }

        return violations;
    }

    /// <summary>Validates <paramref name="json"/> against a component schema, e.g. <c>ReferralView</c>.</summary>
    public IReadOnlyList<string> ValidateAgainstComponent(string component, string json) =>
        ValidateBody(new JsonObject { ["$ref"] = ComponentPrefix + component }, json);

    private List<string> ValidateBody(JsonNode schema, string body)
    {
        JsonDocument instance;
        try
        {
            instance = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return [$"the body is not JSON: {ex.Message}"];
        }

        using (instance)
        {
            // The components become $defs of one JSON Schema 2020-12 document, so every $ref resolves inside it.
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = Document["components"]?["schemas"]?.DeepClone() ?? new JsonObject(),
                ["allOf"] = new JsonArray(schema.DeepClone()),
            };
            var text = root.ToJsonString().Replace("\"" + ComponentPrefix, "\"#/$defs/", StringComparison.Ordinal);
            var built = JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() }, new Uri($"https://coordination.test/{Guid.NewGuid()}"));
            var results = built.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            return results.IsValid
                ? []
                : (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                    .SelectMany(d => d.Errors!.Select(e => $"at {d.InstanceLocation}: {e.Key}: {e.Value}"))
                    .DefaultIfEmpty("the body is not valid against the schema")
                    .ToList();
        }
    }

    private JsonNode Resolve(JsonNode node)
    {
        // Responses may be components too.
        while (node["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
        {
            node = reference[2..].Split('/').Aggregate((JsonNode)Document, (current, segment) => current[segment]!);
        }

        return node;
    }

    private static bool Matches(string template, string path) =>
        Regex.IsMatch(path.Split('?')[0], "^" + Regex.Replace(Regex.Escape(template), @"\\\{[^}]+}", "[^/]+") + "$");

    private static readonly HashSet<string> HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];
}

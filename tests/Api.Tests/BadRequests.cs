using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Api.Tests;

/// <summary>One generated request: what was broken, and the request itself.</summary>
/// <param name="Operation">The operation, <c>METHOD /path/{template}</c>.</param>
/// <param name="Mutation">What was broken, for the report.</param>
/// <param name="Request">The request, its headers sent as they are (also bytes outside ASCII).</param>
public sealed record BadRequest(string Operation, string Mutation, SentRequest Request)
{
    public override string ToString() => $"{Operation} [{Mutation}]";
}

/// <summary>
/// Bad input for every operation of an OpenAPI document, as a property-based API tester makes it
/// (issue 19): a body built from the operation's schema and then broken in one way (a value of the
/// wrong type, a null in a list, a huge or deeply nested value, unknown keys, control characters,
/// lone surrogates, a duplicate key, cut-off JSON, bytes that are not UTF-8, another content type),
/// or a bad path value, query value or header. Deterministic for a seed.
/// </summary>
public sealed class BadRequests(JsonObject document, IReadOnlyList<string> knownIds, int seed)
{
    private static readonly string[] HttpMethodNames = ["get", "put", "post", "delete", "patch"];
    private readonly Random _random = new(seed);

    /// <summary>The operations of the document with their method and template.</summary>
    public IReadOnlyList<(string Operation, string Method, string Template, JsonObject Description)> Operations() =>
        [.. (document["paths"]?.AsObject() ?? []).SelectMany(path => path.Value!.AsObject()
            .Where(item => HttpMethodNames.Contains(item.Key))
            .Select(item => ($"{item.Key.ToUpperInvariant()} {path.Key}", item.Key.ToUpperInvariant(), path.Key, item.Value!.AsObject())))];

    /// <summary>One bad request for the operation.</summary>
    public BadRequest Next(string operation, string method, string template, JsonObject description)
    {
        var schema = description["requestBody"]?["content"]?["application/json"]?["schema"];
        var parameters = (description["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!)).ToList();
        var hasPath = template.Contains('{', StringComparison.Ordinal);
        var hasQuery = parameters.Any(p => p["in"]?.GetValue<string>() == "query");
        var choices = new List<Func<BadRequest>>();
        var path = () => Path(template, parameters, null);
        var body = () => schema is null ? null : Sample(schema, 0);

        if (schema is not null)
        {
            foreach (var mutation in BodyMutations)
            {
                choices.Add(() => Build(operation, method, path(), mutation.Name, mutation.Apply(this, body()), "application/json"));
            }

            choices.Add(() => Build(operation, method, path(), "text/plain body", Encoding.UTF8.GetBytes(body()!.ToJsonString()), "text/plain"));
            choices.Add(() => Build(operation, method, path(), "no content type", Encoding.UTF8.GetBytes(body()!.ToJsonString()), null));
            choices.Add(() => Build(operation, method, path(), "empty body", [], "application/json"));
        }

        if (hasPath)
        {
            foreach (var value in BadPathValues)
            {
                choices.Add(() => Build(operation, method, Path(template, parameters, value), "path value " + value[..Math.Min(20, value.Length)],
                    body() is { } b ? Encoding.UTF8.GetBytes(b.ToJsonString()) : null, body() is null ? null : "application/json"));
            }
        }

        if (hasQuery)
        {
            foreach (var value in BadQueryValues)
            {
                choices.Add(() => Build(operation, method, Path(template, parameters, null, value), "query value " + value[..Math.Min(20, value.Length)], null, null));
            }
        }

        foreach (var (name, value) in BadHeaders)
        {
            choices.Add(() => Build(operation, method, path(), "header " + name, body() is { } b ? Encoding.UTF8.GetBytes(b.ToJsonString()) : null,
                body() is null ? null : "application/json", (name, value)));
        }

        return choices[_random.Next(choices.Count)]();
    }

    private static BadRequest Build(string operation, string method, string path, string mutation, byte[]? body, string? contentType, params (string, string)[] headers) =>
        new(operation, mutation, new SentRequest(new HttpMethod(method), path, body, contentType, headers));

    private static readonly string[] BadPathValues =
    [
        "not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "%2e%2e%2f%2e%2e%2fetc", "%C3%B1%C3%B7", "%F0%9F%99%82",
        new string('9', 3000), "'%20OR%201=1--", "%7B%7D", "999900018",
    ];

    private static readonly string[] BadQueryValues =
    [
        "abc", "-1", "99999999999999999999", "%C3%B1", "%01%02", new string('x', 5000), "2026-13-45", "%22%27%3C%3E", "",
    ];

    private static readonly (string Name, string Value)[] BadHeaders =
    [
        ("If-Match", "ñ"), ("If-Match", "\"abc"), ("If-Match", "W/\"1\", *, garbage"), ("If-Match", new string('9', 500)),
        ("Idempotency-Key", new string('k', 300)), ("Idempotency-Key", "sleutel-÷"), ("X-Correlation-Id", "÷÷÷"),
        ("Accept", "application/xml"), ("Accept-Language", "nl-NL;q=ñ"),
    ];

    private sealed record BodyMutation(string Name, Func<BadRequests, JsonNode?, byte[]> Apply);

    private static readonly BodyMutation[] BodyMutations =
    [
        new("a value of the wrong type", (g, b) => Text(g.Replace(b, g.WrongType))),
        new("a null in a list", (g, b) => Text(g.NullInList(b))),
        new("a null value", (g, b) => Text(g.Replace(b, _ => null))),
        new("a huge string", (g, b) => Text(g.Replace(b, _ => new string('x', 70_000)))),
        new("a deeply nested value", (g, b) => Encoding.UTF8.GetBytes(g.ReplaceText(b, NestedText(g._random.Next(65, 400))))),
        new("deeply nested unknown properties", (g, b) => Encoding.UTF8.GetBytes(Merge(b, "\"unknown\":" + NestedText(g._random.Next(65, 3000))))),
        new("unknown keys", (g, b) => Text(g.WithUnknownKeys(b))),
        new("control characters", (g, b) => Encoding.UTF8.GetBytes(g.ReplaceText(b, "\"a\u0001b\u001fc\u007f\""))),
        new("a lone surrogate", (g, b) => Encoding.UTF8.GetBytes(g.ReplaceText(b, "\"\\ud800 x \\udfff\""))),
        new("a duplicate key", (g, b) => Encoding.UTF8.GetBytes(g.DuplicateKey(b))),
        new("cut-off JSON", (g, b) => { var t = Encoding.UTF8.GetBytes(b?.ToJsonString() ?? "{}"); return t[..g._random.Next(1, t.Length)]; }),
        new("bytes that are not UTF-8", (g, b) => [.. Encoding.UTF8.GetBytes("{\"x\":\""), 0xC0, 0xAF, 0xFF, .. Encoding.UTF8.GetBytes("\"}")]),
        new("a JSON array instead of an object", (g, b) => Encoding.UTF8.GetBytes("[" + (b?.ToJsonString() ?? "1") + "]")),
        new("a bare string", (g, b) => Encoding.UTF8.GetBytes("\"ñ\"")),
        new("JSON null", (g, b) => Encoding.UTF8.GetBytes("null")),
    ];

    private static byte[] Text(JsonNode? body) => Encoding.UTF8.GetBytes(body?.ToJsonString() ?? "null");

    /// <summary>A value of the schema: each property filled, so that the mutation is what is wrong.</summary>
    private JsonNode? Sample(JsonNode schema, int depth)
    {
        var s = Resolve(schema);
        if (depth > 8)
        {
            return null;
        }

        if (s["enum"] is JsonArray values && values.Count > 0)
        {
            return values[_random.Next(values.Count)]?.DeepClone();
        }

        foreach (var key in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (s[key] is JsonArray options && options.Count > 0)
            {
                var picked = options.Select(o => Resolve(o!)).FirstOrDefault(o => !Types(o).SequenceEqual(["null"])) ?? Resolve(options[0]!);
                return Sample(picked, depth + 1);
            }
        }

        var types = Types(s).Where(t => t != "null").ToList();
        var type = types.Count > 0 ? types[0] : s["properties"] is not null ? "object" : "string";
        return type switch
        {
            "object" => new JsonObject((s["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, depth + 1)))),
            "array" => new JsonArray(s["items"] is { } items ? Sample(items, depth + 1) : JsonValue.Create("x")),
            "integer" => JsonValue.Create(1),
            "number" => JsonValue.Create(1.5),
            "boolean" => JsonValue.Create(true),
            _ => s["format"]?.GetValue<string>() switch
            {
                "uuid" => JsonValue.Create(knownIds.Count > 0 && _random.Next(2) == 0 ? knownIds[_random.Next(knownIds.Count)] : Guid.NewGuid().ToString()),
                "date" => JsonValue.Create("2026-12-01"),
                "date-time" => JsonValue.Create("2026-12-01T10:00:00+01:00"),
                _ => JsonValue.Create("tekst"),
            },
        };
    }

    private static IEnumerable<string> Types(JsonNode schema) => schema["type"] switch
    {
        JsonArray many => many.Select(t => t!.GetValue<string>()),
        JsonValue one => [one.GetValue<string>()],
        _ => [],
    };

    private JsonNode Resolve(JsonNode node)
    {
        for (var i = 0; i < 10 && node["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            node = reference.Split('/').Skip(1).Aggregate((JsonNode)document, (current, part) => current[part]!);
        }

        return node;
    }

    private string Path(string template, IReadOnlyList<JsonNode> parameters, string? badPathValue, string? badQueryValue = null)
    {
        var parts = template.Split('/');
        var placeholders = parts.Select((p, i) => (p, i)).Where(x => x.p.StartsWith('{')).Select(x => x.i).ToList();
        var spoiled = badPathValue is null || placeholders.Count == 0 ? -1 : placeholders[_random.Next(placeholders.Count)];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parts[i].StartsWith('{'))
            {
                parts[i] = i == spoiled ? badPathValue! : knownIds.Count > 0 && _random.Next(3) > 0 ? knownIds[_random.Next(knownIds.Count)] : Guid.NewGuid().ToString();
            }
        }

        var path = string.Join('/', parts);
        if (badQueryValue is null)
        {
            return path;
        }

        var query = parameters.Where(p => p["in"]?.GetValue<string>() == "query").Select(p => p["name"]!.GetValue<string>()).ToList();
        var name = query[_random.Next(query.Count)];
        return string.Create(CultureInfo.InvariantCulture, $"{path}?{name}={badQueryValue}");
    }

    /// <summary>Replaces a random node of <paramref name="body"/> (or the whole) with what <paramref name="value"/> makes of it.</summary>
    private JsonNode? Replace(JsonNode? body, Func<JsonNode?, JsonNode?> value)
    {
        var slots = Slots(body).ToList();
        if (slots.Count == 0)
        {
            return body is JsonObject o ? Add(o, "extra", value(null)) : value(body);
        }

        var (parent, key, index) = slots[_random.Next(slots.Count)];
        if (parent is JsonObject obj)
        {
            obj[key!] = value(obj[key!])?.DeepClone();
        }
        else
        {
            ((JsonArray)parent)[index] = value(((JsonArray)parent)[index])?.DeepClone();
        }

        return body;
    }

    private static JsonObject Add(JsonObject o, string key, JsonNode? value)
    {
        o[key] = value;
        return o;
    }

    private static IEnumerable<(JsonNode Parent, string? Key, int Index)> Slots(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    yield return (o, key, -1);
                    foreach (var inner in Slots(child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    yield return (a, null, i);
                    foreach (var inner in Slots(a[i]))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }

    private JsonNode? WrongType(JsonNode? current)
    {
        JsonNode?[] all = [JsonValue.Create(12345), JsonValue.Create("ñ-tekst"), JsonValue.Create(false), new JsonObject { ["a"] = 1 }, new JsonArray(1, "b"), JsonValue.Create(1e308)];
        var kind = current?.GetValueKind();
        var other = all.Where(v => v!.GetValueKind() != kind && !(kind is JsonValueKind.True or JsonValueKind.False && v!.GetValueKind() is JsonValueKind.False)).ToList();
        return other[_random.Next(other.Count)];
    }

    private JsonNode? NullInList(JsonNode? body)
    {
        var lists = Slots(body).Select(s => s.Parent is JsonObject o ? o[s.Key!] : ((JsonArray)s.Parent)[s.Index]).OfType<JsonArray>().ToList();
        if (lists.Count == 0)
        {
            return Replace(body, _ => new JsonArray((JsonNode?)null));
        }

        lists[_random.Next(lists.Count)].Add(null);
        return body;
    }

    private JsonNode? WithUnknownKeys(JsonNode? body)
    {
        if (body is not JsonObject o)
        {
            return body;
        }

        for (var i = 0; i < _random.Next(1, 20); i++)
        {
            o["onbekend" + i.ToString(CultureInfo.InvariantCulture)] = new JsonObject { ["x"] = new JsonArray(null, "÷", 1) };
        }

        // With nothing else wrong an unknown key is ignored; a wrong type makes sure the request is refused.
        return Replace(o, WrongType);
    }

    /// <summary>The body's JSON with one string or number value replaced by <paramref name="raw"/> as written.</summary>
    private string ReplaceText(JsonNode? body, string raw)
    {
        const string Marker = "\"__MARKER__\"";
        var marked = Replace(body, _ => JsonValue.Create("__MARKER__"));
        return (marked?.ToJsonString() ?? Marker).Replace(Marker, raw, StringComparison.Ordinal);
    }

    private string DuplicateKey(JsonNode? body)
    {
        var text = body?.ToJsonString() ?? "{}";
        if (body is JsonObject { Count: > 0 } o)
        {
            var (key, value) = o.ElementAt(_random.Next(o.Count));
            var duplicate = JsonSerializer.Serialize(key) + ":" + (value?.ToJsonString() ?? "null");
            return Merge(body, duplicate);
        }

        return "{\"a\":1,\"a\":2}";
    }

    /// <summary>The body's object with <paramref name="member"/> (raw JSON text) added as its first member.</summary>
    private static string Merge(JsonNode? body, string member)
    {
        var text = body is JsonObject ? body.ToJsonString() : "{}";
        return "{" + member + (text.Length > 2 ? "," + text[1..] : "}");
    }

    private static string NestedText(int depth) => string.Concat(Enumerable.Repeat("{\"n\":[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth));
}

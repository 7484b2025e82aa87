using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.OpenApi;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Model;

namespace Coordination.Gateway;

/// <summary>
/// One OpenAPI document for the whole platform at the gateway's <c>/openapi/v1.json</c>, and
/// swagger-ui at <c>/docs</c> to browse it. The document is merged on each request from the
/// documents the services serve behind their routes, so it cannot drift from them; it keeps only
/// paths that a route forwards unchanged to the service that described them.
/// </summary>
public static class PlatformOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string UiPath = "docs";

    private const string ClientName = "openapi";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static WebApplicationBuilder AddPlatformOpenApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHttpClient(ClientName, client => client.Timeout = TimeSpan.FromSeconds(5));
        return builder;
    }

    public static WebApplication MapPlatformOpenApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(DocumentPath, async (IProxyStateLookup proxy, IHttpClientFactory http, IConfiguration configuration, ILoggerFactory logs, CancellationToken ct) =>
            {
                var document = await MergeAsync(proxy, http.CreateClient(ClientName), PublicBaseUrl(configuration), logs.CreateLogger(typeof(PlatformOpenApi)), ct);
                return Results.Text(document.ToJsonString(Indented), "application/json");
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// swagger-ui, served from the files embedded in its package. Call it before authentication:
    /// its files are middleware, not endpoints, and the fallback policy would ask them for a token.
    /// </summary>
    public static IApplicationBuilder UsePlatformApiBrowser(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseSwaggerUI(ui =>
        {
            ui.RoutePrefix = UiPath;
            ui.DocumentTitle = "Coordination API";
            ui.SwaggerEndpoint(DocumentPath, "Coordination platform v1");
            // Left unset, swagger-ui sends the document's address to an outside validator for its badge.
            ui.ConfigObject.ValidatorUrl = "none";
        });
    }

    private static string PublicBaseUrl(IConfiguration configuration) =>
        (configuration[OpenApiDefaults.PublicBaseUrlSetting] is { Length: > 0 } url ? url : OpenApiDefaults.DefaultPublicBaseUrl).TrimEnd('/');

    /// <summary>Fetches each cluster's document and merges what the gateway really serves.</summary>
    public static async Task<JsonObject> MergeAsync(IProxyStateLookup proxy, HttpClient client, string publicBaseUrl, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        ArgumentNullException.ThrowIfNull(client);
        var merged = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Coordination platform API",
                ["version"] = "v1",
                ["description"] = "Every service of the Coordination platform behind its one entry, the gateway. Call it with a bearer token; "
                    + "every error is an RFC 9457 problem (application/problem+json).",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = publicBaseUrl, ["description"] = "The Coordination gateway" }),
            ["paths"] = new JsonObject(),
            ["components"] = new JsonObject { ["schemas"] = new JsonObject(), ["securitySchemes"] = new JsonObject() },
            ["tags"] = new JsonArray(),
        };
        var routes = proxy.GetRoutes().ToList();
        var missing = new List<string>();
        foreach (var cluster in proxy.GetClusters().OrderBy(c => c.ClusterId, StringComparer.Ordinal))
        {
            // Only the API is documented: the portal's pages (every other path) are no operations.
            var prefixes = routes.Where(r => r.Cluster?.ClusterId == cluster.ClusterId && ForwardsPathUnchanged(r)).Select(Prefix)
                .Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).ToList();
            var address = cluster.Destinations.Values.Select(d => d.Model?.Config.Address).FirstOrDefault(a => a is not null);
            if (prefixes.Count == 0 || address is null)
            {
                continue;
            }

            var document = await FetchAsync(client, new Uri(new Uri(address), DocumentPath.TrimStart('/')), logger, cluster.ClusterId, ct);
            if (document is null)
            {
                missing.Add(cluster.ClusterId);
                continue;
            }

            Merge(merged, document, cluster.ClusterId, prefixes, logger);
        }

        if (missing.Count > 0)
        {
            merged["info"]!["description"] += $" Not included now, as they did not answer: {string.Join(", ", missing)}.";
        }

        if (merged["components"]!["schemas"]!.AsObject().Count == 0)
        {
            merged["components"]!.AsObject().Remove("schemas");
        }

        return merged;
    }

    private static async Task<JsonObject?> FetchAsync(HttpClient client, Uri url, ILogger logger, string cluster, CancellationToken ct)
    {
        try
        {
            using var response = await client.GetAsync(url, ct);
            response.EnsureSuccessStatusCode();
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The OpenAPI document of {Cluster} at {Url} could not be read", cluster, url);
            return null;
        }
    }

    private static void Merge(JsonObject merged, JsonObject document, string cluster, List<string> prefixes, ILogger logger)
    {
        var schemas = merged["components"]!["schemas"]!.AsObject();
        var theirs = document["components"]?["schemas"]?.AsObject() ?? [];
        MergeProblemTypes(merged, document);

        // Two services may name different schemas alike: the later one is renamed after its service.
        var renames = theirs
            .Where(s => schemas.TryGetPropertyValue(s.Key, out var ours) && !JsonNode.DeepEquals(ours, s.Value))
            .ToDictionary(s => s.Key, s => Pascal(cluster) + s.Key, StringComparer.Ordinal);
        if (renames.Count > 0)
        {
            RewriteReferences(document, renames);
            theirs = document["components"]?["schemas"]?.AsObject() ?? [];
        }

        foreach (var (name, schema) in theirs)
        {
            var key = renames.GetValueOrDefault(name, name);
            if (!schemas.ContainsKey(key))
            {
                schemas[key] = schema?.DeepClone();
            }
        }

        var schemes = merged["components"]!["securitySchemes"]!.AsObject();
        foreach (var (name, scheme) in document["components"]?["securitySchemes"]?.AsObject() ?? [])
        {
            if (!schemes.ContainsKey(name))
            {
                schemes[name] = scheme?.DeepClone();
            }
        }

        var paths = merged["paths"]!.AsObject();
        foreach (var (path, item) in document["paths"]?.AsObject() ?? [])
        {
            if (!prefixes.Any(prefix => path == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            {
                logger.LogWarning("{Cluster} describes {Path}, which no gateway route forwards to it; left out", cluster, path);
            }
            else if (!paths.TryAdd(path, item?.DeepClone()))
            {
                logger.LogWarning("{Cluster} describes {Path}, which another service already describes; left out", cluster, path);
            }
        }

        var tags = merged["tags"]!.AsArray();
        foreach (var tag in document["tags"]?.AsArray() ?? [])
        {
            if (tag?["name"] is { } name && !tags.Any(t => t?["name"]?.GetValue<string>() == name.GetValue<string>()))
            {
                tags.Add(tag.DeepClone());
            }
        }
    }

    /// <summary>
    /// Every service answers with the one problem schema, whose <c>rule</c> lists the rules that
    /// service refuses by: the platform's problem schema lists them all, and its
    /// <c>x-problem-types</c> every service's problem types (docs/adr/0021).
    /// </summary>
    private static void MergeProblemTypes(JsonObject merged, JsonObject document)
    {
        if (document["x-problem-types"] is JsonObject types)
        {
            var all = merged["x-problem-types"] as JsonObject ?? (JsonObject)(merged["x-problem-types"] = new JsonObject());
            foreach (var (type, description) in types)
            {
                all[type] ??= description?.DeepClone();
            }

            var sorted = all.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, Value: t.Value?.DeepClone())).ToList();
            all.Clear();
            foreach (var (type, description) in sorted)
            {
                all[type] = description;
            }
        }

        if (merged["components"]?["schemas"]?[OpenApiDefaults.ProblemSchema]?["properties"]?["rule"]?["enum"] is not JsonArray ours
            || document["components"]?["schemas"]?[OpenApiDefaults.ProblemSchema]?["properties"]?["rule"]?["enum"] is not JsonArray theirs)
        {
            return;
        }

        var rules = ours.Concat(theirs).Select(r => r!.GetValue<string>()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var list in new[] { ours, theirs })
        {
            list.Clear();
            foreach (var rule in rules)
            {
                list.Add(rule);
            }
        }
    }

    private static void RewriteReferences(JsonNode? node, Dictionary<string, string> renames)
    {
        const string prefix = "#/components/schemas/";
        switch (node)
        {
            case JsonObject obj:
                if (obj["components"]?["schemas"] is JsonObject schemas)
                {
                    foreach (var (from, to) in renames)
                    {
                        if (schemas.Remove(from, out var schema))
                        {
                            schemas[to] = schema;
                        }
                    }
                }

                if (obj["$ref"] is JsonValue reference && reference.GetValue<string>() is { } target && target.StartsWith(prefix, StringComparison.Ordinal)
                    && renames.TryGetValue(target[prefix.Length..], out var renamed))
                {
                    obj["$ref"] = prefix + renamed;
                }

                foreach (var (_, child) in obj.ToList())
                {
                    RewriteReferences(child, renames);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    RewriteReferences(child, renames);
                }

                break;
        }
    }

    /// <summary>A route forwards its path unchanged when it has no path transform.</summary>
    private static bool ForwardsPathUnchanged(RouteModel route) =>
        route.Config.Match.Path is not null
        && !(route.Config.Transforms ?? []).Any(t => t.Keys.Any(k => k.StartsWith("Path", StringComparison.OrdinalIgnoreCase)));

    /// <summary><c>/api/referrals/{**rest}</c> → <c>/api/referrals</c>.</summary>
    private static string Prefix(RouteModel route)
    {
        var path = route.Config.Match.Path!;
        var brace = path.IndexOf('{', StringComparison.Ordinal);
        return (brace < 0 ? path : path[..brace]).TrimEnd('/');
    }

    private static string Pascal(string cluster) =>
        string.Concat(cluster.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}

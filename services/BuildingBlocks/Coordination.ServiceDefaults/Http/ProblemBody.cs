using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coordination.ServiceDefaults.Http;

/// <summary>What an RFC 9457 problem body from the platform's API says, as a caller of the API (the portal, the FHIR edge) reads it.</summary>
/// <param name="Title">The problem's title.</param>
/// <param name="Detail">Its detail, if any.</param>
/// <param name="Errors">The messages per field: a validation problem's <c>errors</c>, and a rule's one <c>field</c> with its detail (or title).</param>
public sealed record ProblemBody(string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Reads <paramref name="body"/>; a body that is no JSON problem gives no title and no errors.</summary>
    public static ProblemBody Read(string body)
    {
        try
        {
            var node = JsonNode.Parse(body)?.AsObject();
            var errors = node?["errors"] is JsonObject fields
                ? fields.ToDictionary(f => f.Key, f => f.Value is JsonArray list ? list.Select(m => m?.ToString() ?? string.Empty).ToArray() : [f.Value?.ToString() ?? string.Empty])
                : [];
            // A rule's problem (422) names its one field apart from the list.
            if (node?["field"] is JsonValue field && field.ToString() is { Length: > 0 } name)
            {
                errors.TryAdd(name, [node["detail"]?.ToString() ?? node["title"]?.ToString() ?? string.Empty]);
            }

            return new ProblemBody(node?["title"]?.ToString(), node?["detail"]?.ToString(), errors);
        }
        catch (JsonException)
        {
            return new ProblemBody(null, null, new Dictionary<string, string[]>());
        }
    }
}

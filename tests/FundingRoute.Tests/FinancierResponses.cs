using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FundingRoute.Tests;

/// <summary>
/// What a financier's answer may carry, checked on the serialised JSON of every financier endpoint:
/// only properties judged safe (a new one fails until it is added here, after thought), no text of
/// a referral's clinical content, names or referrer, and not the other family member.
/// </summary>
internal static partial class FinancierResponses
{
    /// <summary>Every property a financier's answer may carry.</summary>
    public static readonly HashSet<string> Properties =
    [
        // The referral routes and their pages.
        "items", "nextCursor", "referralId", "subject", "bsn", "birthDate", "law", "financierType", "financierCode",
        "productCategory", "deductibleApplies", "paperwork", "ruleId", "rule", "decidedAt", "version",
        // The intervention routes: the kind of help, its status and dates, the deductible's amount, the rules by id and article.
        "interventionId", "kind", "status", "startOn", "endOn", "plannedSessions", "deductibleAmount", "rules", "article",
        // The population's cost–benefit sums.
        "source", "cases", "total", "caseType", "therapies", "expectedAvoidedCost", "cost", "net",
    ];

    /// <summary>Every property an assignment request may carry: the iJw state, deadlines, codes and messages, whom for; nothing clinical.</summary>
    public static readonly HashSet<string> AssignmentProperties =
    [
        "items", "nextCursor", "id", "referralId", "subject", "bsn", "birthDate", "municipalityCode", "providerAgb", "productCategory",
        "status", "requestedOn", "receiptDueOn", "answerDueOn", "receiptOverdue", "answerOverdue", "investigatingResidence", "receivedOn",
        "answeredOn", "rejectionReason", "code", "meaning", "release", "assignedFrom", "assignedTo", "startedOn", "stoppedOn", "stopReason",
        "allowed", "messages", "message", "on", "by", "detail", "codeRelease", "version",
    ];

    /// <summary>What the referrals say that a financier must never read: reasons, DSM code and description, names, the referrer.</summary>
    private static readonly string[] NeverShown =
    [
        "Truancy", "withdrawal", "Low mood", "F32", "depressive", "Major", "de Vries", "Huisartsenpraktijk", "Lombok", "01012345",
        "reason", "suspectedDsm", "description", "household", "familyId", "name",
    ];

    /// <summary>GETs <paramref name="path"/>, asserts a 200 that shows a financier nothing it may not see, and returns it.</summary>
    public static async Task<JsonNode> OkAsync(HttpClient client, string path, string otherMember)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK && response.Content.Headers.ContentType?.MediaType == "application/json", $"{path}: {response.StatusCode} {body}");
        AssertNothingClinical(body, otherMember);
        return JsonNode.Parse(body)!;
    }

    /// <summary>GETs <paramref name="path"/>, asserts a problem with <paramref name="status"/>, and returns it.</summary>
    public static async Task<JsonNode> ProblemAsync(HttpClient client, string path, HttpStatusCode status)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status && response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{path}: {response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The status of a GET of <paramref name="path"/>; a refusal must be a problem.</summary>
    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        if (!response.IsSuccessStatusCode)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return response.StatusCode;
    }

    /// <summary>
    /// On the raw JSON: no property outside <paramref name="allowed"/> (<see cref="Properties"/> when
    /// left out), no clinical text, names or referrer, not <paramref name="otherMember"/>.
    /// </summary>
    public static void AssertNothingClinical(string body, string otherMember, IReadOnlySet<string>? allowed = null)
    {
        allowed ??= Properties;
        var unexpected = PropertyNames(JsonNode.Parse(body)).Where(p => !allowed.Contains(p)).ToList();
        Assert.True(unexpected.Count == 0, $"properties a financier may not see: {string.Join(", ", unexpected)} in {body}");
        // Property names are judged above; here every value. Ids and cursors are random letters and digits that may spell "f32" by chance: they are left out.
        var text = string.Join("\n", Values(JsonNode.Parse(body)).Select(v => Id().Replace(v, "<id>")));
        foreach (var never in NeverShown.Append(otherMember))
        {
            Assert.False(text.Contains(never, StringComparison.OrdinalIgnoreCase), $"'{never}' shown to a financier: {body}");
        }
    }

    /// <summary>Every value of the document as text, but the paging cursor's.</summary>
    private static IEnumerable<string> Values(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Where(p => p.Key != "nextCursor").SelectMany(p => Values(p.Value)),
        JsonArray array => array.SelectMany(Values),
        JsonValue value => [value.ToString()],
        _ => [],
    };

    /// <summary>
    /// Every property any successful answer under <paramref name="prefix"/> may carry, as the service's
    /// OpenAPI document declares it: a field added to a financier's answer shows here before any
    /// test data would carry it.
    /// </summary>
    public static async Task<SortedSet<string>> DeclaredPropertiesAsync(HttpClient service, string prefix)
    {
        var document = JsonNode.Parse(await service.GetStringAsync("/openapi/v1.json"))!;
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var operations = document["paths"]!.AsObject().Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(operations);
        foreach (var (_, path) in operations)
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                foreach (var (status, response) in operation!["responses"]?.AsObject() ?? [])
                {
                    if (status.StartsWith('2'))
                    {
                        Walk(response?["content"]?["application/json"]?["schema"]);
                    }
                }
            }
        }

        return found;

        void Walk(JsonNode? schema)
        {
            if (schema is not JsonObject obj)
            {
                return;
            }

            if (obj["$ref"]?.GetValue<string>() is { } reference)
            {
                if (seen.Add(reference))
                {
                    Walk(document["components"]!["schemas"]![reference.Split('/')[^1]]);
                }

                return;
            }

            foreach (var (name, property) in obj["properties"]?.AsObject() ?? [])
            {
                found.Add(name);
                Walk(property);
            }

            Walk(obj["items"]);
            foreach (var combined in new[] { "oneOf", "anyOf", "allOf" }.SelectMany(k => obj[k]?.AsArray() ?? []))
            {
                Walk(combined);
            }
        }
    }

    private static IEnumerable<string> PropertyNames(JsonNode? node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => PropertyNames(p.Value).Prepend(p.Key)),
        JsonArray array => array.SelectMany(PropertyNames),
        _ => [],
    };

    [GeneratedRegex("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Id();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Reading a family plan as a referrer sees it, once what the test caused has arrived.</summary>
public static class Plans
{
    /// <summary>
    /// Polls the plan until it shows at least <paramref name="routes"/> referrals with a funding route,
    /// read with the consent service's answer. On a loaded machine a consent service that has just
    /// started can miss the first check's deadline, and that read withholds everyone (`unavailable`);
    /// the tests of an unavailable consent service read the plan themselves.
    /// </summary>
    public static async Task<JsonNode> WithRoutesAsync(HttpClient client, Guid familyId, int routes) =>
        await Eventually.Until(
            async () =>
            {
                using var response = await client.GetAsync($"/api/families/{familyId}/plan");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : new JsonObject();
            },
            plan => plan["members"] is JsonArray members
                && members.SelectMany(m => m!["referrals"]!.AsArray()).Count(r => r!["fundingRoute"] is not null) >= routes
                && members.All(m => m!["consent"]?.GetValue<string>() != "unavailable"),
            $"the family plan to show {routes} referral(s) with a funding route");

    /// <summary>
    /// Polls the plan as <paramref name="client"/> reads it until <paramref name="done"/> holds; a 404
    /// is "not yet" (the family arrives over the broker), not a failure.
    /// </summary>
    public static async Task<JsonNode> UntilAsync(HttpClient client, Guid familyId, Func<JsonNode, bool> done, string what) =>
        (await Eventually.Until(
            async () =>
            {
                using var response = await client.GetAsync($"/api/families/{familyId}/plan");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync()) : null;
            },
            plan => plan is not null && done(plan),
            what))!;

    /// <summary>The member with <paramref name="bsn"/>, whose care data the plan shows.</summary>
    public static JsonNode Member(JsonNode plan, string bsn) =>
        plan["members"]!.AsArray().Single(m => m!["bsn"]?.GetValue<string>() == bsn)!;

    /// <summary>The member named <paramref name="name"/>, shown or withheld.</summary>
    public static JsonNode Named(JsonNode plan, string name) =>
        plan["members"]!.AsArray().Single(m => m!["name"]?.GetValue<string>() == name)!;

    /// <summary>Whether the plan shows <paramref name="name"/>'s care data; false when they are listed by name and relation only, or absent.</summary>
    public static bool Shows(JsonNode plan, string name) =>
        plan["members"]!.AsArray().Any(m => m!["name"]?.GetValue<string>() == name && m["bsn"] is not null);

    /// <summary>The plan as <paramref name="client"/> reads it now (one read, no waiting); asserts 200.</summary>
    public static async Task<JsonNode> ReadAsync(HttpClient client, Guid familyId)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/api/families/{familyId}/plan");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new Xunit.Sdk.XunitException($"Expected 200 reading the plan, got {response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// Plans an intervention as <paramref name="member"/>, once they are on the team (an acceptance arrives over the broker:
    /// until then the family is 404 or the write 403 to them); asserts 201 and returns its id.
    /// </summary>
    public static async Task<Guid> AddInterventionAsync(HttpClient member, Guid familyId, object body)
    {
        ArgumentNullException.ThrowIfNull(member);
        var (status, text) = await Eventually.Until(async () =>
        {
            using var posted = await member.PostAsJsonAsync($"/api/families/{familyId}/interventions", body);
            return (posted.StatusCode, await posted.Content.ReadAsStringAsync());
        }, r => r.StatusCode is not HttpStatusCode.NotFound and not HttpStatusCode.Forbidden, "the planner on the team");
        Xunit.Assert.True(status == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }
}

using System.Net;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Reading a family plan as a referrer sees it, once what the test caused has arrived.</summary>
public static class Plans
{
    /// <summary>Polls the plan until it shows at least <paramref name="routes"/> referrals with a funding route.</summary>
    public static async Task<JsonNode> WithRoutesAsync(HttpClient client, Guid familyId, int routes) =>
        await Eventually.Until(
            async () =>
            {
                using var response = await client.GetAsync($"/api/families/{familyId}/plan");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : new JsonObject();
            },
            plan => plan["members"] is JsonArray members
                && members.SelectMany(m => m!["referrals"]!.AsArray()).Count(r => r!["fundingRoute"] is not null) >= routes,
            $"the family plan to show {routes} referral(s) with a funding route");

    /// <summary>The member with <paramref name="bsn"/>.</summary>
    public static JsonNode Member(JsonNode plan, string bsn) =>
        plan["members"]!.AsArray().Single(m => m!["bsn"]!.GetValue<string>() == bsn)!;
}

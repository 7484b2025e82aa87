using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// Scenario 3 step 2 (the plan side, issue 9) through the gateway: Lisa's psychologist names her
/// boyfriend Omar, who joins sessions as her relative; he appears in the plan as Lisa's relative,
/// never as a member or a client.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RelativeScenarioTests
{
    [SkippableFact]
    public async Task Scenario_3_Omar_is_in_the_plan_as_Lisas_relative_not_as_a_client()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var psychologist = platform.Gateway.Client(Tokens.Clinician("adult", "94070001", Referrals.AdultPractice));
        var familyId = await Referrals.SubmitAsync(gp, Adult(Lisa, "0014", "7029", ("G47.00", "Insomnia disorder"),
            "Sleep and concentration problems since her first year at university.").To(Referrals.AdultPractice));
        var referral = (await psychologist.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]![0]!["id"]!.GetValue<Guid>();
        await Referrals.TakeAsync(psychologist, referral, "triage");
        await Referrals.TakeAsync(psychologist, referral, "accept");
        var plan = await Plans.UntilAsync(gp, familyId, p => p["members"]!.AsArray().Count == 1, "Lisa in the plan");
        var lisa = Plans.Member(plan, Lisa.Bsn)["memberId"]!.GetValue<Guid>();
        await Eventually.Until(async () => (await psychologist.GetAsync($"/api/families/{familyId}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the psychologist on the team");

        using (var gpAdds = await gp.PostAsJsonAsync($"/api/families/{familyId}/relatives", new { relativeOf = Guid.NewGuid(), name = "Omar Haddad", relation = "partner" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, gpAdds.StatusCode);
        }

        using (var bad = await psychologist.PostAsJsonAsync($"/api/families/{familyId}/relatives", new { relativeOf = lisa, name = "Omar Haddad", relation = "boyfriend" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var added = await psychologist.PostAsJsonAsync($"/api/families/{familyId}/relatives", new { relativeOf = lisa, name = "Omar Haddad", relation = "partner" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        foreach (var viewer in new[] { gp, psychologist })
        {
            var read = await Plans.ReadAsync(viewer, familyId);
            var omar = Assert.Single(read["relatives"]!.AsArray())!;
            Assert.Equal(("Omar Haddad", "partner", lisa), (omar["name"]!.GetValue<string>(), omar["relation"]!.GetValue<string>(), omar["relativeOf"]!.GetValue<Guid>()));
            Assert.DoesNotContain(read["members"]!.AsArray(), m => m!["name"]?.GetValue<string>() == "Omar Haddad");
            Assert.Equal(["Lisa Visser"], read["members"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        }

        // Another GP, outside Lisa's care, sees no family at all.
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        using var refused = await otherGp.GetAsync($"/api/families/{familyId}/plan");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }
}

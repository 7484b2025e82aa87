using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace FamilyPlan.Tests;

/// <summary>
/// Outcomes across the family (issue 9) through the gateway: the professional who treats a member
/// records a measurement; the plan shows each member's trajectory and the family's time axis, only
/// for the members the viewer sees — another member's only with that member's consent.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutcomeRecordingTests
{
    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Outcome_trajectories_for_two_members_are_recorded_by_who_treats_them_and_shown_by_consent()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var clinician = platform.Gateway.Client(Tokens.Clinician());
        var familyId = await Referrals.SubmitAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.SubmitAsync(gp, Referrals.Sandra());
        var daansReferral = (await clinician.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]![0]!["id"]!.GetValue<Guid>();
        await Referrals.TakeAsync(clinician, daansReferral, "triage");
        await Referrals.TakeAsync(clinician, daansReferral, "accept");
        var plan = await Plans.UntilAsync(gp, familyId, p => p["members"]!.AsArray().Count(m => m!["bsn"] is not null) == 2, "both members in the GP's plan");
        var daan = Plans.Member(plan, Referrals.DaanBsn)["memberId"]!.GetValue<Guid>();
        var sandra = Plans.Member(plan, Referrals.SandraBsn)["memberId"]!.GetValue<Guid>();
        await Eventually.Until(async () => (await clinician.GetAsync($"/api/families/{familyId}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the clinician on the team");

        // The youth clinician treats Daan; the GP, who referred both, treats Sandra too.
        await RecordAsync(clinician, familyId, daan, "sdq-parent", 24, Day(-30), HttpStatusCode.Created);
        await RecordAsync(clinician, familyId, daan, "sdq-parent", 15, Day(0), HttpStatusCode.Created);
        await RecordAsync(gp, familyId, sandra, "phq-9", 14, Day(-7), HttpStatusCode.Created);
        await RecordAsync(clinician, familyId, sandra, "phq-9", 12, Day(0), HttpStatusCode.Forbidden);
        using (var otherGp = platform.Gateway.Client(Tokens.Gp("01099999")))
        {
            await RecordAsync(otherGp, familyId, daan, "sdq-parent", 10, Day(0), HttpStatusCode.NotFound);
        }

        await RecordAsync(clinician, familyId, Guid.NewGuid(), "sdq-parent", 10, Day(0), HttpStatusCode.NotFound);
        foreach (var (instrument, score, day, field) in new[] { ("sdq-parent", 41m, Day(0), "score"), ("sdq-parent", 10.123m, Day(0), "score"), ("beck-99", 10m, Day(0), "instrumentId"), ("sdq-parent", 10m, Day(1), "measuredOn") })
        {
            var problem = await RecordAsync(clinician, familyId, daan, instrument, score, day, HttpStatusCode.BadRequest);
            Assert.True(problem["errors"]!.AsObject().ContainsKey(field), problem.ToJsonString());
        }

        // The GP sees both trajectories on one axis: three dates.
        var gps = await Plans.ReadAsync(gp, familyId);
        Assert.Equal(2, gps["outcomes"]!["members"]!.AsArray().Count);
        Assert.Equal([Day(-30), Day(-7), Day(0)], gps["outcomes"]!["axis"]!.AsArray().Select(d => d!["date"]!.GetValue<string>()));
        var sdq = Trajectory(gps, daan, "sdq-parent");
        Assert.Equal(-9m, sdq["changeSinceFirst"]!.GetValue<decimal>());
        Assert.True(sdq["improved"]!.GetValue<bool>());

        // The youth clinician sees Daan's only, until Sandra shares her care data with the care team.
        var before = await Plans.ReadAsync(clinician, familyId);
        Assert.Equal([daan], before["outcomes"]!["members"]!.AsArray().Select(m => m!["memberId"]!.GetValue<Guid>()));
        Assert.DoesNotContain("phq-9", before["outcomes"]!.ToJsonString(), StringComparison.Ordinal);
        using (var sandraClient = platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn)))
        {
            var own = await Plans.ReadAsync(sandraClient, familyId);
            Assert.Equal([sandra], own["outcomes"]!["members"]!.AsArray().Select(m => m!["memberId"]!.GetValue<Guid>()));
            await Consents.ShareWithCareTeamAsync(sandraClient, sandra, familyId, HttpStatusCode.Created);
        }

        var after = await Plans.ReadAsync(clinician, familyId);
        Assert.Equal(14m, Trajectory(after, sandra, "phq-9")["points"]![0]!["score"]!.GetValue<decimal>());
    }

    [SkippableFact]
    public async Task The_instruments_are_listed_with_their_ranges()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var client = platform.Gateway.Client(Tokens.Client());
        var instruments = (await client.GetFromJsonAsync<JsonArray>("/api/families/outcome-instruments"))!;
        var phq9 = instruments.Single(i => i!["id"]!.GetValue<string>() == "phq-9")!;
        Assert.Equal((0m, 27m, "lower-is-better"), (phq9["min"]!.GetValue<decimal>(), phq9["max"]!.GetValue<decimal>(), phq9["direction"]!.GetValue<string>()));
    }

    private static JsonNode Trajectory(JsonNode plan, Guid member, string instrument) =>
        plan["outcomes"]!["members"]!.AsArray().Single(m => m!["memberId"]!.GetValue<Guid>() == member)!["instruments"]!.AsArray()
            .Single(i => i!["instrumentId"]!.GetValue<string>() == instrument)!;

    private static async Task<JsonObject> RecordAsync(HttpClient client, Guid familyId, Guid member, string instrument, decimal score, string day, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync($"/api/families/{familyId}/outcomes", new { memberId = member, instrumentId = instrument, score, measuredOn = day });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{instrument} {score} {day}: expected {expected}, got {response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// The funding route's scenario steps (issue 10) through the gateway and the broker: scenario 1
/// steps 4 and 7 (Daan's youth route, the JW315 request, and what Utrecht sees), scenario 3 steps
/// 1 and 2 (Lisa's Zvw route with the deductible, family sessions with her mother and boyfriend as
/// consults within her treatment) and scenario 5 step 3 (Filip's 18th birthday in the plan).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class FundingScenarioTests
{
    private const string Psychologist = "clinician-94070001";

    [SkippableFact]
    public async Task Scenario_1_Daans_youth_route_is_requested_from_Utrecht_which_sees_his_funding_and_not_Sandras_and_nothing_clinical()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var youth = platform.Gateway.Client(Tokens.Clinician());
        var familyId = await Referrals.SubmitAsync(gp, Adult(Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood since the boys went to secondary school.",
            household: [Mark.As("partner"), Daan.As("child", custody: true), Tim.As("child", custody: true)]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        // Step 4: the school counsellor worries about Daan; the GP refers him to youth GGZ.
        var daansReferral = await Referrals.ReferAsync(gp, Youth(Daan, "0344", "Truancy since the start of secondary school.",
            Sandra.As("parent", custody: true), Mark.As("parent", custody: true)).To(Referrals.YouthPractice));
        await Teams.AcceptAllAsync(poh, familyId, GpAgb);
        await Referrals.TakeAsync(youth, daansReferral, "triage");
        await Referrals.TakeAsync(youth, daansReferral, "accept");

        // Jeugdwet, Utrecht, product category 54, a JW315 request; the youth practice sends it and Utrecht owes the answer within 5 working days.
        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));
        var routes = await Eventually.Until(() => utrecht.GetFromJsonAsync<JsonObject>("/api/funding-routes"), p => p!["items"]!.AsArray().Count == 1, "Daan's route");
        var route = routes!["items"]![0]!;
        Assert.Equal((daansReferral, "Jeugdwet", "0344", "54"), (route["referralId"]!.GetValue<Guid>(), route["law"]!.GetValue<string>(),
            route["financierCode"]!.GetValue<string>(), route["productCategory"]!.GetValue<string>()));
        Assert.Contains(route["paperwork"]!.AsArray(), p => p!.GetValue<string>().Contains("JW315", StringComparison.Ordinal));
        var assignment = await Referrals.RequestAssignmentAsync(youth, daansReferral);
        Assert.Equal(("requested", "0344", "54", "2026-11-30"), (assignment["status"]!.GetValue<string>(), assignment["municipalityCode"]!.GetValue<string>(),
            assignment["productCategory"]!.GetValue<string>(), assignment["answerDueOn"]!.GetValue<string>()));
        // And an oudercheck for Daan's youth clinician.
        await OnTeamAsync(youth, familyId);
        var plan = await Plans.UntilAsync(youth, familyId,
            p => p["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == Daan.Bsn && m["tasks"]?.AsArray().Count > 0), "the oudercheck");
        Assert.Contains(Plans.Member(plan, Daan.Bsn)["tasks"]!.AsArray(), t => t!["kind"]!.GetValue<string>() == "oudercheck");

        // Both get help planned: Sandra's POH consults, Daan's youth GGZ.
        var sandra = Plans.Named(plan, Sandra.Name)["memberId"]!.GetValue<Guid>();
        var daan = Plans.Member(plan, Daan.Bsn)["memberId"]!.GetValue<Guid>();
        await Plans.AddInterventionAsync(poh, familyId, new { memberId = sandra, kind = "individual-treatment", title = "POH-GGZ consults about low mood", responsibleUserId = "poh-01012345", startOn = Day(TestClock.Today), plannedSessions = 5 });
        var daansCare = await Plans.AddInterventionAsync(youth, familyId, new { memberId = daan, kind = "individual-treatment", title = "CBT for school refusal", description = "Note: truancy", responsibleUserId = "clinician-94012345", startOn = Day(TestClock.Today), plannedSessions = 10 });

        // Step 7: Utrecht queries funding status: Daan's routes and their status; nothing of Sandra's (her care is not its resident's youth care), nothing clinical.
        var interventions = await Eventually.Until(() => utrecht.GetStringAsync("/api/funding-routes/interventions"),
            body => JsonNode.Parse(body)!["items"]!.AsArray().Count == 1, "Daan's youth GGZ decided");
        var item = JsonNode.Parse(interventions)!["items"]![0]!;
        Assert.Equal((daansCare, "planned", "Jeugdwet", Daan.Bsn), (item["interventionId"]!.GetValue<Guid>(), item["status"]!.GetValue<string>(),
            item["law"]!.GetValue<string>(), item["subject"]!["bsn"]!.GetValue<string>()));
        var requests = await utrecht.GetStringAsync("/api/funding/assignments");
        Assert.Equal("requested", JsonNode.Parse(requests)!["items"]![0]!["status"]!.GetValue<string>());
        var referralRoutes = await utrecht.GetStringAsync("/api/funding-routes");
        // Ids are random hex that may spell "f32" by chance: they are blanked first.
        foreach (var body in new[] { interventions, requests, referralRoutes }.Select(b => System.Text.RegularExpressions.Regex.Replace(b, "[0-9a-f-]{36}", "<id>")))
        {
            foreach (var never in new[] { Sandra.Bsn, "F32", "depressive", "Low mood", "Truancy", "CBT", "school refusal", "Note", "de Vries", "reason", "title" })
            {
                Assert.False(body.Contains(never, StringComparison.OrdinalIgnoreCase), $"'{never}' shown to Utrecht: {body}");
            }
        }

        using var sandrasRoute = await utrecht.GetAsync($"/api/funding-routes/interventions/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, sandrasRoute.StatusCode);
    }

    [SkippableFact]
    public async Task Scenario_3_Lisa_is_on_the_Zvw_with_her_deductible_and_sessions_with_Ingrid_and_Omar_are_consults_within_her_treatment()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var psychologist = platform.Gateway.Client(Tokens.Clinician("adult", "94070001", Referrals.AdultPractice));
        // Step 1: Lisa (18) to basic GGZ with a suspected disorder.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Lisa, "0014", "7029", ("G47.00", "Insomnia disorder"),
            "Sleep and concentration problems since her first year at university.").To(Referrals.AdultPractice));
        using var insurer = platform.Gateway.Client(Tokens.Insurer("7029"));
        var routes = await Eventually.Until(() => insurer.GetFromJsonAsync<JsonObject>("/api/funding-routes"), p => p!["items"]!.AsArray().Count == 1, "Lisa's route");
        var route = routes!["items"]![0]!;
        Assert.Equal(("Zvw", "insurer", "7029", true, "zvw-disorder-and-referral"), (route["law"]!.GetValue<string>(), route["financierType"]!.GetValue<string>(),
            route["financierCode"]!.GetValue<string>(), route["deductibleApplies"]!.GetValue<bool>(), route["ruleId"]!.GetValue<string>()));
        // No youth route: she had no youth care before 18, and Groningen pays nothing for her.
        using var groningen = platform.Gateway.Client(Tokens.Municipality("0014"));
        Assert.Empty((await groningen.GetFromJsonAsync<JsonObject>("/api/funding-routes"))!["items"]!.AsArray());

        // Step 2: her psychologist accepts, engages a family therapist; Ingrid and Omar join sessions as Lisa's relatives.
        var referral = (await psychologist.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]![0]!["id"]!.GetValue<Guid>();
        await Referrals.TakeAsync(psychologist, referral, "triage");
        await Referrals.TakeAsync(psychologist, referral, "accept");
        await OnTeamAsync(psychologist, familyId);
        var lisa = Plans.Member(await Plans.ReadAsync(psychologist, familyId), Lisa.Bsn)["memberId"]!.GetValue<Guid>();
        foreach (var (name, relation) in new[] { (Ingrid.Name, "parent"), (Omar.Name, "partner") })
        {
            using var added = await psychologist.PostAsJsonAsync($"/api/families/{familyId}/relatives", new { relativeOf = lisa, name, relation });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var sessions = await Plans.AddInterventionAsync(psychologist, familyId, new
        {
            memberId = lisa, kind = "family-sessions", title = "Sessions with Lisa, her mother and her boyfriend", responsibleUserId = Psychologist,
            startOn = Day(TestClock.Today.AddDays(7)), plannedSessions = 4,
        });
        var funding = await FundingAsync(psychologist, familyId, sessions);
        // One patient central: consults billed on Lisa under her Zvw treatment, not claims of their own; the relatives are relatives, not clients.
        Assert.Equal(["Zvw"], funding["options"]!.AsArray().Select(o => o!["law"]!.GetValue<string>()));
        Assert.Equal("7029", funding["options"]![0]!["financierCode"]!.GetValue<string>());
        var rules = funding["rules"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()).ToList();
        Assert.Contains("zvw-family-therapy-within-treatment", rules);
        Assert.Contains("zvw-relatives-one-consult", rules);
        Assert.DoesNotContain("zvw-relatives-group-consult", rules);
        var plan = await Plans.ReadAsync(psychologist, familyId);
        Assert.Equal([Lisa.Name], plan["members"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()));
        Assert.Equal([Ingrid.Name, Omar.Name], plan["relatives"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).Order());
        var claims = await Eventually.Until(() => insurer.GetFromJsonAsync<JsonObject>("/api/funding-routes/interventions"), p => p!["items"]!.AsArray().Count == 1, "the sessions' route");
        Assert.Equal(Lisa.Bsn, claims!["items"]![0]!["subject"]!["bsn"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Scenario_5_Filip_turns_18_the_plan_shows_the_transition_90_days_before_and_on_the_birthday_GGZ_leaves_the_Jeugdwet_while_support_at_home_continues()
    {
        // Filip turns 18 a hundred days after the scenario's "today".
        var birthday = TestClock.Today.AddDays(100);
        var filip = Filip with { BirthDate = birthday.AddYears(-18) };
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var youth = platform.Gateway.Client(Tokens.Clinician());
        var familyId = await Referrals.SubmitAsync(gp, Youth(filip, "0935", "Withdrawn and lonely.", FilipsMother.As("parent", custody: true), Zoe.As("sibling"))
            .To(Referrals.YouthPractice));
        await Teams.AcceptAllAsync(youth, familyId, Referrals.YouthPractice);
        var plan = await Plans.UntilAsync(youth, familyId, p => p["members"]!.AsArray().Count > 0, "Filip's plan");
        var member = Plans.Member(plan, filip.Bsn)["memberId"]!.GetValue<Guid>();
        var ggz = await Plans.AddInterventionAsync(youth, familyId, new { memberId = member, kind = "individual-treatment", title = "Treatment for loneliness", responsibleUserId = "clinician-94012345", startOn = Day(TestClock.Today) });
        var support = await Plans.AddInterventionAsync(youth, familyId, new { memberId = member, kind = "support-at-home", title = "Family support at home", responsibleUserId = "clinician-94012345", startOn = Day(TestClock.Today) });
        Assert.Equal("Jeugdwet", (await FundingAsync(youth, familyId, ggz))["options"]![0]!["law"]!.GetValue<string>());

        // 90 days before: the plan shows the transition beside each.
        await platform.RestartOnAsync(Platform.FundingRoute, birthday.AddDays(-90));
        var transition = (await FundingAsync(youth, familyId, ggz, f => f["transition"] is JsonObject))["transition"]!;
        Assert.Equal((Day(birthday), false, "31", true), (transition["birthdayOn"]!.GetValue<string>(), transition["continues"]!.GetValue<bool>(),
            transition["stopReason"]!.GetValue<string>(), transition["newReferralNeeded"]!.GetValue<bool>()));
        Assert.Equal("jeugdwet-transition-at-18", transition["rule"]!["ruleId"]!.GetValue<string>());
        var continuing = (await FundingAsync(youth, familyId, support, f => f["transition"] is JsonObject))["transition"]!;
        Assert.Equal((true, "Jeugdwet", "0935"), (continuing["continues"]!.GetValue<bool>(), continuing["law"]!.GetValue<string>(), continuing["financierCode"]!.GetValue<string>()));

        // The birthday: GGZ leaves the Jeugdwet (a new referral is needed: no disorder on record), support at home stays with Maastricht to 23.
        await platform.RestartOnAsync(Platform.FundingRoute, birthday);
        var adult = await FundingAsync(youth, familyId, ggz, f => f["options"]!.AsArray().All(o => o!["law"]!.GetValue<string>() != "Jeugdwet"));
        Assert.Contains(adult["rules"]!.AsArray(), r => r!["ruleId"]!.GetValue<string>() == "zvw-no-disorder");
        Assert.True(adult["transition"]!["newReferralNeeded"]!.GetValue<bool>());
        var stays = await FundingAsync(youth, familyId, support, f => f["rules"]!.AsArray().Any(r => r!["ruleId"]!.GetValue<string>() == "jeugdwet-continuation-to-23"));
        Assert.Equal(("Jeugdwet", "0935"), (stays["options"]![0]!["law"]!.GetValue<string>(), stays["options"]![0]!["financierCode"]!.GetValue<string>()));
    }

    private static Task<HttpStatusCode> OnTeamAsync(HttpClient professional, Guid familyId) =>
        Eventually.Until(async () =>
        {
            using var response = await professional.GetAsync($"/api/families/{familyId}/plan");
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, "the professional on the family's team");

    /// <summary>The funding beside the intervention once it is there and, when given, once it is as <paramref name="until"/> says.</summary>
    private static async Task<JsonNode> FundingAsync(HttpClient reader, Guid familyId, Guid intervention, Func<JsonNode, bool>? until = null)
    {
        var plan = await Plans.UntilAsync(reader, familyId,
            p => Funding(p, intervention) is JsonObject funding && (until is null || until(funding)), "the funding beside the intervention");
        return Funding(plan, intervention)!;
    }

    private static JsonNode? Funding(JsonNode plan, Guid intervention) =>
        plan["interventions"]!.AsArray().FirstOrDefault(i => i!["id"]!.GetValue<Guid>() == intervention)?["funding"];

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

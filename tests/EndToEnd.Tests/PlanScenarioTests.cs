using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using MdoScheduling.Contracts;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// Scenario 1 steps 3 and 6 and scenario 4 steps 1 to 3 (issues 9 and 10), through the gateway and
/// the broker: a team member brings a family therapist onto the team and plans family therapy for
/// the members taking part; the funding route service decides who pays, citing the rules, and its
/// answer shows beside the intervention; an MDO's decisions (published here as issue 11's service
/// will) become actions that every professional of the meeting sees in the one plan.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class PlanScenarioTests
{
    private const string TherapistId = "family-therapist-94050001";
    private static readonly string Therapist = Tokens.Create(Roles.FamilyTherapist, new Dictionary<string, string>
    {
        [ClaimNames.Subject] = TherapistId, [ClaimNames.Agb] = "94050001", [ClaimNames.Org] = "73730005", [ClaimNames.Name] = "Eva Smit",
    });

    [SkippableFact]
    public async Task Scenario_1_the_POH_engages_a_family_therapist_and_the_MDOs_decisions_become_actions_all_three_see()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        await using var bus = await TestBus.StartAsync<MdoDecisionsRecorded>(platform.Broker);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var youth = platform.Gateway.Client(Tokens.Clinician());
        using var therapist = platform.Gateway.Client(Therapist);

        // Step 1: Sandra to the practice's POH; step 4 (as far as the plan needs it): Daan to youth GGZ.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood since the boys went to secondary school.",
            household: [Mark.As("partner"), Daan.As("child", custody: true), Tim.As("child", custody: true)]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy.", Sandra.As("parent", custody: true), Mark.As("parent", custody: true)).To(Referrals.YouthPractice));
        await AcceptAllAsync(poh, familyId, GpAgb);
        await AcceptAllAsync(youth, familyId, Referrals.YouthPractice);

        // Step 3: the POH brings in a family therapist, who accepts; the POH plans family therapy for the parents.
        await JoinAsync(poh, therapist, familyId, TherapistId, "family-therapist", "73730005");
        var plan = await Plans.ReadAsync(poh, familyId);
        var (sandra, mark) = (Plans.Named(plan, Sandra.Name)["memberId"]!.GetValue<Guid>(), Plans.Named(plan, Mark.Name)["memberId"]!.GetValue<Guid>());
        var intervention = await PlanAsync(poh, familyId, new
        {
            participantIds = new[] { sandra, mark }, kind = "family-therapy", title = "Family therapy for the parents", responsibleUserId = TherapistId,
            startOn = TestClock.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), plannedSessions = 6,
        });
        foreach (var professional in new[] { poh, therapist, youth })
        {
            var funding = (await FundingAsync(professional, familyId, intervention))!;
            // Not in the basic package on its own (no disorder of the couple; the family therapist cannot bill adult care): supplementary, else self-pay.
            Assert.Equal(["Supplementary", "SelfPay"], funding["options"]!.AsArray().Select(o => o!["law"]!.GetValue<string>()));
            Assert.Equal("3311", funding["options"]![0]!["financierCode"]!.GetValue<string>());
            Assert.Equal(["zvw-family-therapist-cannot-bill", "zvw-no-relationship-therapy", "supplementary-insurance", "self-pay"],
                funding["rules"]!.AsArray().Select(r => r!["ruleId"]!.GetValue<string>()));
        }

        // POH-GGZ care itself is GP care: Zvw without the deductible.
        var pohCare = await PlanAsync(poh, familyId, new
        {
            memberId = sandra, kind = "individual-treatment", title = "POH-GGZ consults", responsibleUserId = "poh-01012345",
            startOn = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), plannedSessions = 5,
        });
        var gpCare = (await FundingAsync(poh, familyId, pohCare))!;
        Assert.Equal(("Zvw", false), (gpCare["options"]![0]!["law"]!.GetValue<string>(), gpCare["options"]![0]!["deductibleApplies"]!.GetValue<bool>()));
        Assert.Equal("zvw-poh-is-gp-care", Assert.Single(gpCare["rules"]!.AsArray())!["ruleId"]!.GetValue<string>());

        // Step 6: the MDO of the POH, the family therapist and Daan's youth clinician records its decisions; all three see them as actions.
        var decisions = await RecordMdoAsync(bus, familyId,
            ("Plan the first family session", "poh-01012345", "POH-GGZ"), ("Send the session plan to the school", TherapistId, "Eva Smit"),
            ("Ask Daan's mentor about attendance", "clinician-94012345", "Test clinician"));
        foreach (var professional in new[] { poh, therapist, youth })
        {
            var read = await Eventually.Until(() => Plans.ReadAsync(professional, familyId),
                p => p["actions"]!.AsArray().Count(a => a!["source"]!.GetValue<string>() == "mdo") == 3, "the MDO's three actions");
            Assert.Equal(decisions.Order(), read["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).Order());
        }
    }

    [SkippableFact]
    public async Task Scenario_4_the_psychologist_brings_in_a_family_therapist_for_Els_Henk_and_Peter_and_the_MDO_of_GP_district_nurse_and_psychologist_sets_actions()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        await using var bus = await TestBus.StartAsync<MdoDecisionsRecorded>(platform.Broker);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var psychologist = platform.Gateway.Client(Tokens.Clinician("adult", "94070001", Referrals.AdultPractice));
        using var therapist = platform.Gateway.Client(Therapist);
        using var nurse = platform.Gateway.Client(Tokens.Create(Roles.DistrictNurse, new Dictionary<string, string>
        {
            [ClaimNames.Subject] = "district-nurse-94080001", [ClaimNames.Agb] = "94080001", [ClaimNames.Org] = "73730008",
        }));

        // Step 1: the GP refers Els to a psychologist; Henk and Peter are her household and family.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Els, "0153", "3311", ("F43.20", "Adjustment disorder, unspecified"), "Exhausted caring for Henk after his stroke.",
            household: [Henk.As("partner"), Peter.As("child")]).To(Referrals.AdultPractice));
        await AcceptAllAsync(psychologist, familyId, Referrals.AdultPractice);
        // Her care is the Zvw's: her insurer reads the route, with the deductible.
        using (var insurer = platform.Gateway.Client(Tokens.Insurer("3311")))
        {
            var routes = await Eventually.Until(() => insurer.GetFromJsonAsync<JsonObject>("/api/funding-routes"), p => p!["items"]!.AsArray().Count == 1, "Els's route");
            Assert.Equal(("Zvw", Els.Bsn, true), (routes!["items"]![0]!["law"]!.GetValue<string>(), routes["items"]![0]!["subject"]!["bsn"]!.GetValue<string>(),
                routes["items"]![0]!["deductibleApplies"]!.GetValue<bool>()));
        }

        // Step 3: the psychologist brings in a family therapist for Els, Henk and Peter, and the district nurse who cares for Henk.
        await JoinAsync(psychologist, therapist, familyId, TherapistId, "family-therapist", "73730005");
        await JoinAsync(psychologist, nurse, familyId, "district-nurse-94080001", "district-nurse", "73730008");
        var plan = await Plans.ReadAsync(psychologist, familyId);
        var participants = new[] { Els, Henk, Peter }.Select(p => Plans.Named(plan, p.Name)["memberId"]!.GetValue<Guid>()).ToArray();
        var intervention = await PlanAsync(psychologist, familyId, new
        {
            participantIds = participants, kind = "family-therapy", title = "Family sessions with Els, Henk and Peter", responsibleUserId = TherapistId,
            startOn = TestClock.Today.AddDays(14).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), plannedSessions = 6,
        });
        // The same adult family-therapy answer as in scenario 1.
        var funding = (await FundingAsync(therapist, familyId, intervention))!;
        Assert.Equal(["Supplementary", "SelfPay"], funding["options"]!.AsArray().Select(o => o!["law"]!.GetValue<string>()));
        Assert.Contains(funding["rules"]!.AsArray(), r => r!["ruleId"]!.GetValue<string>() == "zvw-no-relationship-therapy");
        var read = await Plans.ReadAsync(therapist, familyId);
        Assert.Equal(participants, Intervention(read, intervention)!["participantIds"]!.AsArray().Select(p => p!.GetValue<Guid>()));

        // Step 2: respite for Els as Henk's carer is Wmo, paid by Enschede.
        var respite = await PlanAsync(psychologist, familyId, new
        {
            memberId = participants[0], kind = "respite-care", title = "Respite for Els", responsibleUserId = "clinician-94070001",
            startOn = TestClock.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
        var wmo = (await FundingAsync(psychologist, familyId, respite))!;
        Assert.Equal(("Wmo", "municipality", "0153"), (wmo["options"]![0]!["law"]!.GetValue<string>(), wmo["options"]![0]!["financierType"]!.GetValue<string>(),
            wmo["options"]![0]!["financierCode"]!.GetValue<string>()));

        // Step 2: a nursing-home admission for Henk, discussed: the psychologist asks before planning, and it is the Wlz, with a CIZ indication first.
        using (var asked = await psychologist.PostAsJsonAsync("/api/funding/evaluate", new
        {
            birthDate = Henk.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), help = "long-term-care",
            residence = new { brpMunicipality = "0153" },
        }))
        {
            Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
            var wlz = (await asked.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("Wlz", wlz["options"]![0]!["law"]!.GetValue<string>());
            Assert.Contains(wlz["options"]![0]!["paperwork"]!.AsArray(), p => p!.GetValue<string>().Contains("CIZ", StringComparison.Ordinal));
            Assert.Contains(wlz["rules"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "wlz-needs-indication");
        }

        // The MDO of the GP, the district nurse and the psychologist: its decisions are actions each of them sees.
        var decisions = await RecordMdoAsync(bus, familyId,
            ("Apply for respite care with the Wmo desk", "gp-01012345", "Dr. Huisarts"), ("Weekly check on Henk's care at home", "district-nurse-94080001", "Wijkverpleegkundige"),
            ("Discuss the nursing-home question with Els", "clinician-94070001", "Psycholoog"));
        foreach (var professional in new[] { gp, nurse, psychologist })
        {
            var withActions = await Eventually.Until(() => Plans.ReadAsync(professional, familyId),
                p => p["actions"]!.AsArray().Count == 3, "the MDO's three actions");
            Assert.Equal(decisions.Order(), withActions["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).Order());
        }
    }

    /// <summary>Triage and accept every referral addressed to <paramref name="receiverAgb"/> in <paramref name="receiver"/>'s worklist, and wait until they are on the family's team.</summary>
    private static async Task AcceptAllAsync(HttpClient receiver, Guid familyId, string receiverAgb)
    {
        var worklist = await Eventually.Until(() => receiver.GetFromJsonAsync<JsonObject>("/api/referrals"), w => w!["items"]!.AsArray().Count > 0, "the worklist");
        foreach (var item in worklist!["items"]!.AsArray().Where(i => i!["receiverAgb"]?.GetValue<string>() == receiverAgb))
        {
            var id = item!["id"]!.GetValue<Guid>();
            await Referrals.TakeAsync(receiver, id, "triage");
            await Referrals.TakeAsync(receiver, id, "accept");
        }

        await Eventually.Until(async () =>
        {
            using var response = await receiver.GetAsync($"/api/families/{familyId}/team");
            return response.StatusCode;
        }, s => s == HttpStatusCode.OK, "the receiver on the team");
    }

    /// <summary><paramref name="member"/> invites <paramref name="userId"/>, who accepts with the team's ETag.</summary>
    private static async Task JoinAsync(HttpClient member, HttpClient invitee, Guid familyId, string userId, string role, string organisation)
    {
        using var invited = await member.PostAsJsonAsync($"/api/families/{familyId}/team/invitations",
            new { userId, name = userId, role, organisationAgb = organisation });
        Assert.Equal(HttpStatusCode.Created, invited.StatusCode);
        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/families/{familyId}/team/invitations/{userId}/accept");
        accept.Headers.TryAddWithoutValidation("If-Match", invited.Headers.ETag!.ToString());
        using var accepted = await invitee.SendAsync(accept);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static async Task<Guid> PlanAsync(HttpClient member, Guid familyId, object body)
    {
        using var response = await member.PostAsJsonAsync($"/api/families/{familyId}/interventions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }

    /// <summary>The funding answer beside the intervention, once the funding route service has decided.</summary>
    private static async Task<JsonNode?> FundingAsync(HttpClient reader, Guid familyId, Guid intervention) =>
        Intervention(await Eventually.Until(() => Plans.ReadAsync(reader, familyId), p => Intervention(p, intervention)?["funding"] is JsonObject,
            "the funding answer beside the intervention"), intervention)!["funding"];

    /// <summary>Publishes an MDO's decisions, one per owner, as issue 11's service will; returns the decision ids.</summary>
    private static async Task<Guid[]> RecordMdoAsync(TestBus<MdoDecisionsRecorded> bus, Guid familyId, params (string Text, string Owner, string OwnerName)[] decisions)
    {
        var recorded = new MdoDecisionsRecorded(Guid.NewGuid(), familyId, TestClock.Today, decisions[0].Owner, decisions[0].OwnerName,
            decisions.Select((d, i) => new MdoDecision(Guid.NewGuid(), d.Text, d.Owner, d.OwnerName, TestClock.Today.AddDays(7 + i), null)).ToList(), DateTimeOffset.UtcNow);
        await bus.Bus.Publish(recorded);
        return recorded.Decisions.Select(d => d.DecisionId).ToArray();
    }

    private static JsonNode? Intervention(JsonNode plan, Guid id) => plan["interventions"]!.AsArray().FirstOrDefault(i => i!["id"]!.GetValue<Guid>() == id);
}

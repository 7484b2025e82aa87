using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// Scenario 1 steps 3 and 6 and scenario 4 steps 1 to 3 (issues 9 to 11), through the gateway and
/// the broker: a team member brings a family therapist onto the team and plans family therapy for
/// the members taking part; the funding route service decides who pays, citing the rules, and its
/// answer shows beside the intervention; the MDO service finds the earliest slot all participants
/// are free, invites them in iCalendar, and after the meeting its decisions become actions that
/// every professional of the meeting sees in the one plan.
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
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());
        using var youth = platform.Gateway.Client(Tokens.Clinician());
        using var therapist = platform.Gateway.Client(Therapist);

        // Step 1: Sandra to the practice's POH; step 4 (as far as the plan needs it): Daan to youth GGZ.
        var familyId = await Referrals.SubmitAsync(gp, Adult(Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"), "Low mood since the boys went to secondary school.",
            household: [Mark.As("partner"), Daan.As("child", custody: true), Tim.As("child", custody: true)]).To(GpAgb, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy.", Sandra.As("parent", custody: true), Mark.As("parent", custody: true)).To(Referrals.YouthPractice));
        await Teams.AcceptAllAsync(poh, familyId, GpAgb);
        await Teams.AcceptAllAsync(youth, familyId, Referrals.YouthPractice);

        // Step 3: the POH brings in a family therapist, who accepts; the POH plans family therapy for the parents.
        await Teams.JoinAsync(poh, therapist, familyId, TherapistId, "family-therapist", "73730005");
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

        // Step 2: Sandra consents to an MDO with the care team, for herself and, with Daan (14), for him.
        using var sandraClient = platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        using var daanClient = platform.Gateway.Client(Tokens.Client(Daan.Bsn));
        var daan = await Consents.MemberIdAsync(sandraClient, Daan);
        await Mdos.ConsentAsync(sandra, "care-team", familyId.ToString(), sandraClient);
        await Mdos.ConsentAsync(daan, "care-team", familyId.ToString(), sandraClient, daanClient);

        // Step 6: an MDO of the POH, the family therapist and Daan's youth clinician in the coming two weeks.
        // The POH is busy today until 14:00, the therapist tomorrow and Wednesday, the clinician today from 15:00 (Amsterdam).
        await Mdos.SetHoursAsync(poh, Mdos.Weekdays());
        await Mdos.SetHoursAsync(therapist, new { day = "tuesday", from = "09:00", to = "17:00" }, new { day = "wednesday", from = "09:00", to = "17:00" },
            new { day = "thursday", from = "09:00", to = "12:00" });
        await Mdos.SetHoursAsync(youth, Mdos.Weekdays());
        await Mdos.BusyAsync(poh, Amsterdam(TestClock.Today, 9), Amsterdam(TestClock.Today, 14));
        await Mdos.BusyAsync(therapist, Amsterdam(TestClock.Today.AddDays(1), 9), Amsterdam(TestClock.Today.AddDays(3), 0));
        await Mdos.BusyAsync(youth, Amsterdam(TestClock.Today, 15), Amsterdam(TestClock.Today, 17));
        // The earliest slot all three are free: Thursday 26 November, 09:00 in Amsterdam.
        var (mdo, slot) = await BookEarliestAsync(poh, Mdos.Request(familyId, [sandra, daan], [TherapistId, "clinician-94012345"]), "poh-01012345");
        Assert.Equal(Amsterdam(TestClock.Today.AddDays(3), 9), slot);
        foreach (var professional in new[] { poh, therapist, youth })
        {
            var invitation = Ical.Net.Calendar.Load(await Mdos.InvitationAsync(professional, mdo))!;
            Assert.Equal(("REQUEST", slot.UtcDateTime, 3), (invitation.Method, invitation.Events.Single().DtStart!.AsUtc, invitation.Events.Single().Attendees.Count));
        }

        // The plan shows the MDO, when and who: the family and the team see it planned.
        var planned = await Plans.UntilAsync(sandraClient, familyId, p => p["mdos"]?.AsArray().Count == 1, "the MDO in the plan");
        Assert.Equal(("planned", slot, 3), (planned["mdos"]![0]!["status"]!.GetValue<string>(), planned["mdos"]![0]!["start"]!.GetValue<DateTimeOffset>(),
            planned["mdos"]![0]!["participants"]!.AsArray().Count));

        // After the meeting the POH records its decisions: each becomes an action in the one plan, seen by all three.
        var held = await RecordOutcomeAsync(platform, Tokens.Poh(), mdo, TestClock.Today.AddDays(4), clientPresent: false,
            [("poh-01012345", 50), (TherapistId, 50), ("clinician-94012345", 50)],
            ("Plan the first family session", "poh-01012345"), ("Send the session plan to the school", TherapistId), ("Ask Daan's mentor about attendance", "clinician-94012345"));
        // None of the three bills it: POH time is GP care, the therapist cannot bill adult care alone, youth care is the Jeugdwet's.
        Assert.All(held["outcome"]!["attendance"]!.AsArray(), a => Assert.Equal(("recorded", false), (a!["timeKind"]!.GetValue<string>(), a["billable"]!.GetValue<bool>())));
        var decisions = held["outcome"]!["decisions"]!.AsArray().Select(d => d!["decisionId"]!.GetValue<Guid>()).ToArray();
        foreach (var professional in new[] { poh, therapist, youth })
        {
            var read = await Plans.UntilAsync(professional, familyId,
                p => p["actions"]!.AsArray().Count(a => a!["source"]!.GetValue<string>() == "mdo") == 3 && p["mdos"]![0]!["status"]!.GetValue<string>() == "held",
                "the MDO's three actions, and the MDO held");
            Assert.Equal(decisions.Order(), read["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).Order());
        }
    }

    [SkippableFact]
    public async Task Scenario_4_the_psychologist_brings_in_a_family_therapist_for_Els_Henk_and_Peter_and_the_MDO_of_GP_district_nurse_and_psychologist_sets_actions()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
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
        await Teams.AcceptAllAsync(psychologist, familyId, Referrals.AdultPractice);
        // Her care is the Zvw's: her insurer reads the route, with the deductible.
        using (var insurer = platform.Gateway.Client(Tokens.Insurer("3311")))
        {
            var routes = await Eventually.Until(() => insurer.GetFromJsonAsync<JsonObject>("/api/funding-routes"), p => p!["items"]!.AsArray().Count == 1, "Els's route");
            Assert.Equal(("Zvw", Els.Bsn, true), (routes!["items"]![0]!["law"]!.GetValue<string>(), routes["items"]![0]!["subject"]!["bsn"]!.GetValue<string>(),
                routes["items"]![0]!["deductibleApplies"]!.GetValue<bool>()));
        }

        // Step 3: the psychologist brings in a family therapist for Els, Henk and Peter, and the district nurse who cares for Henk.
        await Teams.JoinAsync(psychologist, therapist, familyId, TherapistId, "family-therapist", "73730005");
        await Teams.JoinAsync(psychologist, nurse, familyId, "district-nurse-94080001", "district-nurse", "73730008");
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

        // The MDO of the GP, the district nurse and the psychologist, about Els and Henk, who consent to it.
        foreach (var person in new[] { Els, Henk })
        {
            using var client = platform.Gateway.Client(Tokens.Client(person.Bsn));
            await Mdos.ConsentAsync(await Consents.MemberIdAsync(client, person), "care-team", familyId.ToString(), client);
        }

        foreach (var professional in new[] { gp, nurse, psychologist })
        {
            await Mdos.SetHoursAsync(professional, Mdos.Weekdays("13:00", "17:00"));
        }

        var (mdo, slot) = await BookEarliestAsync(psychologist, Mdos.Request(familyId, participants[..2], ["gp-01012345", "district-nurse-94080001"], minutes: 30),
            "clinician-94070001");
        Assert.Equal(Amsterdam(TestClock.Today, 13), slot);
        var held = await RecordOutcomeAsync(platform, Tokens.Clinician("adult", "94070001", Referrals.AdultPractice), mdo, TestClock.Today.AddDays(1), clientPresent: false,
            [("gp-01012345", 30), ("district-nurse-94080001", 30), ("clinician-94070001", 30)],
            ("Apply for respite care with the Wmo desk", "gp-01012345"), ("Weekly check on Henk's care at home", "district-nurse-94080001"),
            ("Discuss the nursing-home question with Els", "clinician-94070001"));
        // Only the psychologist, a Zvw-GGZ clinician without the client present, bills it: intercollegiaal overleg lang (30 minutes).
        Assert.Equal(
            [("clinician-94070001", "intercollegiaal-overleg-lang", true), ("district-nurse-94080001", "recorded", false), ("gp-01012345", "recorded", false)],
            held["outcome"]!["attendance"]!.AsArray().Select(a => (a!["participantId"]!.GetValue<string>(), a["timeKind"]!.GetValue<string>(), a["billable"]!.GetValue<bool>()))
                .OrderBy(a => a.Item1, StringComparer.Ordinal));
        var decisions = held["outcome"]!["decisions"]!.AsArray().Select(d => d!["decisionId"]!.GetValue<Guid>()).ToArray();
        foreach (var professional in new[] { gp, nurse, psychologist })
        {
            var withActions = await Plans.UntilAsync(professional, familyId,
                p => p["actions"]!.AsArray().Count == 3, "the MDO's three actions");
            Assert.Equal(decisions.Order(), withActions["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()).Order());
        }
    }

    /// <summary>The organiser searches (once the MDO service knows the team), books the earliest slot and returns the MDO and its start.</summary>
    private static async Task<(Guid Mdo, DateTimeOffset Start)> BookEarliestAsync(HttpClient organiser, JsonObject request, string organiserId)
    {
        var (_, found, _) = await Eventually.Until(() => Mdos.PostAsync(organiser, "/api/mdos/search", request), r => r.Status == HttpStatusCode.OK,
            "a slot, once the MDO service knows the team and the consents");
        request["start"] = found!["earliest"]!["start"]!.DeepClone();
        var (status, booked, _) = await Mdos.PostAsync(organiser, "/api/mdos", request);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(organiserId, booked!["organiser"]!["participantId"]!.GetValue<string>());
        return (booked["id"]!.GetValue<Guid>(), found["earliest"]!["start"]!.GetValue<DateTimeOffset>());
    }

    /// <summary>
    /// The organiser records the outcome on <paramref name="day"/>, after the meeting: the MDO service is
    /// restarted with its clock on that day and called directly (the gateway knows its first address only).
    /// </summary>
    private static async Task<JsonNode> RecordOutcomeAsync(Platform platform, string organiser, Guid mdo, DateOnly day, bool clientPresent,
        (string Id, int Minutes)[] attendance, params (string Text, string Owner)[] decisions)
    {
        using var client = (await platform.RestartOnAsync(Platform.MdoScheduling, day)).Client(organiser);
        var (_, _, etag) = await Mdos.ReadAsync(client, mdo);
        var body = new JsonObject
        {
            ["clientPresent"] = clientPresent,
            ["attendance"] = new JsonArray([.. attendance.Select(a => (JsonNode)new JsonObject { ["participantId"] = a.Id, ["attended"] = true, ["minutes"] = a.Minutes })]),
            ["decisions"] = new JsonArray([.. decisions.Select((d, i) => (JsonNode)new JsonObject
            {
                ["text"] = d.Text, ["ownerUserId"] = d.Owner, ["dueOn"] = Mdos.Day(day.AddDays(7 + i)),
            })]),
        };
        var (status, held, _) = await Mdos.PostAsync(client, $"/api/mdos/{mdo}/outcome", body, etag);
        Assert.True(status == HttpStatusCode.OK, held?.ToJsonString());
        Assert.Equal("held", held!["status"]!.GetValue<string>());
        return held;
    }

    /// <summary>An Amsterdam wall-clock hour on <paramref name="day"/>, as an instant.</summary>
    private static DateTimeOffset Amsterdam(DateOnly day, int hour) =>
        new(Coordination.ServiceDefaults.AmsterdamTime.ToUtc(day, new TimeOnly(hour, 0)));

    private static async Task<Guid> PlanAsync(HttpClient member, Guid familyId, object body)
    {
        using var response = await member.PostAsJsonAsync($"/api/families/{familyId}/interventions", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
    }

    /// <summary>The funding answer beside the intervention, once the funding route service has decided.</summary>
    private static async Task<JsonNode?> FundingAsync(HttpClient reader, Guid familyId, Guid intervention) =>
        Intervention(await Plans.UntilAsync(reader, familyId, p => Intervention(p, intervention)?["funding"] is JsonObject,
            "the funding answer beside the intervention"), intervention)!["funding"];

    private static JsonNode? Intervention(JsonNode plan, Guid id) => plan["interventions"]!.AsArray().FirstOrDefault(i => i!["id"]!.GetValue<Guid>() == id);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Referral.Contracts;

namespace FamilyPlan.Tests;

/// <summary>
/// The care team reads the plan through the gateway under the consent rules: a clinician sees the
/// client whose referral they accepted with its check, a relative's check only with that
/// relative's consent, and a clinician not on the team sees nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CareTeamConsentTests
{
    [SkippableFact]
    public async Task A_relatives_check_shows_to_another_clinician_of_the_care_team_only_with_the_relatives_consent()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var (daans, familyId) = await SubmitAsync(gp, Referrals.Daan());
        var (sandras, _) = await SubmitAsync(gp, Referrals.Sandra());
        var referred = await Eventually.Until(
            async () =>
            {
                using var response = await gp.GetAsync($"/api/families/{familyId}/plan");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())! : new JsonObject();
            },
            plan => plan["members"] is JsonArray members && members.Sum(m => m!["referrals"]!.AsArray().Count) == 2,
            "both referrals in the plan");
        var daanId = Plans.Member(referred, Referrals.DaanBsn)["memberId"]!.GetValue<Guid>();
        var sandraId = Plans.Member(referred, Referrals.SandraBsn)["memberId"]!.GetValue<Guid>();

        // A youth clinician accepts Daan (15, his mother at home), an adult clinician accepts Sandra (her son at home).
        await using (var bus = await TestBus.StartAsync<ReferralSubmitted>(platform.Broker))
        {
            var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
            await bus.Bus.Publish(new ReferralAccepted(daans, familyId, daanId, "youth", false, [], [sandraId], FamilyEvents.YouthClinician, at, 3));
            await bus.Bus.Publish(new ReferralAccepted(sandras, familyId, sandraId, "adult", true, [daanId], [], FamilyEvents.AdultClinician, at, 3));
        }

        await Eventually.Until(() => DbCounts.CountAsync(platform.Databases.For(Platform.FamilyPlan), "plan_tasks"), n => n == 2, "both checks to be raised");

        // The youth clinician: Daan with his oudercheck; his mother by name and relation only, and nothing of her kindcheck.
        using var youth = platform.Gateway.Client(FamilyEvents.YouthClinicianToken);
        var before = await Plans.ReadAsync(youth, familyId);
        Assert.Equal("oudercheck", CareCheckTests.TaskOf(before, Referrals.DaanBsn)["kind"]!.GetValue<string>());
        var mother = Plans.Named(before, "Sandra de Vries");
        Assert.Equal(("not-given", "parent"), (mother["consent"]!.GetValue<string>(), mother["relation"]!.GetValue<string>()));
        Assert.Empty(mother["tasks"]!.AsArray());
        Assert.DoesNotContain("kindcheck", before.ToJsonString(), StringComparison.Ordinal);

        // The adult clinician: Sandra with her kindcheck, naming Daan; nothing of Daan's oudercheck.
        using var adult = platform.Gateway.Client(FamilyEvents.AdultClinicianToken);
        var adults = await Plans.ReadAsync(adult, familyId);
        var kindcheck = CareCheckTests.TaskOf(adults, Referrals.SandraBsn);
        Assert.Equal((daanId, "Daan de Vries"), (Assert.Single(kindcheck["minors"]!.AsArray())!["memberId"]!.GetValue<Guid>(), kindcheck["minors"]![0]!["name"]!.GetValue<string>()));
        Assert.DoesNotContain("oudercheck", adults.ToJsonString(), StringComparison.Ordinal);

        // A clinician not on the team: the family does not exist.
        using var stranger = platform.Gateway.Client(Tokens.Clinician("adult", "94055555", "73730002"));
        using (var response = await stranger.GetAsync($"/api/families/{familyId}/plan"))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        // Sandra shares her care data with the family's care team: on the next read the youth clinician sees her kindcheck.
        using var sandra = platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        await Consents.ShareWithCareTeamAsync(sandra, sandraId, familyId, HttpStatusCode.Created);
        var after = await Plans.ReadAsync(youth, familyId);
        var shown = Plans.Member(after, Referrals.SandraBsn);
        Assert.Equal("given", shown["consent"]!.GetValue<string>());
        var hers = Assert.Single(shown["tasks"]!.AsArray())!;
        Assert.Equal(("kindcheck", FamilyEvents.AdultClinician.UserId), (hers["kind"]!.GetValue<string>(), hers["assignee"]!["userId"]!.GetValue<string>()));

        // Seeing it is not being its assignee: only the adult clinician completes it.
        using (var response = await youth.PostAsJsonAsync($"/api/families/{familyId}/tasks/{hers["id"]}/complete", new { outcome = "no-concerns" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using (var response = await adult.PostAsJsonAsync($"/api/families/{familyId}/tasks/{hers["id"]}/complete", new { outcome = "no-concerns" }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // Sandra, reading her own part, sees no checks.
        var own = await Plans.ReadAsync(sandra, familyId);
        Assert.All(own["members"]!.AsArray(), m => Assert.Empty(m!["tasks"]!.AsArray()));
    }

    private static async Task<(Guid ReferralId, Guid FamilyId)> SubmitAsync(HttpClient gp, JsonObject referral)
    {
        using var response = await gp.PostAsJsonAsync("/api/referrals", referral);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 referring, got {response.StatusCode}: {body}");
        var created = JsonNode.Parse(body)!;
        return (created["id"]!.GetValue<Guid>(), created["familyId"]!.GetValue<Guid>());
    }
}

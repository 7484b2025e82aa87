using System.Globalization;
using System.Net;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using FamilyPlan.Contracts;

namespace FamilyPlan.Tests;

/// <summary>
/// The plan's change history (issue 9): who changed what, when, for the team; a line about a
/// member's part only to whom that member's care data shows. Every team change is an event.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HistoryTests
{
    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_team_reads_who_changed_what_and_when_each_member_line_only_where_that_members_data_shows(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        await using var teamChanges = await TestBus.StartAsync<CareTeamChanged>(host.Broker);
        var family = await InterventionTests.DeVriesAsync(host);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var goals = $"/api/families/{family.FamilyId}/goals";
        var (_, daans) = await host.PostAsync(youth, goals, new { memberId = family.MemberId(Families.Daan), title = "Goes to school", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) });
        var (_, familys) = await host.PostAsync(youth, goals, new { title = "Calm evenings", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) });
        var (_, sandras) = await host.PostAsync(adult, $"/api/families/{family.FamilyId}/interventions",
            new { memberId = family.MemberId(Families.Sandra), kind = "individual-treatment", title = "CBT", responsibleUserId = FamilyEvents.AdultClinician.UserId, startOn = Day(0) });
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(youth, HttpMethod.Patch, $"{goals}/{familys!["id"]}", new { status = "achieved" }, "\"1\"")).Status);
        var (_, _, team) = await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/team", new { });
        var therapist = Tokens.Create(Roles.FamilyTherapist, new Dictionary<string, string> { [ClaimNames.Subject] = "family-therapist-94050001", [ClaimNames.Agb] = "94050001", [ClaimNames.Org] = "73730005" });
        Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(youth, $"/api/families/{family.FamilyId}/team/invitations",
            new { userId = "family-therapist-94050001", name = "Eva Smit", role = "family-therapist", organisationAgb = "73730005" })).Status);

        // Both acceptances and the invitation were announced.
        var joined = (await teamChanges.WaitForAsync(c => c.FamilyId == family.FamilyId && c.Change == "joined" && c.UserId == FamilyEvents.YouthClinician.UserId)).Message;
        Assert.Equal(("clinician", "youth", "73730003"), (joined.Role, joined.Domain!, joined.OrganisationAgb!));
        var invited = (await teamChanges.WaitForAsync(c => c.FamilyId == family.FamilyId && c.Change == "invited")).Message;
        Assert.Equal(("family-therapist-94050001", "family-therapist", FamilyEvents.YouthClinician.UserId), (invited.UserId, invited.Role, invited.ByUserId));
        Assert.True(invited.TeamVersion > joined.TeamVersion);

        // The youth clinician sees the family's lines and Daan's, not Sandra's intervention; Sandra's clinician the reverse.
        var youths = await HistoryAsync(host, youth, family.FamilyId);
        Assert.Contains(("goal", daans!["id"]!.GetValue<string>(), "added"), youths);
        Assert.Contains(("goal", familys["id"]!.GetValue<string>(), "changed"), youths);
        Assert.Contains(("team", "family-therapist-94050001", "invited"), youths);
        Assert.DoesNotContain(youths, l => l.Type == "intervention");
        var adults = await HistoryAsync(host, adult, family.FamilyId);
        Assert.Contains(("intervention", sandras!["id"]!.GetValue<string>(), "added"), adults);
        Assert.DoesNotContain(adults, l => l.Id == daans["id"]!.GetValue<string>());
        var (_, page, _) = await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history?pageSize=1", new { });
        var newest = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal(("invited", FamilyEvents.YouthClinician.UserId), (newest["change"]!.GetValue<string>(), newest["userId"]!.GetValue<string>()));
        var changed = (await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Body!["items"]!.AsArray()
            .Single(l => l!["change"]!.GetValue<string>() == "changed")!;
        Assert.Equal(["status"], changed["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        // A client reads the plan, not its history; anyone off the team finds no family; a bad page is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(Tokens.Client(Families.Sandra.Bsn), HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.SendAsync(therapist, HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history?pageSize=0", new { })).Status);
    }

    private static async Task<List<(string Type, string Id, string Change)>> HistoryAsync(PlanHost host, string token, Guid familyId)
    {
        var (status, body, _) = await host.SendAsync(token, HttpMethod.Get, $"/api/families/{familyId}/history", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["items"]!.AsArray().Select(l => (l!["objectType"]!.GetValue<string>(), l["objectId"]!.GetValue<string>(), l["change"]!.GetValue<string>())).ToList();
    }
}

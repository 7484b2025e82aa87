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
        var (_, page, _) = await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history?limit=1", new { });
        var newest = Assert.Single(page!["items"]!.AsArray())!;
        Assert.Equal(("invited", FamilyEvents.YouthClinician.UserId), (newest["change"]!.GetValue<string>(), newest["userId"]!.GetValue<string>()));
        Assert.NotNull(page["nextCursor"]);
        var changed = (await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Body!["items"]!.AsArray()
            .Single(l => l!["change"]!.GetValue<string>() == "changed")!;
        Assert.Equal(["status"], changed["fields"]!.AsArray().Select(f => f!.GetValue<string>()));

        // A client reads the plan, not its history; anyone off the team finds no family; a bad limit is refused.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(Tokens.Client(Families.Sandra.Bsn), HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.SendAsync(therapist, HttpMethod.Get, $"/api/families/{family.FamilyId}/history", new { })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/history?limit=0", new { })).Status);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_history_pages_by_cursor_through_every_line_the_viewer_sees_once_in_order_the_hidden_lines_between_them_left_out(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var family = await InterventionTests.DeVriesAsync(host);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var goals = $"/api/families/{family.FamilyId}/goals";

        // Lines the youth clinician sees (Daan's goals, the family's) between lines they do not (Sandra's interventions).
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(youth, goals,
                new { memberId = family.MemberId(Families.Daan), title = $"Daan's goal {i}", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) })).Status);
            Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(adult, $"/api/families/{family.FamilyId}/interventions",
                new { memberId = family.MemberId(Families.Sandra), kind = "individual-treatment", title = $"CBT {i}", responsibleUserId = FamilyEvents.AdultClinician.UserId, startOn = Day(0) })).Status);
            Assert.Equal(HttpStatusCode.Created, (await host.PostAsync(youth, goals,
                new { title = $"The family's goal {i}", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) })).Status);
        }

        // The whole history on one page is the order the pages must follow: newest first.
        var path = $"/api/families/{family.FamilyId}/history";
        var (status, whole, _) = await host.SendAsync(youth, HttpMethod.Get, $"{path}?limit=100", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(whole!["nextCursor"]);
        var lines = whole["items"]!.AsArray();
        Assert.True(lines.Count >= 6, $"expected at least the six goals, got {lines.Count} lines");
        Assert.DoesNotContain(lines, l => l!["objectType"]!.GetValue<string>() == "intervention");
        var times = lines.Select(l => l!["at"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        var expected = lines.Select(l => l!.ToJsonString()).ToList();

        // Two lines a page: every line shown comes once, in that order, and the last page says there is no next.
        var gathered = new List<string>();
        string? cursor = null;
        do
        {
            Assert.True(gathered.Count < expected.Count, "the pages go on past the last line");
            var query = cursor is null ? $"{path}?limit=2" : $"{path}?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            (status, var page, _) = await host.SendAsync(youth, HttpMethod.Get, query, new { });
            Assert.Equal(HttpStatusCode.OK, status);
            var items = page!["items"]!.AsArray();
            cursor = page["nextCursor"]?.GetValue<string>();
            Assert.InRange(items.Count, cursor is null ? 1 : 2, 2);
            gathered.AddRange(items.Select(l => l!.ToJsonString()));
        }
        while (cursor is not null);

        Assert.Equal(expected, gathered);

        // A cursor this list did not give out is refused, naming it.
        var (forged, problem, _) = await host.SendAsync(youth, HttpMethod.Get, $"{path}?cursor=abc", new { });
        Assert.Equal(HttpStatusCode.BadRequest, forged);
        Assert.NotNull(problem!["errors"]!["cursor"]);
    }

    private static async Task<List<(string Type, string Id, string Change)>> HistoryAsync(PlanHost host, string token, Guid familyId)
    {
        var (status, body, _) = await host.SendAsync(token, HttpMethod.Get, $"/api/families/{familyId}/history", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        return body!["items"]!.AsArray().Select(l => (l!["objectType"]!.GetValue<string>(), l["objectId"]!.GetValue<string>(), l["change"]!.GetValue<string>())).ToList();
    }
}

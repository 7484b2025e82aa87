using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;

namespace FamilyPlan.Tests;

/// <summary>
/// The care team (issue 9) through the gateway: a member invites a professional who accepts and
/// then sees the family by name and relation only; the coordinator role is taken and handed over;
/// a removed member gets 404 at once; every change needs the team's ETag.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CareTeamTests
{
    private const string TherapistId = "family-therapist-94050001";
    private static readonly string Therapist = Tokens.Create(Roles.FamilyTherapist,
        new Dictionary<string, string> { [ClaimNames.Subject] = TherapistId, [ClaimNames.Agb] = "94050001", [ClaimNames.Org] = "73730005" });

    [SkippableFact]
    public async Task A_member_invites_a_family_therapist_who_accepts_and_then_sees_the_family_by_name_and_relation_only()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, clinician) = await AcceptedAsync(platform);
        using var therapist = platform.Gateway.Client(Therapist);

        using (var early = await therapist.GetAsync($"/api/families/{familyId}/team"))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        var invited = await InviteAsync(clinician, familyId);
        Assert.Equal(TherapistId, Assert.Single(invited["invitations"]!.AsArray())!["userId"]!.GetValue<string>());
        using (var again = await clinician.PostAsJsonAsync($"/api/families/{familyId}/team/invitations", Invitation()))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        // The invitee reads the team, not the plan, until they accept.
        var (_, etag) = await TeamAsync(therapist, familyId);
        using (var plan = await therapist.GetAsync($"/api/families/{familyId}/plan"))
        {
            Assert.Equal(HttpStatusCode.NotFound, plan.StatusCode);
        }

        using (var someoneElse = await SendAsync(clinician, $"/api/families/{familyId}/team/invitations/{TherapistId}/accept", new { }, etag))
        {
            Assert.Equal(HttpStatusCode.NotFound, someoneElse.StatusCode);
        }

        var accepted = await TakeAsync(therapist, $"/api/families/{familyId}/team/invitations/{TherapistId}/accept", new { }, etag);
        var member = accepted["members"]!.AsArray().Single(m => m!["userId"]?.GetValue<string>() == TherapistId)!;
        Assert.Equal(("invitation", "family-therapist", "73730005"), (member["basis"]!.GetValue<string>(), member["role"]!.GetValue<string>(), member["organisationAgb"]!.GetValue<string>()));
        Assert.Empty(accepted["invitations"]!.AsArray());
        using (var twice = await SendAsync(therapist, $"/api/families/{familyId}/team/invitations/{TherapistId}/accept", new { }, (await TeamAsync(therapist, familyId)).ETag))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        // Without consent the therapist sees who is in the family, by name and relation, and nothing of their care.
        var seen = await Plans.ReadAsync(therapist, familyId);
        var daan = Plans.Named(seen, "Daan de Vries");
        Assert.Equal("not-given", daan["consent"]!.GetValue<string>());
        Assert.Null(daan["bsn"]);
        Assert.Empty(daan["referrals"]!.AsArray());
        Assert.Equal("not-given", Plans.Named(seen, "Sandra de Vries")["consent"]!.GetValue<string>());
        var mine = (await therapist.GetFromJsonAsync<JsonObject>("/api/families"))!;
        Assert.Equal(familyId, Assert.Single(mine["items"]!.AsArray())!["familyId"]!.GetValue<Guid>());
    }

    [SkippableFact]
    public async Task The_coordinator_role_is_handed_over_and_a_removed_member_gets_404_at_once()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, clinician) = await AcceptedAsync(platform);
        using var therapist = platform.Gateway.Client(Therapist);
        await InviteAsync(clinician, familyId);
        await TakeAsync(therapist, $"/api/families/{familyId}/team/invitations/{TherapistId}/accept", new { }, (await TeamAsync(therapist, familyId)).ETag);
        var clinicianId = "clinician-94012345";

        // Nobody holds the role yet: a member takes it.
        var taken = await TakeAsync(clinician, $"/api/families/{familyId}/coordinator", new { userId = clinicianId }, (await TeamAsync(clinician, familyId)).ETag);
        Assert.Equal(clinicianId, taken["coordinator"]!["userId"]!.GetValue<string>());
        Assert.Equal(clinicianId, (await Plans.ReadAsync(therapist, familyId))["coordinator"]!["userId"]!.GetValue<string>());

        var (_, etag) = await TeamAsync(clinician, familyId);
        await AssertStatusAsync(therapist, $"/api/families/{familyId}/coordinator", new { userId = TherapistId }, etag, HttpStatusCode.Forbidden);
        await AssertStatusAsync(clinician, $"/api/families/{familyId}/coordinator", new { userId = "someone-else" }, etag, HttpStatusCode.UnprocessableEntity);
        await AssertStatusAsync(clinician, $"/api/families/{familyId}/coordinator", new { userId = TherapistId }, "\"999\"", HttpStatusCode.PreconditionFailed);
        await AssertStatusAsync(clinician, $"/api/families/{familyId}/coordinator", new { userId = TherapistId }, null, HttpStatusCode.PreconditionRequired);
        await AssertStatusAsync(clinician, $"/api/families/{familyId}/team/members/{clinicianId}/leave", new { }, etag, HttpStatusCode.Conflict);

        var handedOver = await TakeAsync(clinician, $"/api/families/{familyId}/coordinator", new { userId = TherapistId }, etag);
        Assert.Equal(TherapistId, handedOver["coordinator"]!["userId"]!.GetValue<string>());
        var (_, next) = await TeamAsync(clinician, familyId);
        await AssertStatusAsync(clinician, $"/api/families/{familyId}/team/members/{TherapistId}/leave", new { }, next, HttpStatusCode.Forbidden);

        // The coordinator removes the clinician: from that moment the clinician reads nothing of the family.
        var removed = await TakeAsync(therapist, $"/api/families/{familyId}/team/members/{clinicianId}/leave", new { reason = "Treatment moved to another practice." }, next);
        Assert.DoesNotContain(removed["members"]!.AsArray(), m => m!["userId"]?.GetValue<string>() == clinicianId);
        foreach (var path in new[] { $"/api/families/{familyId}/plan", $"/api/families/{familyId}/team" })
        {
            using var gone = await clinician.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.Empty((await clinician.GetFromJsonAsync<JsonObject>("/api/families"))!["items"]!.AsArray());
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        using var refused = await otherGp.GetAsync($"/api/families/{familyId}/team");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_professionals_families_page_by_cursor_each_family_once_in_order(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        // The scenario GP refers five children, each of a family of their own: the GP is on all five.
        var families = new List<Guid>();
        foreach (var child in new[] { Families.Daan, Families.Anne, Families.Lisa, Families.Omar, Families.Filip })
        {
            var family = new FamilyEvents();
            families.Add(family.FamilyId);
            await host.PublishAsync(family.Submitted(Guid.NewGuid(), child, "youth"));
        }

        await host.WaitForInboxAsync(families.Count);
        var gp = Tokens.Gp(FamilyEvents.GpAgb);

        // All of them on one page give the order the pages must follow.
        var (status, whole, _) = await host.SendAsync(gp, HttpMethod.Get, "/api/families?limit=100", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Null(whole!["nextCursor"]);
        var expected = whole["items"]!.AsArray().Select(f => f!["familyId"]!.GetValue<Guid>()).ToList();
        Assert.Equal(families.Order(), expected.Order());

        // Two a page: every family comes once, in that order, and the last page says there is no next.
        var gathered = new List<Guid>();
        string? cursor = null;
        do
        {
            Assert.True(gathered.Count < expected.Count, "the pages go on past the last family");
            var query = cursor is null ? "/api/families?limit=2" : $"/api/families?limit=2&cursor={Uri.EscapeDataString(cursor)}";
            (status, var page, _) = await host.SendAsync(gp, HttpMethod.Get, query, new { });
            Assert.Equal(HttpStatusCode.OK, status);
            var items = page!["items"]!.AsArray();
            cursor = page["nextCursor"]?.GetValue<string>();
            Assert.InRange(items.Count, cursor is null ? 1 : 2, 2);
            gathered.AddRange(items.Select(f => f!["familyId"]!.GetValue<Guid>()));
        }
        while (cursor is not null);

        Assert.Equal(expected, gathered);

        // A cursor this list did not give out, or a limit out of range, is refused, naming it.
        var (forged, problem, _) = await host.SendAsync(gp, HttpMethod.Get, "/api/families?cursor=abc", new { });
        Assert.Equal(HttpStatusCode.BadRequest, forged);
        Assert.NotNull(problem!["errors"]!["cursor"]);
        (status, problem, _) = await host.SendAsync(gp, HttpMethod.Get, "/api/families?limit=101", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]!["limit"]);
    }

    /// <summary>A GP refers Daan to the youth practice, whose clinician triages and accepts; returns the family and the clinician's client.</summary>
    private static async Task<(Guid FamilyId, HttpClient Clinician)> AcceptedAsync(Platform platform)
    {
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var familyId = await Referrals.SubmitAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var clinician = platform.Gateway.Client(Tokens.Clinician());
        var worklist = await clinician.GetFromJsonAsync<JsonObject>("/api/referrals");
        var id = worklist!["items"]![0]!["id"]!.GetValue<Guid>();
        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "accept");
        await Eventually.Until(async () => (await clinician.GetAsync($"/api/families/{familyId}/team")).StatusCode, s => s == HttpStatusCode.OK, "the clinician on the team");
        return (familyId, clinician);
    }

    private static object Invitation() => new { userId = TherapistId, name = "Eva Smit", role = "family-therapist", organisationAgb = "73730005" };

    private static async Task<JsonObject> InviteAsync(HttpClient member, Guid familyId)
    {
        using var response = await member.PostAsJsonAsync($"/api/families/{familyId}/team/invitations", Invitation());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static async Task<(JsonObject Team, string ETag)> TeamAsync(HttpClient client, Guid familyId)
    {
        using var response = await client.GetAsync($"/api/families/{familyId}/team");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return ((await response.Content.ReadFromJsonAsync<JsonObject>())!, response.Headers.ETag!.ToString());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string path, object body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await client.SendAsync(request);
    }

    private static async Task<JsonObject> TakeAsync(HttpClient client, string path, object body, string ifMatch)
    {
        using var response = await SendAsync(client, path, body, ifMatch);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task AssertStatusAsync(HttpClient client, string path, object body, string? ifMatch, HttpStatusCode expected)
    {
        using var response = await SendAsync(client, path, body, ifMatch);
        Assert.True(response.StatusCode == expected, $"{path}: expected {expected}, got {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace Consent.Tests;

/// <summary>
/// Declaring, reading and withdrawing consent through the gateway, with the household the
/// referrals described: who may declare and withdraw at which age, and what a stranger learns (nothing).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ConsentApiTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_14_year_old_needs_his_own_and_a_custodial_parents_declaration_and_either_withdraws_it(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        // Daan's referral states Sandra's custody and denies Mark's.
        var familyId = await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy since secondary school.",
            Sandra.As("parent", custody: true), Mark.As("parent", custody: false), Tim.As("sibling")));
        using var sandra = platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        using var daan = platform.Gateway.Client(Tokens.Client(Daan.Bsn));
        using var mark = platform.Gateway.Client(Tokens.Client(Mark.Bsn));
        using var tim = platform.Gateway.Client(Tokens.Client(Tim.Bsn));
        var daanId = await Consents.MemberIdAsync(sandra, Daan);

        var byParent = await Consents.ShareWithCareTeamAsync(sandra, daanId, familyId, HttpStatusCode.Created);
        var consentId = byParent["id"]!.GetValue<Guid>();
        Assert.Equal("awaiting", byParent["state"]!.GetValue<string>());
        var missing = Assert.Single(byParent["missing"]!.AsArray())!;
        Assert.Equal("subject", missing["capacity"]!.GetValue<string>());
        Assert.Equal(daanId, missing["anyOf"]![0]!["memberId"]!.GetValue<Guid>());
        Assert.Equal("wgbo-7-450-12-to-15", byParent["rule"]!["id"]!.GetValue<string>());
        Assert.Contains("zorggegevens", byParent["purpose"]!["explanation"]!["nl"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("care data", byParent["purpose"]!["explanation"]!["en"]!.GetValue<string>(), StringComparison.Ordinal);

        // Daan declares the same: he joins the open decision, which is active now.
        var both = await Consents.ShareWithCareTeamAsync(daan, daanId, familyId, HttpStatusCode.OK);
        Assert.Equal(consentId, both["id"]!.GetValue<Guid>());
        Assert.Equal("active", both["state"]!.GetValue<string>());
        Assert.Empty(both["missing"]!.AsArray());
        Assert.All(both["declarations"]!.AsArray(), d => Assert.True(d!["counts"]!.GetValue<bool>()));

        // Mark has no custody: he may not declare, nor withdraw.
        using (var refused = await mark.PostAsJsonAsync("/api/consents", Consents.Body(daanId, "mdo", "care-team", familyId.ToString())))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
            Assert.Equal("custody-required", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());
        }

        using (var refused = await mark.PostAsJsonAsync($"/api/consents/{consentId}/withdraw", new { }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        }

        // Who sees it: Daan, Sandra, and the care team it names; Tim, Mark (no custody) and another GP do not.
        Assert.Equal(HttpStatusCode.OK, (await daan.GetAsync($"/api/consents/{consentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gp.GetAsync($"/api/consents/{consentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tim.GetAsync($"/api/consents/{consentId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await mark.GetAsync($"/api/consents/{consentId}")).StatusCode);
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherGp.GetAsync($"/api/consents/{consentId}")).StatusCode);
        var listed = await sandra.GetFromJsonAsync<JsonArray>($"/api/consents?subject={daanId}");
        Assert.Equal(consentId, Assert.Single(listed!)!["id"]!.GetValue<Guid>());
        Assert.Equal(HttpStatusCode.NotFound, (await tim.GetAsync($"/api/consents?subject={daanId}")).StatusCode);
        Assert.Empty((await otherGp.GetFromJsonAsync<JsonArray>($"/api/consents?subject={daanId}"))!);

        // The child's withdrawal ends it at once; a second withdrawal changes nothing.
        var withdrawn = await Consents.WithdrawAsync(daan, consentId, HttpStatusCode.OK);
        Assert.Equal("withdrawn", withdrawn["state"]!.GetValue<string>());
        Assert.Equal(daanId, withdrawn["withdrawal"]!["by"]!.GetValue<Guid>());
        var again = await Consents.WithdrawAsync(sandra, consentId, HttpStatusCode.OK);
        Assert.Equal(daanId, again["withdrawal"]!["by"]!.GetValue<Guid>());

        // An Idempotency-Key belongs to one request path: the same key and body on another consent withdraws that one.
        var mdo = await DeclareAsync(sandra, Consents.Body(daanId, "mdo", "care-team", familyId.ToString()));
        var toTeam = await DeclareAsync(sandra, Consents.Body(daanId, "family-care-team", "care-team", familyId.ToString()));
        foreach (var id in new[] { mdo, toTeam })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/consents/{id}/withdraw") { Content = JsonContent.Create(new { reason = "No more." }) };
            request.Headers.Add("Idempotency-Key", "withdraw-both");
            using var response = await sandra.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(id, body!["id"]!.GetValue<Guid>());
            Assert.Equal("withdrawn", body["state"]!.GetValue<string>());
        }

        // Every read of Daan's consent is in the consent service's access log, refusals too.
        var log = platform.Databases.For(Platform.Consent);
        Assert.True(await DbCounts.CountAsync(log, "audit_log", "action = 'R' AND outcome = 'success' AND client_bsn = @Bsn", new { Daan.Bsn }) >= 3);
        Assert.True(await DbCounts.CountAsync(log, "audit_log", "action = 'R' AND outcome = 'denied' AND client_bsn = @Bsn", new { Daan.Bsn }) >= 3);
    }

    [SkippableFact]
    public async Task Another_referrals_household_entry_does_not_change_who_a_child_is()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy.", Sandra.As("parent", custody: true)));
        using var daan = platform.Gateway.Client(Tokens.Client(Daan.Bsn));
        var daanId = await Consents.MemberIdAsync(daan, Daan);

        // Another GP's referral of Sandra names Daan as a child with another birth date (he would be 10).
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        await Referrals.SubmitAsync(otherGp, Adult(Sandra, "0344", "3311", ("F32.0", "Major depressive disorder, single episode, mild"), "Low mood.", "01099999",
            (Daan with { BirthDate = new DateOnly(2016, 1, 1) }).As("child", custody: true)));
        var db = platform.Databases.For(Platform.Consent);
        await Eventually.Until(() => DbCounts.CountAsync(db, "parenthood_statements"), n => n == 2, "the second referral to reach the consent service");

        // Daan is still 14: he declares for himself (under 12 he could not).
        Assert.Equal("awaiting", (await Consents.ShareWithCareTeamAsync(daan, daanId, familyId, HttpStatusCode.Created))["state"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task Referrals_that_disagree_on_a_parents_custody_are_a_dispute_the_parent_cannot_declare_through()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy.", Mark.As("parent", custody: true)));
        using var mark = platform.Gateway.Client(Tokens.Client(Mark.Bsn));
        var daanId = await Consents.MemberIdAsync(mark, Daan);

        // Another GP's referral of Daan states that Mark has no custody.
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        var second = Youth(Daan, "0344", "Withdrawn at school.", Mark.As("parent", custody: false));
        second["referrer"]!["agb"] = "01099999";
        await Referrals.SubmitAsync(otherGp, second);
        await Eventually.Until(() => DbCounts.CountAsync(platform.Databases.For(Platform.Consent), "parenthood_statements"), n => n == 2,
            "the second referral to reach the consent service");

        using var refused = await mark.PostAsJsonAsync("/api/consents", Consents.Body(daanId, "family-care-team", "care-team", familyId.ToString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("custody-disputed", problem!["rule"]!.GetValue<string>());
        Assert.Contains("custody register", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(0, await DbCounts.CountAsync(platform.Databases.For(Platform.Consent), "consents"));
    }

    [SkippableFact]
    public async Task The_age_rules_refuse_the_wrong_declarant_and_name_the_rule()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var anneFamily = await Referrals.SubmitAsync(gp, Youth(Anne, "0307", "Said she wants to be dead.",
            AnnesMother.As("parent", custody: true), AnnesFather.As("parent", custody: true), AnnesBrother.As("sibling")));
        var filipFamily = await Referrals.SubmitAsync(gp, Youth(Filip, "0935", "Withdrawn and lonely.",
            FilipsMother.As("parent", custody: true), FilipsFather.As("parent", custody: true), Zoe.As("sibling")));
        using var anne = platform.Gateway.Client(Tokens.Client(Anne.Bsn));
        using var annesMother = platform.Gateway.Client(Tokens.Client(AnnesMother.Bsn));
        using var filip = platform.Gateway.Client(Tokens.Client(Filip.Bsn));
        using var filipsMother = platform.Gateway.Client(Tokens.Client(FilipsMother.Bsn));
        var anneId = await Consents.MemberIdAsync(annesMother, Anne);
        var filipId = await Consents.MemberIdAsync(filip, Filip);

        // Under 12: the child does not declare for herself; one custodial parent suffices.
        await AssertRefusedAsync(anne, Consents.Body(anneId, "family-care-team", "care-team", anneFamily.ToString()), "wgbo-7-465-under-12");
        Assert.Equal("active", (await Consents.ShareWithCareTeamAsync(annesMother, anneId, anneFamily, HttpStatusCode.Created))["state"]!.GetValue<string>());

        // 16: a parent's declaration is refused; the young person's own is enough.
        await AssertRefusedAsync(filipsMother, Consents.Body(filipId, "family-care-team", "care-team", filipFamily.ToString()), "wgbo-7-447-16-and-over");
        var own = await Consents.ShareWithCareTeamAsync(filip, filipId, filipFamily, HttpStatusCode.Created);
        Assert.Equal("active", own["state"]!.GetValue<string>());
        // ... and a parent may not withdraw it.
        using var refused = await filipsMother.PostAsJsonAsync($"/api/consents/{own["id"]}/withdraw", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("wgbo-7-447-16-and-over", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());

        // Someone else's child, or a member of another family: the same refusal, nothing learnt.
        await AssertRefusedAsync(annesMother, Consents.Body(filipId, "family-care-team", "care-team", filipFamily.ToString()), "not-a-declarant");
        await AssertRefusedAsync(annesMother, Consents.Body(Guid.NewGuid(), "family-care-team", "care-team", anneFamily.ToString()), "not-a-declarant");
        // A care team of another family, or a family member of another family, is refused.
        await AssertRefusedAsync(filip, Consents.Body(filipId, "family-care-team", "care-team", anneFamily.ToString()), "care-team-of-own-family");
        await AssertRefusedAsync(filip, Consents.Body(filipId, "family-member", "family-member", anneId.ToString()), "family-member-of-own-family");
    }

    [SkippableFact]
    public async Task Bad_input_is_refused_by_field_and_nothing_is_stored()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Youth(Filip, "0935", "Withdrawn and lonely.", FilipsMother.As("parent", custody: true)));
        using var filip = platform.Gateway.Client(Tokens.Client(Filip.Bsn));
        var filipId = await Consents.MemberIdAsync(filip, Filip);
        var team = familyId.ToString();

        await AssertInvalidAsync(filip, Consents.Body(filipId, "research", "care-team", team), "purpose");
        await AssertInvalidAsync(filip, Consents.Body(filipId, "family-care-team", "neighbour", team), "recipient.kind");
        await AssertInvalidAsync(filip, Consents.Body(filipId, "professional", "care-team", team), "recipient.kind");
        await AssertInvalidAsync(filip, Consents.Body(filipId, "professional", "organisation", "1234"), "recipient.id");
        await AssertInvalidAsync(filip, Consents.Body(filipId, "family-care-team", "care-team", team, from: "2026-12-10", until: "2026-12-01"), "period.until");
        await AssertInvalidAsync(filip, Consents.Body(filipId, "family-care-team", "care-team", team, from: "2020-01-01"), "period.from");
        var noSubject = Consents.Body(filipId, "family-care-team", "care-team", team);
        noSubject.Remove("subject");
        await AssertInvalidAsync(filip, noSubject, "subject");
        using (var malformed = await filip.PostAsync("/api/consents", new StringContent("{\"subject\": 12", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        // A client token whose BSN fails the eleven-test is no token at all.
        using (var badBsn = platform.Gateway.Client(Tokens.Client("123456789")))
        using (var refusedToken = await badBsn.PostAsJsonAsync("/api/consents", Consents.Body(filipId, "family-care-team", "care-team", team)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refusedToken.StatusCode);
        }

        // A professional does not declare for a client.
        using (var byGp = await gp.PostAsJsonAsync("/api/consents", Consents.Body(filipId, "family-care-team", "care-team", team)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byGp.StatusCode);
        }

        // A list names the subject by member id: without it, 400; a BSN is not a member id.
        Assert.Equal(HttpStatusCode.BadRequest, (await filip.GetAsync("/api/consents")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await filip.GetAsync($"/api/consents?subject={Filip.Bsn}")).StatusCode);

        var db = platform.Databases.For(Platform.Consent);
        Assert.Equal(0, await DbCounts.CountAsync(db, "consents"));
        Assert.Equal(0, await DbCounts.CountAsync(db, "declarations"));
        Assert.Equal(0, await DbCounts.CountAsync(db, "outbox"));
    }

    [SkippableFact]
    public async Task Emergency_access_needs_a_reason_and_lasts_at_most_72_hours()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        await Referrals.SubmitAsync(gp, Youth(Filip, "0935", "Withdrawn and lonely.", FilipsMother.As("parent", custody: true)));
        using var filip = platform.Gateway.Client(Tokens.Client(Filip.Bsn));
        var filipId = await Consents.MemberIdAsync(filip, Filip);
        using var clinician = platform.Gateway.Client(Tokens.Clinician());

        using (var noReason = await clinician.PostAsJsonAsync("/api/consents/emergency-access", new { subject = filipId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
            Assert.True((await noReason.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("reason"));
        }

        using (var tooLong = await clinician.PostAsJsonAsync("/api/consents/emergency-access", new { subject = filipId, reason = "Acute suicide risk reported tonight.", hours = 73 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        }

        using (var byClient = await filip.PostAsJsonAsync("/api/consents/emergency-access", new { subject = filipId, reason = "Acute suicide risk reported tonight." }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, byClient.StatusCode);
        }

        using var started = await clinician.PostAsJsonAsync("/api/consents/emergency-access", new { subject = filipId, reason = "Acute suicide risk reported tonight." });
        Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        var grant = await started.Content.ReadFromJsonAsync<JsonObject>();
        var startsAt = grant!["startsAt"]!.GetValue<DateTimeOffset>();
        // Where it was created can be read: by the clinician and by the client, not by another clinician.
        var location = started.Headers.Location!.OriginalString;
        Assert.Equal(HttpStatusCode.OK, (await clinician.GetAsync(location)).StatusCode);
        Assert.Equal("Acute suicide risk reported tonight.", (await filip.GetFromJsonAsync<JsonObject>(location))!["reason"]!.GetValue<string>());
        using var otherClinician = platform.Gateway.Client(Tokens.Clinician(agb: "94099999"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherClinician.GetAsync(location)).StatusCode);
        Assert.Equal(TimeSpan.FromHours(72), grant["endsAt"]!.GetValue<DateTimeOffset>() - startsAt);
        Assert.Equal(1, await DbCounts.CountAsync(platform.Databases.For(Platform.Consent), "audit_log",
            "action = 'E' AND check_emergency_access = 'passed' AND client_bsn = @Bsn", new { Filip.Bsn }));
    }

    private static async Task<Guid> DeclareAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsJsonAsync("/api/consents", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private static async Task AssertRefusedAsync(HttpClient client, JsonObject body, string rule)
    {
        using var response = await client.PostAsJsonAsync("/api/consents", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(rule, (await response.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());
    }

    private static async Task AssertInvalidAsync(HttpClient client, JsonObject body, string field)
    {
        using var response = await client.PostAsJsonAsync("/api/consents", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), $"expected an error on {field}, got {errors.ToJsonString()}");
    }
}

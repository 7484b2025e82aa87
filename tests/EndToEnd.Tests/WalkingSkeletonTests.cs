using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The walking skeleton, through the gateway, over the real broker: a GP refers, the family plan
/// and the funding route follow, and the GP reads the plan.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class WalkingSkeletonTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task A_referral_reaches_the_family_plan_with_its_funding_route(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        // The token a newcomer gets from deploy/token.sh is accepted as it is.
        using var gp = platform.Gateway.Client(Tokens.FromScript("gp", "agb=01012345"));

        using var response = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        var referralId = created!["id"]!.GetValue<Guid>();
        var familyId = created["familyId"]!.GetValue<Guid>();
        Assert.Equal($"/api/referrals/{referralId}", response.Headers.Location!.OriginalString);
        Assert.Equal("received", created["status"]!.GetValue<string>());

        var plan = await Plans.WithRoutesAsync(gp, familyId, routes: 1);
        var daan = Plans.Member(plan, "999900018");
        Assert.True(daan["isClient"]!.GetValue<bool>());
        Assert.Equal("Daan de Vries", daan["name"]!.GetValue<string>());
        var referral = Assert.Single(daan["referrals"]!.AsArray())!;
        Assert.Equal(referralId, referral["id"]!.GetValue<Guid>());
        var route = referral["fundingRoute"]!;
        Assert.Equal("Jeugdwet", route["law"]!.GetValue<string>());
        Assert.Equal("municipality", route["financierType"]!.GetValue<string>());
        Assert.Equal("0344", route["financierCode"]!.GetValue<string>());
        Assert.Equal("54", route["productCategory"]!.GetValue<string>());
        Assert.Contains("Jeugdwet art. 1.1", route["rule"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(route["paperwork"]!.AsArray(), p => p!.GetValue<string>().Contains("JW315", StringComparison.Ordinal));
        // Sandra, named as Daan's mother, shows by name and relation only: she has not consented.
        var sandra = Plans.Named(plan, "Sandra de Vries");
        Assert.Equal("not-given", sandra["consent"]!.GetValue<string>());
        Assert.Equal("parent", sandra["relation"]!.GetValue<string>());
        Assert.Null(sandra["bsn"]);
        Assert.Empty(sandra["referrals"]!.AsArray());
        Assert.Equal("not-required", daan["consent"]!.GetValue<string>());
        // Each person has a member id, the name URLs use instead of the BSN; it never changes.
        var daansMemberId = daan["memberId"]!.GetValue<Guid>();
        Assert.Equal(daansMemberId, sandra["relationOf"]!.GetValue<Guid>());
        var sandrasMemberId = sandra["memberId"]!.GetValue<Guid>();
        Assert.NotEqual(daansMemberId, sandrasMemberId);

        // Sandra is referred too: the household's BSNs put her in the same family, on the Zvw route.
        using var second = await gp.PostAsJsonAsync("/api/referrals", Referrals.Sandra());
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var sandraReferral = await second.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(familyId, sandraReferral!["familyId"]!.GetValue<Guid>());

        plan = await Plans.WithRoutesAsync(gp, familyId, routes: 2);
        sandra = Plans.Member(plan, "999900006");
        Assert.True(sandra["isClient"]!.GetValue<bool>());
        Assert.Equal(sandrasMemberId, sandra["memberId"]!.GetValue<Guid>());
        Assert.Equal(daansMemberId, Plans.Member(plan, "999900018")["memberId"]!.GetValue<Guid>());
        var adultRoute = Assert.Single(sandra["referrals"]!.AsArray())!["fundingRoute"]!;
        Assert.Equal("Zvw", adultRoute["law"]!.GetValue<string>());
        Assert.Equal("insurer", adultRoute["financierType"]!.GetValue<string>());
        Assert.Equal("3311", adultRoute["financierCode"]!.GetValue<string>());
        Assert.True(adultRoute["deductibleApplies"]!.GetValue<bool>());
        Assert.Equal(2, plan["members"]!.AsArray().Count);

        // The referrer follows the referral (closed loop).
        var followed = await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/{referralId}");
        Assert.Equal("received", followed!["status"]!.GetValue<string>());
        Assert.Equal(familyId, followed["familyId"]!.GetValue<Guid>());

        // Another GP learns nothing about this family or referral, not even that they exist.
        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherGp.GetAsync($"/api/families/{familyId}/plan")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherGp.GetAsync($"/api/referrals/{referralId}")).StatusCode);

        // Every read is in the access log: who, whose data, and whether it was allowed.
        var planDb = platform.Databases.For(Platform.FamilyPlan);
        Assert.True(await DbCounts.CountAsync(planDb, "audit_log", "action = 'R' AND outcome = 'success' AND user_id = 'gp-01012345' AND client_bsn = '999900018'") >= 1);
        Assert.Equal(1, await DbCounts.CountAsync(planDb, "audit_log", "action = 'R' AND outcome = 'denied' AND user_id = 'gp-01099999'"));
        var referralDb = platform.Databases.For(Platform.Referral);
        Assert.Equal(2, await DbCounts.CountAsync(referralDb, "audit_log", "action = 'C' AND user_id = 'gp-01012345'"));
        // A refused look at an existing referral is logged against its client, so they can see who tried.
        Assert.Equal(1, await DbCounts.CountAsync(referralDb, "audit_log", "action = 'R' AND outcome = 'denied' AND user_id = 'gp-01099999' AND client_bsn = '999900018'"));
        // What the consumers stored on the GP's behalf is in the access log of the service that stored it.
        Assert.Equal(1, await DbCounts.CountAsync(planDb, "audit_log", "action = 'C' AND user_role = 'system' AND client_bsn = '999900018' AND on_behalf_of = '01012345'"));
        var fundingDb = platform.Databases.For(Platform.FundingRoute);
        Assert.Equal(2, await DbCounts.CountAsync(fundingDb, "audit_log", "action = 'C' AND user_role = 'system' AND on_behalf_of = '01012345'"));
    }

    [SkippableFact]
    public async Task A_gp_sees_the_referrals_they_sent_and_not_another_gps_referral_of_a_relative()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var daansGp = platform.Gateway.Client(Tokens.Gp("01012345"));
        using var sandrasGp = platform.Gateway.Client(Tokens.Gp("01099999"));

        using var daan = await daansGp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        var familyId = (await daan.Content.ReadFromJsonAsync<JsonObject>())!["familyId"]!.GetValue<Guid>();
        var sandraBody = Referrals.Sandra();
        sandraBody["referrer"]!["agb"] = "01099999";
        using var sandra = await sandrasGp.PostAsJsonAsync("/api/referrals", sandraBody);
        Assert.Equal(HttpStatusCode.Created, sandra.StatusCode);
        Assert.Equal(familyId, (await sandra.Content.ReadFromJsonAsync<JsonObject>())!["familyId"]!.GetValue<Guid>());

        // Each GP sees their own referral with its route, and the other family member only as the relative they named.
        var planOfDaansGp = await Plans.WithRoutesAsync(daansGp, familyId, routes: 1);
        Assert.Single(Plans.Member(planOfDaansGp, "999900018")["referrals"]!.AsArray());
        Assert.Equal("not-given", Plans.Named(planOfDaansGp, "Sandra de Vries")["consent"]!.GetValue<string>());
        Assert.Empty(Plans.Named(planOfDaansGp, "Sandra de Vries")["referrals"]!.AsArray());
        Assert.DoesNotContain("F32.0", planOfDaansGp.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Low mood", planOfDaansGp.ToJsonString(), StringComparison.Ordinal);

        var planOfSandrasGp = await Plans.WithRoutesAsync(sandrasGp, familyId, routes: 1);
        var sandrasReferral = Assert.Single(Plans.Member(planOfSandrasGp, "999900006")["referrals"]!.AsArray())!;
        Assert.Equal("Zvw", sandrasReferral["fundingRoute"]!["law"]!.GetValue<string>());
        Assert.Equal("not-given", Plans.Named(planOfSandrasGp, "Daan de Vries")["consent"]!.GetValue<string>());
        Assert.Empty(Plans.Named(planOfSandrasGp, "Daan de Vries")["referrals"]!.AsArray());
        Assert.DoesNotContain("Truancy", planOfSandrasGp.ToJsonString(), StringComparison.Ordinal);

        // The access log says which reads rested on a treatment relationship and which the consent check refused.
        var planDb = platform.Databases.For(Platform.FamilyPlan);
        Assert.True(await DbCounts.CountAsync(planDb, "audit_log",
            "user_id = 'gp-01012345' AND client_bsn = '999900018' AND check_treatment_relation = 'passed'") >= 1);
        Assert.True(await DbCounts.CountAsync(planDb, "audit_log",
            "user_id = 'gp-01012345' AND client_bsn = '999900006' AND outcome = 'denied' AND check_consent = 'failed'") >= 1);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_same_idempotency_key_returns_the_same_referral_and_publishes_once(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());

        async Task<HttpResponseMessage> Post(JsonObject body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "referral-daan-1");
            return await gp.SendAsync(request);
        }

        using var first = await Post(Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var one = await first.Content.ReadFromJsonAsync<JsonObject>();

        // Retries, some of them at the same moment, all get the first answer.
        var retries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Post(Referrals.Daan())));
        foreach (var again in retries)
        {
            using (again)
            {
                Assert.Equal(HttpStatusCode.Created, again.StatusCode);
                var two = await again.Content.ReadFromJsonAsync<JsonObject>();
                Assert.Equal(one!["id"]!.GetValue<Guid>(), two!["id"]!.GetValue<Guid>());
                Assert.Equal(first.Headers.Location, again.Headers.Location);
            }
        }

        var changed = Referrals.Daan();
        changed["reason"] = "Another reason";
        using var reused = await Post(changed);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);

        var referralDb = platform.Databases.For(Platform.Referral);
        Assert.Equal(1, await DbCounts.CountAsync(referralDb, "referrals"));
        // One referral, two events: ReferralSubmitted for the plan, ReferralSubmittedForFunding for the financier side.
        Assert.Equal(2, await DbCounts.CountAsync(referralDb, "outbox"));
        var plan = await Plans.WithRoutesAsync(gp, one!["familyId"]!.GetValue<Guid>(), routes: 1);
        Assert.Single(Plans.Member(plan, "999900018")["referrals"]!.AsArray());
    }
}

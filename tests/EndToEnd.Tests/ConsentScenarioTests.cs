using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// The consent steps of the scenarios (../shared/scenarios/README.md), each through the gateway
/// over the real broker: scenario 1 steps 2 and 5, scenario 2 step 2, scenario 3 step 3, scenario
/// 5 steps 1 and 2. Until the care team is built (its own issue), the professionals who are not a
/// referrer are named as an organisation: the family therapy practice, Lisa's psychologist's practice.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsentScenarioTests
{
    /// <summary>The family therapy practice the POH engages (scenario 1 step 3, scenario 2 step 1, scenario 5 step 2).</summary>
    private const string FamilyTherapyPractice = "73731111";

    private static string FamilyTherapist() => Tokens.Create("family-therapist", new Dictionary<string, string>
    {
        ["agb"] = "94031111", ["org"] = FamilyTherapyPractice, ["sub"] = "family-therapist-94031111", ["name"] = "Joke de Wit",
    });

    [SkippableFact]
    public async Task Scenario_1_Sandra_consents_alone_and_Daans_data_is_shared_only_once_he_and_a_parent_both_consent()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Adult(Sandra, "0344", "3311", ("F32.0", "Major depressive disorder, single episode, mild"),
            "Low mood since the boys went to secondary school.", GpAgb, Mark.As("partner"), Daan.As("child", true), Tim.As("child", true)));
        using var sandra = platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);

        // Step 2: Sandra, an adult, consents alone: to share with her children's clinicians, and to an MDO.
        foreach (var purpose in new[] { "family-care-team", "mdo" })
        {
            using var response = await sandra.PostAsJsonAsync("/api/consents", Consents.Body(sandraId, purpose, "care-team", familyId.ToString()));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var consent = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("active", consent!["state"]!.GetValue<string>());
            Assert.Equal("wgbo-7-447-16-and-over", consent["rule"]!["id"]!.GetValue<string>());
            Assert.Equal(purpose, consent["purpose"]!["code"]!.GetValue<string>());
        }

        // The care team the consents name (the referring GP, for now) sees both decisions.
        var named = await gp.GetFromJsonAsync<JsonArray>($"/api/consents?subject={sandraId}");
        Assert.Equal(["family-care-team", "mdo"], named!.Select(c => c!["purpose"]!["code"]!.GetValue<string>()).Order().ToArray());

        // Step 4: the GP refers Daan (14); step 5: consent to share his data with the family therapy practice.
        await Referrals.SubmitAsync(gp, Youth(Daan, "0344", "Truancy, the school counsellor is worried.",
            Sandra.As("parent", true), Mark.As("parent", true), Tim.As("sibling")));
        using var daan = platform.Gateway.Client(Tokens.Client(Daan.Bsn));
        var daanId = await Consents.MemberIdAsync(sandra, Daan);
        using var therapist = platform.Gateway.Client(FamilyTherapist());
        var toPractice = Consents.Body(daanId, "family-care-team", "organisation", FamilyTherapyPractice);

        // Only the parent consents: awaiting Daan, and his data is not yet shared.
        using (var byParent = await sandra.PostAsJsonAsync("/api/consents", toPractice))
        {
            Assert.Equal(HttpStatusCode.Created, byParent.StatusCode);
            var consent = await byParent.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("awaiting", consent!["state"]!.GetValue<string>());
            Assert.Equal(daanId, consent["missing"]![0]!["anyOf"]![0]!["memberId"]!.GetValue<Guid>());
        }

        Assert.Equal(HttpStatusCode.NotFound, (await therapist.GetAsync($"/api/families/{familyId}/plan")).StatusCode);

        // Daan consents too: now shared, at once.
        using (var byDaan = await daan.PostAsJsonAsync("/api/consents", toPractice))
        {
            Assert.Equal(HttpStatusCode.OK, byDaan.StatusCode);
            Assert.Equal("active", (await byDaan.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        }

        var plan = await Plans.ReadAsync(therapist, familyId);
        var shared = Plans.Member(plan, Daan.Bsn);
        Assert.Equal("given", shared["consent"]!.GetValue<string>());
        Assert.Contains("Truancy", Assert.Single(shared["referrals"]!.AsArray())!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        // Sandra's consent named the care team, not the practice: her data stays hers.
        Assert.False(Plans.Shows(plan, Sandra.Name));
    }

    [SkippableFact]
    public async Task Scenario_2_a_custodial_parent_consents_for_Anne_alone()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Youth(Anne, "0307", "Told her teacher she wants to be dead.",
            AnnesFather.As("parent", true), AnnesMother.As("parent", true), AnnesBrother.As("sibling")));
        using var mother = platform.Gateway.Client(Tokens.Client(AnnesMother.Bsn));
        using var anne = platform.Gateway.Client(Tokens.Client(Anne.Bsn));
        var anneId = await Consents.MemberIdAsync(mother, Anne);
        var toPractice = Consents.Body(anneId, "family-care-team", "organisation", FamilyTherapyPractice);

        // Anne's own consent is not required: under 12 she does not declare.
        using (var byAnne = await anne.PostAsJsonAsync("/api/consents", toPractice))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, byAnne.StatusCode);
            Assert.Equal("wgbo-7-465-under-12", (await byAnne.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());
        }

        using (var byMother = await mother.PostAsJsonAsync("/api/consents", toPractice))
        {
            Assert.Equal(HttpStatusCode.Created, byMother.StatusCode);
            var consent = await byMother.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal("active", consent!["state"]!.GetValue<string>());
            Assert.Empty(consent["missing"]!.AsArray());
        }

        using var therapist = platform.Gateway.Client(FamilyTherapist());
        Assert.Equal("given", Plans.Member(await Plans.UntilAsync(therapist, familyId, p => p["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == Anne.Bsn), "Anne in the plan"), Anne.Bsn)["consent"]!.GetValue<string>());
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Scenario_3_Lisas_psychologist_sees_Ingrids_data_only_while_Ingrid_consents(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        const string psychologyPractice = "73732222";
        using var lisasGp = platform.Gateway.Client(Tokens.Gp("01014444"));
        using var ingridsGp = platform.Gateway.Client(Tokens.Gp("01015555"));
        var familyId = await Referrals.SubmitAsync(lisasGp, Adult(Lisa, "0014", "7029", ("G47.00", "Insomnia disorder"),
            "Sleep and concentration problems.", "01014444", Omar.As("partner")));
        var ingridsReferral = Adult(Ingrid, "0193", "3311", ("F31.9", "Bipolar disorder, unspecified"),
            "Bipolar disorder, needs specialised care.", "01015555", Lisa.As("child"));
        ingridsReferral["careLevel"] = "specialised";
        Assert.Equal(familyId, await Referrals.SubmitAsync(ingridsGp, ingridsReferral));
        using var lisa = platform.Gateway.Client(Tokens.Client(Lisa.Bsn));
        using var ingrid = platform.Gateway.Client(Tokens.Client(Ingrid.Bsn));
        using var psychologist = platform.Gateway.Client(Tokens.Clinician(domain: "adult", agb: "94042222", org: psychologyPractice));
        var lisaId = await Consents.MemberIdAsync(lisa, Lisa);
        var ingridId = await Consents.MemberIdAsync(ingrid, Ingrid);

        // Lisa, an adult, consents alone.
        using (var byLisa = await lisa.PostAsJsonAsync("/api/consents", Consents.Body(lisaId, "family-care-team", "organisation", psychologyPractice)))
        {
            Assert.Equal(HttpStatusCode.Created, byLisa.StatusCode);
            Assert.Equal("active", (await byLisa.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        }

        // Lisa's consent does not open her mother's data.
        var plan = await Plans.UntilAsync(psychologist, familyId, p => Plans.Shows(p, Lisa.Name), "Lisa's part in the plan");
        Assert.True(Plans.Shows(plan, Lisa.Name));
        Assert.DoesNotContain("F31", plan.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Ingrid.Name, plan.ToJsonString(), StringComparison.Ordinal);

        // Ingrid consents for her own data: the psychologist sees it on the next read.
        JsonObject consent;
        using (var byIngrid = await ingrid.PostAsJsonAsync("/api/consents", Consents.Body(ingridId, "family-care-team", "organisation", psychologyPractice)))
        {
            Assert.Equal(HttpStatusCode.Created, byIngrid.StatusCode);
            consent = (await byIngrid.Content.ReadFromJsonAsync<JsonObject>())!;
        }

        var shared = await Plans.ReadAsync(psychologist, familyId);
        Assert.Equal("F31.9", Assert.Single(Plans.Member(shared, Ingrid.Bsn)["referrals"]!.AsArray())!["suspectedDsmCode"]!.GetValue<string>());

        // Ingrid withdraws: not any more, at once.
        await Consents.WithdrawAsync(ingrid, consent["id"]!.GetValue<Guid>(), HttpStatusCode.OK);
        var after = await Plans.ReadAsync(psychologist, familyId);
        Assert.DoesNotContain("F31", after.ToJsonString(), StringComparison.Ordinal);
        Assert.False(Plans.Shows(after, Ingrid.Name));
        Assert.True(Plans.Shows(after, Lisa.Name));
    }

    [SkippableFact]
    public async Task Scenario_5_Filip_consents_alone_and_Zoe_an_adult_consents_for_herself()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(gp, Youth(Filip, "0935", "Withdrawn and lonely.",
            FilipsMother.As("parent", true), FilipsFather.As("parent", true), Zoe.As("sibling")));
        using var filip = platform.Gateway.Client(Tokens.Client(Filip.Bsn));
        using var zoe = platform.Gateway.Client(Tokens.Client(Zoe.Bsn));
        using var mother = platform.Gateway.Client(Tokens.Client(FilipsMother.Bsn));
        var filipId = await Consents.MemberIdAsync(filip, Filip);
        var zoeId = await Consents.MemberIdAsync(zoe, Zoe);
        var filipToPractice = Consents.Body(filipId, "family-care-team", "organisation", FamilyTherapyPractice);

        // Step 1: Filip (16) consents alone; his parents' consent is neither needed nor sufficient.
        using (var byMother = await mother.PostAsJsonAsync("/api/consents", filipToPractice))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, byMother.StatusCode);
            Assert.Equal("wgbo-7-447-16-and-over", (await byMother.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());
        }

        using (var byFilip = await filip.PostAsJsonAsync("/api/consents", filipToPractice))
        {
            Assert.Equal(HttpStatusCode.Created, byFilip.StatusCode);
            Assert.Equal("active", (await byFilip.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        }

        // Step 2: Zoë (19) joins the family sessions as a relative and consents for herself; nobody else can.
        using (var byParent = await mother.PostAsJsonAsync("/api/consents", Consents.Body(zoeId, "family-care-team", "organisation", FamilyTherapyPractice)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, byParent.StatusCode);
        }

        using (var byZoe = await zoe.PostAsJsonAsync("/api/consents", Consents.Body(zoeId, "family-care-team", "organisation", FamilyTherapyPractice)))
        {
            Assert.Equal(HttpStatusCode.Created, byZoe.StatusCode);
            Assert.Equal("active", (await byZoe.Content.ReadFromJsonAsync<JsonObject>())!["state"]!.GetValue<string>());
        }

        // The family therapist sees Filip's care; Zoë is a relative, not a client: she has no referral to show.
        using var therapist = platform.Gateway.Client(FamilyTherapist());
        var plan = await Plans.UntilAsync(therapist, familyId, p => p["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == Filip.Bsn) && p["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == Zoe.Bsn), "Filip and Zoë in the plan");
        Assert.Single(Plans.Member(plan, Filip.Bsn)["referrals"]!.AsArray());
        var zoeInPlan = Plans.Member(plan, Zoe.Bsn);
        Assert.Equal("given", zoeInPlan["consent"]!.GetValue<string>());
        Assert.False(zoeInPlan["isClient"]!.GetValue<bool>());
        Assert.Empty(zoeInPlan["referrals"]!.AsArray());
        // The parents consented to nothing: the therapist sees neither their names nor their BSNs.
        Assert.DoesNotContain(FilipsMother.Name, plan.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FilipsMother.Bsn, plan.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(FilipsFather.Bsn, plan.ToJsonString(), StringComparison.Ordinal);
    }
}

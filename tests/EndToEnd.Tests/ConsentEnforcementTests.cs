using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// The family plan obeys consent at the moment it reads, through the gateway and over the real
/// broker: a withdrawal counts on the very next read, a consent service that cannot answer means
/// the data is withheld, and emergency access and child-protection measures open what they may.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ConsentEnforcementTests
{
    /// <summary>Sandra's own GP, another practice than her son's.</summary>
    private const string SandrasGpAgb = "01099999";

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_consent_shows_the_data_on_the_next_read_and_a_withdrawal_hides_it_on_the_next(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        var (familyId, daansGp, sandra) = await DaanAndSandraAsync(platform);
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);

        // Before consent: Daan's GP sees Sandra by name and relation only, nothing of her care.
        var before = await Plans.ReadAsync(daansGp, familyId);
        Assert.False(Plans.Shows(before, Sandra.Name));
        Assert.DoesNotContain("F32.0", before.ToJsonString(), StringComparison.Ordinal);

        var consent = await Consents.ShareWithCareTeamAsync(sandra, sandraId, familyId, HttpStatusCode.Created);
        Assert.Equal("active", consent["state"]!.GetValue<string>());

        // The very next read, no waiting: her referral from her own GP, with its route.
        var shared = await Plans.ReadAsync(daansGp, familyId);
        var sandraInPlan = Plans.Member(shared, Sandra.Bsn);
        Assert.Equal("given", sandraInPlan["consent"]!.GetValue<string>());
        var referral = Assert.Single(sandraInPlan["referrals"]!.AsArray())!;
        Assert.Equal("F32.0", referral["suspectedDsmCode"]!.GetValue<string>());
        Assert.Equal(SandrasGpAgb, referral["referrerAgb"]!.GetValue<string>());

        await Consents.WithdrawAsync(sandra, consent["id"]!.GetValue<Guid>(), HttpStatusCode.OK);

        // The very next read again: gone.
        var withdrawn = await Plans.ReadAsync(daansGp, familyId);
        Assert.False(Plans.Shows(withdrawn, Sandra.Name));
        Assert.Equal("not-given", Plans.Named(withdrawn, Sandra.Name)["consent"]!.GetValue<string>());
        Assert.DoesNotContain("F32.0", withdrawn.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Low mood", withdrawn.ToJsonString(), StringComparison.Ordinal);

        // Each read's access-log entry records the consent check's result.
        var log = platform.Databases.For(Platform.FamilyPlan);
        Assert.Equal(1, await DbCounts.CountAsync(log, "audit_log",
            "user_id = @User AND client_bsn = @Bsn AND outcome = 'success' AND check_consent = 'passed'", new { User = $"gp-{GpAgb}", Sandra.Bsn }));
        // Refused: the read before the consent, the one after the withdrawal (and the setup's reads).
        Assert.True(await DbCounts.CountAsync(log, "audit_log",
            "user_id = @User AND client_bsn = @Bsn AND outcome = 'denied' AND check_consent = 'failed'", new { User = $"gp-{GpAgb}", Sandra.Bsn }) >= 2);
    }

    [SkippableFact]
    public async Task With_the_consent_service_stopped_the_plan_still_answers_and_withholds_the_others_data()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, daansGp, sandra) = await DaanAndSandraAsync(platform);
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);
        await Consents.ShareWithCareTeamAsync(sandra, sandraId, familyId, HttpStatusCode.Created);
        Assert.True(Plans.Shows(await Plans.ReadAsync(daansGp, familyId), Sandra.Name));

        await platform.StopServiceAsync(Platform.Consent);

        // Fails closed: Daan, his own client, is there; Sandra's data, though consented, is withheld and marked so.
        var plan = await Plans.ReadAsync(daansGp, familyId);
        Assert.Single(Plans.Member(plan, Daan.Bsn)["referrals"]!.AsArray());
        var withheld = Plans.Named(plan, Sandra.Name);
        Assert.Equal("unavailable", withheld["consent"]!.GetValue<string>());
        Assert.Null(withheld["bsn"]);
        Assert.DoesNotContain("F32.0", plan.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(1, await DbCounts.CountAsync(platform.Databases.For(Platform.FamilyPlan), "audit_log",
            "client_bsn = @Bsn AND outcome = 'denied' AND check_consent = 'unavailable'", new { Sandra.Bsn }));
    }

    [SkippableFact]
    public async Task Emergency_access_opens_the_plan_to_a_clinician_for_72_hours_and_no_longer()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, _, sandra) = await DaanAndSandraAsync(platform);
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);
        using var clinician = platform.Gateway.Client(Tokens.Clinician(domain: "adult", agb: "94099999", org: "73730099"));
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/families/{familyId}/plan")).StatusCode);

        using (var started = await clinician.PostAsJsonAsync("/api/consents/emergency-access",
            new { subject = sandraId, reason = "Admitted tonight in crisis; her current treatment is needed." }))
        {
            Assert.Equal(HttpStatusCode.Created, started.StatusCode);
        }

        var plan = await Plans.ReadAsync(clinician, familyId);
        var shown = Plans.Member(plan, Sandra.Bsn);
        Assert.Equal("emergency-access", shown["consent"]!.GetValue<string>());
        Assert.Single(shown["referrals"]!.AsArray());
        // Daan is no part of the emergency: the clinician does not see him, nor his or Mark's BSN through Sandra's relations.
        Assert.Single(plan["members"]!.AsArray());
        Assert.DoesNotContain(Daan.Bsn, plan.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Mark.Bsn, plan.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(["child", "partner"], shown["relations"]!.AsArray().Select(r => r!["relation"]!.GetValue<string>()).Order().ToArray());
        Assert.Equal(1, await DbCounts.CountAsync(platform.Databases.For(Platform.FamilyPlan), "audit_log",
            "user_id = 'clinician-94099999' AND client_bsn = @Bsn AND check_emergency_access = 'passed'", new { Sandra.Bsn }));

        // 72 hours and a minute later (the consent service's clock decides): the family is gone for the clinician.
        await platform.StopServiceAsync(Platform.Consent);
        await platform.StartServiceAsync(Platform.Consent, [Clock(TestClock.StartsAt.AddHours(72).AddMinutes(1))]);
        Assert.Equal(HttpStatusCode.NotFound, (await clinician.GetAsync($"/api/families/{familyId}/plan")).StatusCode);
    }

    [SkippableFact]
    public async Task A_parents_consent_for_an_11_year_old_stops_counting_on_her_12th_birthday()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        // Mila turns 12 a week from "today"; her GP refers her, her mother's GP (another practice) is on the family's care team.
        var mila = new Person("999900195", "Mila Smit", new DateOnly(2014, 11, 30));
        var mother = new Person("999900201", "Eva Smit", new DateOnly(1985, 3, 3));
        using var milasGp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        using var mothersGp = platform.Gateway.Client(Tokens.Gp(SandrasGpAgb));
        var familyId = await Referrals.SubmitAsync(milasGp, Youth(mila, "0307", "Anxious, will not go to school.", mother.As("parent", custody: true)));
        await Referrals.SubmitAsync(mothersGp, Adult(mother, "0307", "3311", ("F41.1", "Generalized anxiety disorder"), "Worried and sleepless.", SandrasGpAgb,
            mila.As("child", custody: true)));
        using var eva = platform.Gateway.Client(Tokens.Client(mother.Bsn));
        var milaId = await Consents.MemberIdAsync(eva, mila);

        var consent = await Consents.ShareWithCareTeamAsync(eva, milaId, familyId, HttpStatusCode.Created);
        Assert.Equal("active", consent["state"]!.GetValue<string>());
        // The family and the care team are warned of the birthday that changes the rule.
        var warning = Assert.Single(consent["warnings"]!.AsArray())!;
        Assert.Equal("turns-12", warning["kind"]!.GetValue<string>());
        Assert.Equal("2026-11-30", warning["on"]!.GetValue<string>());
        // The family arrives in the plan over the broker.
        await Plans.UntilAsync(mothersGp, familyId, p => Plans.Shows(p, mila.Name), "Mila's part shown to her mother's GP");

        // On her birthday the same consent no longer counts until Mila declares too.
        await platform.StopServiceAsync(Platform.Consent);
        await platform.StartServiceAsync(Platform.Consent, [Clock(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero))]);
        var plan = await Plans.ReadAsync(mothersGp, familyId);
        Assert.False(Plans.Shows(plan, mila.Name));
        Assert.Equal("not-given", Plans.Named(plan, mila.Name)["consent"]!.GetValue<string>());

        // Mila, now 12, declares too, leaving the period out: she joins her mother's decision, which counts again.
        // (The restarted consent service has a new address the gateway was not told of: Mila calls it directly.)
        using var milaClient = platform.Service(Platform.Consent).Client(Tokens.Client(mila.Bsn));
        var joined = await Consents.ShareWithCareTeamAsync(milaClient, milaId, familyId, HttpStatusCode.OK);
        Assert.Equal(consent["id"]!.GetValue<Guid>(), joined["id"]!.GetValue<Guid>());
        Assert.Equal("active", joined["state"]!.GetValue<string>());
        // The family arrives in the plan over the broker.
        await Plans.UntilAsync(mothersGp, familyId, p => Plans.Shows(p, mila.Name), "Mila's part shown to her mother's GP");
    }

    [SkippableFact]
    public async Task A_child_protection_measure_lets_its_institution_read_the_childs_data_without_consent()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, _, sandra) = await DaanAndSandraAsync(platform);
        var daanId = await Consents.MemberIdAsync(sandra, Daan);
        var gi = Tokens.Create("youth-protection", new Dictionary<string, string> { ["agb"] = "94011111", ["org"] = "73739001", ["sub"] = "gezinsvoogd-1" });
        var otherGi = Tokens.Create("youth-protection", new Dictionary<string, string> { ["agb"] = "94022222", ["org"] = "73739002", ["sub"] = "gezinsvoogd-2" });
        using var guardian = platform.Gateway.Client(gi);
        using var otherGuardian = platform.Gateway.Client(otherGi);
        Assert.Equal(HttpStatusCode.NotFound, (await guardian.GetAsync($"/api/families/{familyId}/plan")).StatusCode);

        using (var recorded = await guardian.PostAsJsonAsync("/api/consents/child-protection-measures", new { subject = daanId, measure = "ots", decision = "C/16/123456 / JE RK 26-101", from = "2026-11-01", until = "2027-10-31" }))
        {
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var plan = await Plans.ReadAsync(guardian, familyId);
        Assert.Equal("child-protection-measure", Plans.Member(plan, Daan.Bsn)["consent"]!.GetValue<string>());
        Assert.False(Plans.Shows(plan, Sandra.Name));
        Assert.Equal(HttpStatusCode.NotFound, (await otherGuardian.GetAsync($"/api/families/{familyId}/plan")).StatusCode);
    }

    [SkippableFact]
    public async Task A_client_sees_their_own_part_of_the_plan_and_another_familys_client_nothing()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        var (familyId, _, sandra) = await DaanAndSandraAsync(platform);
        await Consents.MemberIdAsync(sandra, Sandra);

        var plan = await Plans.ReadAsync(sandra, familyId);
        var own = Plans.Member(plan, Sandra.Bsn);
        Assert.Equal("not-required", own["consent"]!.GetValue<string>());
        Assert.Equal("F32.0", Assert.Single(own["referrals"]!.AsArray())!["suspectedDsmCode"]!.GetValue<string>());
        // Her son's care is his: without his consent she sees his name and relation only.
        Assert.False(Plans.Shows(plan, Daan.Name));
        Assert.DoesNotContain("Truancy", plan.ToJsonString(), StringComparison.Ordinal);

        using var stranger = platform.Gateway.Client(Tokens.Client(Filip.Bsn));
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/families/{familyId}/plan")).StatusCode);
    }

    /// <summary>
    /// Daan (14), referred by the scenario GP with Sandra (custody) and Mark in the household, and
    /// Sandra referred to adult GGZ by her own GP. Returns the family, Daan's GP and Sandra as a client.
    /// </summary>
    private static async Task<(Guid FamilyId, HttpClient DaansGp, HttpClient Sandra)> DaanAndSandraAsync(Platform platform)
    {
        var daansGp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        var familyId = await Referrals.SubmitAsync(daansGp, Youth(Daan, "0344", "Truancy since secondary school.",
            Sandra.As("parent", custody: true), Mark.As("parent", custody: true)));
        using var sandrasGp = platform.Gateway.Client(Tokens.Gp(SandrasGpAgb));
        Assert.Equal(familyId, await Referrals.SubmitAsync(sandrasGp, Adult(Sandra, "0344", "3311", ("F32.0", "Major depressive disorder, single episode, mild"),
            "Low mood since the boys went to secondary school.", SandrasGpAgb, Daan.As("child"), Mark.As("partner"))));
        await Plans.WithRoutesAsync(sandrasGp, familyId, routes: 1);
        await Plans.WithRoutesAsync(daansGp, familyId, routes: 1);
        return (familyId, daansGp, platform.Gateway.Client(Tokens.Client(Sandra.Bsn)));
    }

    private static KeyValuePair<string, string?> Clock(DateTimeOffset startsAt) =>
        new(Coordination.ServiceDefaults.Clock.StartsAtKey, startsAt.ToString("O", CultureInfo.InvariantCulture));
}

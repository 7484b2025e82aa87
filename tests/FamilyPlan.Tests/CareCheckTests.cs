using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;
using MassTransit;

namespace FamilyPlan.Tests;

/// <summary>
/// An accepted referral puts its professional on the care team and raises the checks of
/// domain.md: a kindcheck for every adult client, an oudercheck for a child with parents named,
/// once each, assigned to the professional who accepted; that professional reads their client.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CareCheckTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Accepting_raises_a_kindcheck_for_each_adult_and_an_oudercheck_for_a_child_with_parents_assigned_to_the_accepting_professional(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        // Sandra (35) with her sons Daan (14) and Tim (12); Daan referred too, with his mother.
        var deVries = new FamilyEvents();
        var (sandras, daans) = (Guid.NewGuid(), Guid.NewGuid());
        await host.PublishAsync(deVries.Submitted(sandras, Families.Sandra, "adult", Families.Daan.As("child"), Families.Tim.As("child")));
        await host.PublishAsync(deVries.Submitted(daans, Families.Daan, "youth", Families.Sandra.As("parent", custody: true), Families.Tim.As("sibling")));
        await host.PublishAsync(deVries.Accepted(sandras, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan, Families.Tim]));
        await host.PublishAsync(deVries.Accepted(daans, Families.Daan, FamilyEvents.YouthClinician, adult: false, minors: [Families.Tim], parents: [Families.Sandra]));
        // Ingrid (49), living alone: an adult without minors named is still asked.
        var ingrid = new FamilyEvents();
        var ingrids = Guid.NewGuid();
        await host.PublishAsync(ingrid.Submitted(ingrids, Families.Ingrid, "adult"));
        await host.PublishAsync(ingrid.Accepted(ingrids, Families.Ingrid, FamilyEvents.AdultClinician, adult: true));
        // Anne (9), referred with her little brother only: no parent named, so no one to ask after.
        var bakker = new FamilyEvents();
        var annes = Guid.NewGuid();
        await host.PublishAsync(bakker.Submitted(annes, Families.Anne, "youth", Families.AnnesBrother.As("sibling")));
        await host.PublishAsync(bakker.Accepted(annes, Families.Anne, FamilyEvents.YouthClinician, adult: false, minors: [Families.AnnesBrother]));
        await host.WaitForInboxAsync(8);

        Assert.Equal(4, await host.CountAsync("care_team_members"));
        Assert.Equal(3, await host.CountAsync("plan_tasks"));

        // Sandra's kindcheck, for the clinician who accepted her, names the minors her referral named.
        var sandra = Plans.Member(await host.PlanAsync(FamilyEvents.AdultClinicianToken, deVries.FamilyId), Families.Sandra.Bsn);
        var kindcheck = Assert.Single(sandra["tasks"]!.AsArray())!;
        Assert.Equal(("kindcheck", "open", sandras), (kindcheck["kind"]!.GetValue<string>(), kindcheck["status"]!.GetValue<string>(), kindcheck["referralId"]!.GetValue<Guid>()));
        Assert.Equal(deVries.MemberId(Families.Sandra), kindcheck["subjectMemberId"]!.GetValue<Guid>());
        Assert.Equal((FamilyEvents.AdultClinician.UserId, FamilyEvents.AdultClinician.Name),
            (kindcheck["assignee"]!["userId"]!.GetValue<string>(), kindcheck["assignee"]!["name"]!.GetValue<string>()));
        Assert.Equal(
            [(deVries.MemberId(Families.Daan), Families.Daan.Name), (deVries.MemberId(Families.Tim), Families.Tim.Name)],
            kindcheck["minors"]!.AsArray().Select(m => (m!["memberId"]!.GetValue<Guid>(), m["name"]!.GetValue<string>())).OrderBy(m => m.Item2));
        Assert.Empty(kindcheck["parents"]!.AsArray());
        Assert.Empty(kindcheck["meldcode"]!.AsArray());

        // Daan's oudercheck, for the youth clinician, names his mother.
        var daan = Plans.Member(await host.PlanAsync(FamilyEvents.YouthClinicianToken, deVries.FamilyId), Families.Daan.Bsn);
        var oudercheck = Assert.Single(daan["tasks"]!.AsArray())!;
        Assert.Equal("oudercheck", oudercheck["kind"]!.GetValue<string>());
        Assert.Equal(FamilyEvents.YouthClinician.UserId, oudercheck["assignee"]!["userId"]!.GetValue<string>());
        var mother = Assert.Single(oudercheck["parents"]!.AsArray())!;
        Assert.Equal((deVries.MemberId(Families.Sandra), Families.Sandra.Name), (mother["memberId"]!.GetValue<Guid>(), mother["name"]!.GetValue<string>()));
        Assert.Empty(oudercheck["minors"]!.AsArray());

        // Ingrid's kindcheck lists no minors; Anne has no check.
        var ingridsCheck = Assert.Single(Plans.Member(await host.PlanAsync(FamilyEvents.AdultClinicianToken, ingrid.FamilyId), Families.Ingrid.Bsn)["tasks"]!.AsArray())!;
        Assert.Equal("kindcheck", ingridsCheck["kind"]!.GetValue<string>());
        Assert.Empty(ingridsCheck["minors"]!.AsArray());
        Assert.Empty(Plans.Member(await host.PlanAsync(FamilyEvents.YouthClinicianToken, bakker.FamilyId), Families.Anne.Bsn)["tasks"]!.AsArray());

        // The GP sees the checks on the clients they referred; Sandra, reading her own part, sees none.
        var gp = await host.PlanAsync(Tokens.Gp(), deVries.FamilyId);
        Assert.Equal("kindcheck", Assert.Single(Plans.Member(gp, Families.Sandra.Bsn)["tasks"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Equal("oudercheck", Assert.Single(Plans.Member(gp, Families.Daan.Bsn)["tasks"]!.AsArray())!["kind"]!.GetValue<string>());
        Assert.Empty(Plans.Member(await host.PlanAsync(Tokens.Client(Families.Sandra.Bsn), deVries.FamilyId), Families.Sandra.Bsn)["tasks"]!.AsArray());
    }

    [SkippableFact]
    public async Task A_redelivered_or_republished_acceptance_raises_no_second_check_and_no_second_membership()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var family = new FamilyEvents();
        var referral = Guid.NewGuid();
        await host.PublishAsync(family.Submitted(referral, Families.Sandra, "adult", Families.Daan.As("child")));
        var accepted = family.Accepted(referral, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan]);
        var messageId = NewId.NextGuid();

        // Delivered twice (the same message), and published once more (another message with the same content).
        await host.PublishAsync(accepted, messageId);
        await host.PublishAsync(accepted, messageId);
        await host.PublishAsync(accepted);
        await Eventually.Until(() => host.Broker.AcknowledgedAsync("family-plan-referral-accepted"), n => n >= 3, "all three deliveries to be consumed");

        Assert.Equal(1, await host.CountAsync("care_team_members"));
        Assert.Equal(1, await host.CountAsync("plan_tasks"));
        // The redelivery was skipped by the inbox; the copy was applied and found everything there.
        Assert.Equal(3, await host.CountAsync("inbox"));
        Assert.Equal(0, await host.Broker.WaitingAsync("family-plan-referral-accepted_error"));
        // One access-log entry for the membership and one for the check, none for the copy.
        Assert.Equal(1, await host.CountAsync("audit_log", "object_type = 'CareTeamMember'"));
        Assert.Equal(1, await host.CountAsync("audit_log", "object_type = 'CareTask' AND client_bsn = @Bsn", new { Families.Sandra.Bsn }));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_accepting_clinician_reads_their_client_with_the_referral_and_the_check_and_a_clinician_not_on_the_team_gets_404(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var family = new FamilyEvents();
        var referral = Guid.NewGuid();
        await host.PublishAsync(family.Submitted(referral, Families.Sandra, "adult", Families.Daan.As("child")));
        await host.PublishAsync(family.Accepted(referral, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan]));
        await host.WaitForInboxAsync(2);

        var plan = await host.PlanAsync(FamilyEvents.AdultClinicianToken, family.FamilyId);
        // Their client with the referral they accepted; her son as her referral named him, name and relation only.
        var sandra = Plans.Member(plan, Families.Sandra.Bsn);
        Assert.Equal(("not-required", true), (sandra["consent"]!.GetValue<string>(), sandra["isClient"]!.GetValue<bool>()));
        Assert.Equal(referral, Assert.Single(sandra["referrals"]!.AsArray())!["id"]!.GetValue<Guid>());
        Assert.Single(sandra["tasks"]!.AsArray());
        var daan = Plans.Named(plan, Families.Daan.Name);
        Assert.Null(daan["bsn"]);
        Assert.Equal("child", daan["relation"]!.GetValue<string>());
        Assert.Empty(daan["tasks"]!.AsArray());
        // The read is logged against Sandra with the treatment relationship the acceptance made.
        Assert.Equal(1, await host.CountAsync("audit_log", "user_id = @User AND client_bsn = @Bsn AND action = 'R' AND check_treatment_relation = 'passed'",
            new { User = FamilyEvents.AdultClinician.UserId, Families.Sandra.Bsn }));

        // Another clinician, the same one in another organisation or domain, and another GP: the family does not exist for them.
        Assert.Equal(HttpStatusCode.NotFound, await host.PlanStatusAsync(Tokens.Clinician("adult", "94099999", "73730002"), family.FamilyId));
        Assert.Equal(HttpStatusCode.NotFound, await host.PlanStatusAsync(Tokens.Clinician("adult", "94000001", "73739999"), family.FamilyId));
        Assert.Equal(HttpStatusCode.NotFound, await host.PlanStatusAsync(Tokens.Clinician("youth", "94000001", "73730002"), family.FamilyId));
        Assert.Equal(HttpStatusCode.NotFound, await host.PlanStatusAsync(Tokens.Gp("01099999"), family.FamilyId));
        Assert.Equal(1, await host.CountAsync("audit_log", "user_id = 'clinician-94099999' AND action = 'R' AND outcome = 'denied'"));
    }

    internal static JsonNode TaskOf(JsonNode plan, string bsn) => Assert.Single(Plans.Member(plan, bsn)["tasks"]!.AsArray())!;
}

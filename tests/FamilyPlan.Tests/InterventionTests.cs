using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coordination.Testing;
using FamilyPlan.Contracts;
using FundingRoute.Contracts;
using MdoScheduling.Contracts;

namespace FamilyPlan.Tests;

/// <summary>
/// Interventions and actions of the one plan (issue 9): planned for a member by who treats them or
/// for the family by anyone on the team; each plan and change is announced to the funding route
/// service, whose answer shows beside the intervention; an MDO's decisions become actions all the
/// team sees. A member's part shows only to whom that member's care data shows.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterventionTests
{
    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Interventions_are_announced_show_their_funding_answer_and_follow_their_status(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        await using var announced = await TestBus.StartAsync<InterventionChanged>(host.Broker);
        var family = await DeVriesAsync(host);
        var sandra = family.MemberId(Families.Sandra);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var path = $"/api/families/{family.FamilyId}/interventions";

        // Sandra's clinician plans her treatment; the youth clinician, who treats Daan, plans family therapy for the parents.
        var (status, own, etag) = await host.SendAsync(adult, HttpMethod.Post, path,
            new { memberId = sandra, kind = "individual-treatment", title = "CBT for low mood", responsibleUserId = FamilyEvents.AdultClinician.UserId, startOn = Day(-7), plannedSessions = 8 });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("\"1\"", etag);
        var ownId = own!["id"]!.GetValue<Guid>();
        (status, var parents, _) = await host.SendAsync(youth, HttpMethod.Post, path,
            new { participantIds = new[] { sandra, family.MemberId(Families.Mark) }, kind = "family-therapy", title = "Family therapy for the parents",
                responsibleUserId = FamilyEvents.YouthClinician.UserId, startOn = Day(14), endOn = Day(120), plannedSessions = 6 });
        Assert.Equal(HttpStatusCode.Created, status);
        var parentsId = parents!["id"]!.GetValue<Guid>();

        // The funding route service hears of both, without title or description.
        var first = (await announced.WaitForAsync(m => m.InterventionId == ownId)).Message;
        Assert.Equal((sandra, "individual-treatment", "clinician", "adult", 8, "planned", 1),
            (first.MemberId!.Value, first.Kind, first.ResponsibleRole, first.ResponsibleDomain!, first.PlannedSessions!.Value, first.Status, first.Version));
        var familyWide = (await announced.WaitForAsync(m => m.InterventionId == parentsId)).Message;
        Assert.Null(familyWide.MemberId);
        Assert.Equal([sandra, family.MemberId(Families.Mark)], familyWide.ParticipantIds);

        // Its answer arrives and shows beside the intervention; an older decision arriving late changes nothing.
        await host.PublishAsync(Decided(parentsId, family.FamilyId, 2, "Supplementary"));
        await host.PublishAsync(Decided(parentsId, family.FamilyId, 1, "Zvw"));
        await host.WaitForInboxAsync(6);
        var funding = Intervention(await host.PlanAsync(youth, family.FamilyId), parentsId)["funding"]!;
        Assert.Equal("Supplementary", funding["options"]![0]!["law"]!.GetValue<string>());
        Assert.Equal("Zvw art. 10", funding["rules"]![0]!["article"]!.GetValue<string>());

        // The youth clinician sees the family's intervention, not Sandra's own (no consent here); her clinician sees both.
        Assert.Equal([parentsId], Ids(await host.PlanAsync(youth, family.FamilyId)));
        Assert.Equal([ownId, parentsId], Ids(await host.PlanAsync(adult, family.FamilyId)));

        // Status: planned, then active; back to planned is refused naming what is allowed; each change needs the ETag and is announced.
        var one = $"{path}/{ownId}";
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await host.SendAsync(adult, HttpMethod.Patch, one, new { status = "active" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(youth, HttpMethod.Patch, one, new { status = "active" }, "\"1\"")).Status);
        (status, var active, etag) = await host.SendAsync(adult, HttpMethod.Patch, one, new { status = "active" }, "\"1\"");
        Assert.Equal((HttpStatusCode.OK, "active", "\"2\""), (status, active!["status"]!.GetValue<string>(), etag));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await host.SendAsync(adult, HttpMethod.Patch, one, new { plannedSessions = 10 }, "\"1\"")).Status);
        (status, var back, _) = await host.SendAsync(adult, HttpMethod.Patch, one, new { status = "planned" }, "\"2\"");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal(["ended", "cancelled"], back!["allowed"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.SendAsync(adult, HttpMethod.Patch, one, new { endOn = Day(-10) }, "\"2\"")).Status);
        (status, var ended, _) = await host.SendAsync(adult, HttpMethod.Patch, one, new { status = "ended" }, "\"2\"");
        Assert.Equal((HttpStatusCode.OK, Day(0)), (status, ended!["endOn"]!.GetValue<string>()));
        var last = (await announced.WaitForAsync(m => m.InterventionId == ownId && m.Version == 3)).Message;
        Assert.Equal(("ended", TestClock.Today), (last.Status, last.EndOn!.Value));
    }

    [SkippableFact]
    public async Task An_intervention_for_a_relative_an_unknown_member_a_responsible_off_the_team_or_dates_out_of_order_is_refused_and_nothing_is_stored()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var family = await DeVriesAsync(host);
        var adult = FamilyEvents.AdultClinicianToken;
        var sandra = family.MemberId(Families.Sandra);
        var (status, relative) = await host.PostAsync(adult, $"/api/families/{family.FamilyId}/relatives", new { relativeOf = sandra, name = "Oma Riet", relation = "parent" });
        Assert.Equal(HttpStatusCode.Created, status);
        var path = $"/api/families/{family.FamilyId}/interventions";
        object Body(Guid? member = null, string responsible = "clinician-94000001", string? start = null, string? end = null, Guid[]? participants = null, string kind = "individual-treatment") =>
            new { memberId = member, participantIds = participants, kind, title = "x", responsibleUserId = responsible, startOn = start ?? Day(1), endOn = end };

        var refusals = new (object Body, HttpStatusCode Status, string Names)[]
        {
            (Body(relative!["id"]!.GetValue<Guid>()), HttpStatusCode.UnprocessableEntity, "member-not-a-relative"),
            (Body(participants: [sandra, relative["id"]!.GetValue<Guid>()]), HttpStatusCode.UnprocessableEntity, "member-not-a-relative"),
            (Body(Guid.NewGuid()), HttpStatusCode.NotFound, "No such"),
            (Body(sandra, responsible: "someone-else"), HttpStatusCode.UnprocessableEntity, "intervention-responsible-on-team"),
            (Body(sandra, start: Day(10), end: Day(9)), HttpStatusCode.BadRequest, "endOn"),
            (Body(sandra, start: Day(-400)), HttpStatusCode.BadRequest, "startOn"),
            (Body(sandra, participants: [sandra]), HttpStatusCode.BadRequest, "participantIds"),
            (Body(sandra, kind: "massage"), HttpStatusCode.BadRequest, "kind"),
        };
        foreach (var (body, expected, names) in refusals)
        {
            var (got, problem) = await host.PostAsync(adult, path, body);
            Assert.Equal(expected, got);
            Assert.Contains(names, problem!.ToJsonString(), StringComparison.Ordinal);
        }

        // Daan's youth clinician does not treat Sandra; someone off the team does not find the family.
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync(FamilyEvents.YouthClinicianToken, path, Body(sandra, "clinician-94000002"))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostAsync(Tokens.Clinician("adult", "94099999", "73739999"), path, Body(null, "clinician-94099999"))).Status);
        Assert.Equal(0, await host.CountAsync("plan_interventions"));
        Assert.Equal(0, await host.CountAsync("plan_changes", "object_type = 'intervention'"));
        Assert.Equal(0, await host.CountAsync("outbox", "message_type LIKE '%InterventionChanged%'"));
    }

    [SkippableFact]
    public async Task An_mdos_decisions_become_actions_once_the_family_ones_seen_by_the_whole_team_and_their_owner_closes_them()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var family = await DeVriesAsync(host);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var sandra = family.MemberId(Families.Sandra);
        var (familyDecision, sandrasDecision) = (Guid.NewGuid(), Guid.NewGuid());
        var recorded = new MdoDecisionsRecorded(Guid.NewGuid(), family.FamilyId, TestClock.Today, FamilyEvents.YouthClinician.UserId, FamilyEvents.YouthClinician.Name,
        [
            new(familyDecision, "Plan a family session about the evenings", FamilyEvents.YouthClinician.UserId, FamilyEvents.YouthClinician.Name, TestClock.Today.AddDays(14), null),
            new(sandrasDecision, "Ask Sandra about her sleep", FamilyEvents.AdultClinician.UserId, FamilyEvents.AdultClinician.Name, TestClock.Today.AddDays(7), sandra),
        ], DateTimeOffset.UtcNow);
        await host.PublishAsync(recorded);
        await host.PublishAsync(recorded);
        await host.WaitForInboxAsync(6);
        Assert.Equal(2, await host.CountAsync("plan_actions"));

        var youths = await host.PlanAsync(youth, family.FamilyId);
        var action = Assert.Single(youths["actions"]!.AsArray())!;
        Assert.Equal((familyDecision, "mdo", recorded.MdoId), (action["id"]!.GetValue<Guid>(), action["source"]!.GetValue<string>(), action["mdoId"]!.GetValue<Guid>()));
        Assert.Equal([sandrasDecision, familyDecision], (await host.PlanAsync(adult, family.FamilyId))["actions"]!.AsArray().Select(a => a!["id"]!.GetValue<Guid>()));

        // The team adds its own; an owner off the team is refused; the owner marks theirs done with its ETag.
        var path = $"/api/families/{family.FamilyId}/actions";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await host.PostAsync(youth, path, new { title = "Call school", ownerUserId = "someone-else", dueOn = Day(3) })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync(youth, path, new { title = "Call school", ownerUserId = FamilyEvents.YouthClinician.UserId, dueOn = Day(-1) })).Status);
        var (status, created) = await host.PostAsync(youth, path, new { title = "Call school", ownerUserId = FamilyEvents.YouthClinician.UserId, dueOn = Day(3) });
        Assert.Equal(("team", 1), (created!["source"]!.GetValue<string>(), created["version"]!.GetValue<int>()));
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.SendAsync(youth, HttpMethod.Patch, $"{path}/{sandrasDecision}", new { status = "done" }, "\"1\"")).Status);
        var (done, body, etag) = await host.SendAsync(adult, HttpMethod.Patch, $"{path}/{sandrasDecision}", new { status = "done" }, "\"1\"");
        Assert.Equal((HttpStatusCode.OK, "done", "\"2\""), (done, body!["status"]!.GetValue<string>(), etag));
        Assert.Equal(HttpStatusCode.NotFound, (await host.SendAsync(adult, HttpMethod.Patch, $"{path}/{Guid.NewGuid()}", new { status = "done" }, "\"1\"")).Status);
    }

    /// <summary>
    /// The de Vries family on the plan: Sandra's referral accepted by the adult clinician, Daan's by
    /// the youth clinician; the household Mark, Sandra, Daan and Tim.
    /// </summary>
    internal static async Task<FamilyEvents> DeVriesAsync(PlanHost host)
    {
        var family = new FamilyEvents();
        var (sandras, daans) = (Guid.NewGuid(), Guid.NewGuid());
        await host.PublishAsync(family.Submitted(sandras, Families.Sandra, "adult", Families.Mark.As("partner"), Families.Daan.As("child"), Families.Tim.As("child")));
        await host.PublishAsync(family.Submitted(daans, Families.Daan, "youth", Families.Sandra.As("parent", custody: true), Families.Mark.As("parent", custody: true)));
        await host.PublishAsync(family.Accepted(sandras, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan, Families.Tim]));
        await host.PublishAsync(family.Accepted(daans, Families.Daan, FamilyEvents.YouthClinician, adult: false, parents: [Families.Sandra, Families.Mark]));
        await host.WaitForInboxAsync(4);
        return family;
    }

    private static InterventionFundingDecided Decided(Guid interventionId, Guid familyId, int version, string law) =>
        new(interventionId, familyId, [new FundingOption(law, law == "Zvw" ? "insurer" : "client", law == "Zvw" ? "3311" : null, null, law == "Zvw")],
            [new FundingRuleCitation("zvw-family-therapy", "Zvw art. 10", "Relatietherapie zonder stoornis valt niet onder de basisverzekering.",
                "Relationship therapy without a disorder is not in the basic package.")], [], DateTimeOffset.UtcNow, version);

    private static JsonNode Intervention(JsonNode plan, Guid id) => plan["interventions"]!.AsArray().Single(i => i!["id"]!.GetValue<Guid>() == id)!;

    private static Guid[] Ids(JsonNode plan) => plan["interventions"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToArray();
}

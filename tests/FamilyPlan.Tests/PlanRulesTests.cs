using System.Reflection;
using Consent.Contracts;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Tests;

/// <summary>
/// The plan's rules decided in <c>Domain/</c> alone, with no platform: who sees which member
/// (<see cref="PlanVisibility"/>), what writing a part refuses (<see cref="PlanPartRules"/>), an
/// intervention's status order, the checks' and the Meldcode's refusals (<see cref="CareTaskRules"/>),
/// and the one catalog of rule ids (<see cref="FamilyPlanRules"/>).
/// </summary>
[Trait("Category", "Unit")]
public sealed class PlanRulesTests
{
    private const string GpAgb = "01000001";
    private const string ChildBsn = "111222333";
    private const string MotherBsn = "444555666";
    private static readonly Guid Child = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Mother = Guid.Parse("00000000-0000-0000-0000-00000000000d");
    private static readonly Guid TheReferral = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid RelativeId = Guid.Parse("00000000-0000-0000-0000-0000000000e1");
    private static readonly DateTime SubmittedAt = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);

    private static readonly CareProfessional Gp = new("gp-de-jong", "gp", null, null);
    private static readonly CareProfessional Clinician = new("dr-de-vries", "clinician", "22220001", "youth");
    private static readonly CareProfessional Outsider = new("dr-smit", "clinician", "22220003", "adult");

    private static readonly PlanViewer Referrer = new(GpAgb, null, Gp);
    private static readonly PlanViewer Stranger = new(null, null, Outsider);
    private static readonly PlanViewer MotherAsClient = new(null, MotherBsn);

    /// <summary>A GP referred the child (8) and named the mother with custody; a clinician accepted; the child's grandfather is a relative, not a client.</summary>
    private static FamilyFacts Family() => new(
        Guid.NewGuid(),
        [new FamilyFacts.Referral
        {
            Id = TheReferral, SubjectBsn = ChildBsn, Domain = "youth", Status = "accepted", Reason = "Angst.", ReferrerAgb = GpAgb, ReferrerName = "Huisarts De Jong",
            SubmittedAt = SubmittedAt,
        }],
        [Stated(ChildBsn, "Daan", new DateOnly(2018, 5, 1)), Stated(MotherBsn, "Sandra", new DateOnly(1988, 1, 12))],
        [new FamilyFacts.StatedRelation { ReferralId = TheReferral, SubjectBsn = ChildBsn, MemberBsn = MotherBsn, Relation = "mother", Custody = true, StatedAt = SubmittedAt }],
        [],
        new Dictionary<string, Guid> { [ChildBsn] = Child, [MotherBsn] = Mother },
        [new FamilyFacts.CareTeamMember
        {
            ReferralId = TheReferral, UserId = Clinician.UserId, SubjectMemberId = Child, Name = "J. de Vries", Role = Clinician.Role,
            OrganisationAgb = Clinician.Organisation, Domain = Clinician.Domain, JoinedAt = SubmittedAt.AddDays(1),
        }],
        [])
    {
        Relatives = [new FamilyFacts.RelativeRow { Id = RelativeId, RelativeOf = Child, Name = "Opa Kees", Relation = "grandparent" }],
    };

    private static FamilyFacts.StatedMember Stated(string bsn, string name, DateOnly born) =>
        new() { ReferralId = TheReferral, Bsn = bsn, Name = name, BirthDate = born, StatedAt = SubmittedAt };

    private static ConsentVerdicts Verdict(Guid member, string basis) =>
        new(true, new Dictionary<Guid, SubjectAccess> { [member] = new(member, basis, null, "test-rule", "As the test says.") });

    private static MemberView Member(FamilyPlanView plan, Guid id) => Assert.Single(plan.Members, m => m.MemberId == id);

    // Who sees which member

    [Fact]
    public void A_referrer_sees_their_client_and_the_relative_their_referral_named_as_name_and_relation_only()
    {
        var plan = PlanVisibility.Compose(Family(), Referrer, ConsentVerdicts.Nobody)!;

        var child = Member(plan, Child);
        Assert.Equal((MemberConsent.NotRequired, ChildBsn, true), (child.Consent, child.Bsn, child.Shown));
        var mother = Member(plan, Mother);
        Assert.Equal((MemberConsent.NotGiven, "mother", false), (mother.Consent, mother.Relation, mother.Shown));
        Assert.Equal(Child, mother.RelationOf);
        Assert.Null(mother.BirthDate);
        Assert.Empty(mother.Referrals);
    }

    [Fact]
    public void A_consent_service_that_does_not_answer_withholds_every_other_member_as_unavailable()
    {
        var plan = PlanVisibility.Compose(Family(), Referrer, new ConsentVerdicts(false, new Dictionary<Guid, SubjectAccess>()))!;

        Assert.Equal(MemberConsent.Unavailable, Member(plan, Mother).Consent);
        Assert.True(Member(plan, Child).Shown);
    }

    [Fact]
    public void A_consent_or_an_emergency_access_shows_the_member_with_the_ground_it_gives()
    {
        Assert.Equal(MemberConsent.Given, Member(PlanVisibility.Compose(Family(), Referrer, Verdict(Mother, AccessBasis.Consent))!, Mother).Consent);
        var emergency = Member(PlanVisibility.Compose(Family(), Referrer, Verdict(Mother, AccessBasis.EmergencyAccess))!, Mother);
        Assert.Equal((MemberConsent.EmergencyAccess, MotherBsn), (emergency.Consent, emergency.Bsn));
    }

    [Fact]
    public void A_client_sees_their_own_part_and_as_a_custodial_parent_their_child_under_12()
    {
        var own = PlanVisibility.Compose(Family(), MotherAsClient, ConsentVerdicts.Nobody)!;
        Assert.Equal(MemberConsent.NotRequired, Assert.Single(own.Members).Consent);

        var parent = PlanVisibility.Compose(Family(), MotherAsClient, Verdict(Child, AccessBasis.ParentalAuthority))!;
        var child = Member(parent, Child);
        Assert.Equal((MemberConsent.ParentalAuthority, ChildBsn), (child.Consent, child.Bsn));
        Assert.Equal(TheReferral, Assert.Single(child.Referrals).Id);
    }

    [Fact]
    public void To_a_viewer_who_may_see_no_one_the_family_does_not_exist()
    {
        Assert.Null(PlanVisibility.Compose(Family(), Stranger, ConsentVerdicts.Nobody));
        Assert.False(PlanVisibility.OnCareTeam(Family(), Stranger));
        Assert.True(PlanVisibility.OnCareTeam(Family(), new PlanViewer(null, null, Clinician)));
    }

    // The change history

    [Fact]
    public void The_history_is_the_care_teams_a_client_is_refused_and_a_stranger_finds_no_family()
    {
        Assert.Equal(RefusalKind.Forbidden, PlanVisibility.MayAskHistory(MotherAsClient)?.Kind);
        Assert.Null(PlanVisibility.MayAskHistory(Referrer));

        var plan = PlanVisibility.Compose(Family(), Referrer, ConsentVerdicts.Nobody);
        Assert.Null(PlanVisibility.MayReadHistory(Family(), plan, Referrer));
        var stranger = PlanVisibility.MayReadHistory(Family(), null, Stranger)!;
        Assert.Equal((RefusalKind.NotFound, "No such family."), (stranger.Kind, stranger.Title));
        Assert.Equal([Child], PlanVisibility.HistoryMembers(plan!));
    }

    // Writing a part of the plan

    [Fact]
    public void A_part_is_for_members_in_care_never_for_a_relative_who_is_not_a_client()
    {
        var facts = Family();
        Assert.Null(PlanPartRules.ClientsOnly(facts, [Child, Mother], "intervention"));
        var relative = PlanPartRules.ClientsOnly(facts, [RelativeId], "intervention")!;
        Assert.Equal((RefusalKind.RuleBroken, FamilyPlanRules.MemberNotARelative), (relative.Kind, relative.Rule));
        Assert.Equal(RefusalKind.NotFound, PlanPartRules.ClientsOnly(facts, [Guid.NewGuid()], "intervention")?.Kind);
    }

    [Fact]
    public void An_intervention_for_a_relative_is_named_as_such_to_the_team_and_not_found_to_a_stranger()
    {
        var clinician = new PlanViewer(null, null, Clinician);
        var (refusal, _) = PlanPartRules.MayPlanIntervention(Family(), clinician, RelativeId, []);
        Assert.Equal((RefusalKind.RuleBroken, FamilyPlanRules.MemberNotARelative), (refusal!.Kind, refusal.Rule));

        Assert.Equal(RefusalKind.NotFound, PlanPartRules.MayPlanIntervention(Family(), Stranger, RelativeId, []).Refusal?.Kind);

        var (forChild, bsn) = PlanPartRules.MayPlanIntervention(Family(), clinician, Child, []);
        Assert.Null(forChild);
        Assert.Equal(ChildBsn, bsn);
        Assert.Equal(FamilyPlanRules.MemberNotARelative, PlanPartRules.MayPlanIntervention(Family(), clinician, null, [Child, RelativeId]).Refusal?.Rule);
    }

    [Fact]
    public void The_person_named_responsible_is_on_the_team_each_rule_naming_its_field()
    {
        Assert.Equal((RefusalKind.RuleBroken, FamilyPlanRules.GoalOwnerOnTeam, "ownerUserId"),
            (PlanPartRules.GoalOwnerNotOnTeam.Kind, PlanPartRules.GoalOwnerNotOnTeam.Rule, PlanPartRules.GoalOwnerNotOnTeam.Field));
        Assert.Equal((FamilyPlanRules.ActionOwnerOnTeam, "ownerUserId"), (PlanPartRules.ActionOwnerNotOnTeam.Rule, PlanPartRules.ActionOwnerNotOnTeam.Field));
        Assert.Equal((FamilyPlanRules.InterventionResponsibleOnTeam, "responsibleUserId"),
            (PlanPartRules.ResponsibleNotOnTeam.Rule, PlanPartRules.ResponsibleNotOnTeam.Field));
        Assert.Equal((RefusalKind.PreconditionRequired, "Send the goal's ETag in If-Match."), (PlanPartRules.VersionRequired("goal").Kind, PlanPartRules.VersionRequired("goal").Title));
        Assert.Equal(RefusalKind.Stale, PlanPartRules.Stale("action").Kind);
    }

    [Fact]
    public void An_intervention_moves_in_its_order_and_a_refusal_names_the_statuses_allowed()
    {
        Assert.Null(InterventionStatuses.MayMove(InterventionStatuses.Planned, InterventionStatuses.Active));
        Assert.Null(InterventionStatuses.MayMove(InterventionStatuses.Active, InterventionStatuses.Active));

        var skip = InterventionStatuses.MayMove(InterventionStatuses.Planned, InterventionStatuses.Ended)!;
        Assert.Equal((RefusalKind.Conflict, FamilyPlanRules.InterventionStatusOrder, "An intervention that is planned does not become ended."),
            (skip.Kind, skip.Rule, skip.Title));
        Assert.Equal([InterventionStatuses.Active, InterventionStatuses.Cancelled], Assert.IsAssignableFrom<IReadOnlyList<string>>(skip.Facts["allowed"]));
        Assert.Empty(Assert.IsAssignableFrom<IReadOnlyList<string>>(InterventionStatuses.MayMove(InterventionStatuses.Ended, InterventionStatuses.Active)!.Facts["allowed"]));
    }

    [Fact]
    public void A_plan_closes_once_and_only_with_every_intervention_ended()
    {
        Assert.Null(PlanPartRules.OfClosure(new ClosureOutcome(true, [], false)));
        Assert.Equal((RefusalKind.Conflict, FamilyPlanRules.PlanClosed), (PlanPartRules.OfClosure(new ClosureOutcome(false, [], true))!.Kind,
            PlanPartRules.OfClosure(new ClosureOutcome(false, [], true))!.Rule));

        var open = new FamilyFacts.InterventionRow { Id = Guid.NewGuid(), Kind = InterventionKinds.FamilySessions, Status = InterventionStatuses.Active };
        var refused = PlanPartRules.OfClosure(new ClosureOutcome(false, [open], false))!;
        Assert.Equal((RefusalKind.Conflict, FamilyPlanRules.InterventionsOpen), (refused.Kind, refused.Rule));
        Assert.Single(Assert.IsAssignableFrom<System.Collections.IEnumerable>(refused.Facts["openInterventions"]).Cast<object>());
    }

    // The care team

    [Fact]
    public void The_team_is_read_by_its_members_and_an_invitee_and_by_nobody_else()
    {
        var facts = Family();
        Assert.Null(CareTeam.MayRead(facts, new PlanViewer(null, null, Clinician)));
        Assert.Equal(RefusalKind.NotFound, CareTeam.MayRead(facts, Stranger)?.Kind);
        Assert.Equal(RefusalKind.NotFound, CareTeam.MayRead(null, Referrer)?.Kind);

        var invited = facts with { Invited = [new FamilyFacts.TeamRow { UserId = Outsider.UserId, Role = Outsider.Role, Status = TeamStatuses.Invited }] };
        Assert.Null(CareTeam.MayRead(invited, Stranger));
    }

    // The checks and the Meldcode

    [Fact]
    public void Only_the_assignee_works_on_a_check_to_anyone_else_it_does_not_exist()
    {
        var facts = Family();
        var task = new FamilyFacts.CareTask { Id = Guid.NewGuid(), ReferralId = TheReferral, Kind = CareTaskKinds.Oudercheck, AssigneeUserId = Clinician.UserId };

        Assert.Null(CareTaskRules.MayWork(facts, task, new PlanViewer(null, null, Clinician)));
        var other = CareTaskRules.MayWork(facts, task, Referrer)!;
        Assert.Equal((RefusalKind.NotFound, "No such task."), (other.Kind, other.Title));
        Assert.Equal(RefusalKind.NotFound, CareTaskRules.MayWork(facts, null, new PlanViewer(null, null, Clinician))?.Kind);
        Assert.Equal(RefusalKind.Conflict, CareTaskRules.CompletedAlready.Kind);
        Assert.Equal((RefusalKind.Conflict, "Step 2 is done already."), (CareTaskRules.StepDoneAlready(2).Kind, CareTaskRules.StepDoneAlready(2).Title));
    }

    [Fact]
    public void The_Meldcode_decides_last_and_a_check_without_its_checklist_has_no_steps()
    {
        var task = new FamilyFacts.CareTask { Kind = CareTaskKinds.Kindcheck };
        Assert.Equal(RefusalKind.NotFound, CareTaskRules.MayMarkStep(task, 1)?.Kind);

        task.Steps.AddRange(Meldcode.Steps.Select(s => new FamilyFacts.MeldcodeStepRow { Step = s.Number }));
        Assert.Equal(RefusalKind.NotFound, CareTaskRules.MayMarkStep(task, 6)?.Kind);
        Assert.Null(CareTaskRules.MayMarkStep(task, 3));

        var early = CareTaskRules.MayMarkStep(task, Meldcode.Decide)!;
        Assert.Equal((RefusalKind.RuleBroken, FamilyPlanRules.MeldcodeDecideLast, "The Meldcode's order refuses this."), (early.Kind, early.Rule, early.Title));
        Assert.Contains("1, 2, 3, 4", early.Detail, StringComparison.Ordinal);

        foreach (var step in task.Steps.Where(s => s.Step != Meldcode.Decide))
        {
            step.DoneAt = SubmittedAt;
        }

        Assert.Null(CareTaskRules.MayMarkStep(task, Meldcode.Decide));
    }

    // The catalog

    [Fact]
    public void Every_rule_id_is_in_the_catalog_once_with_what_it_requires()
    {
        var ids = typeof(FamilyPlanRules).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), FamilyPlanRules.All.Keys.Order(StringComparer.Ordinal));
        Assert.All(FamilyPlanRules.All.Values, description => Assert.EndsWith(".", description, StringComparison.Ordinal));
        Assert.Equal(FamilyPlanRules.PlanClosed, CareTeam.Closed.Rule);
    }
}

using System.Text.Json;
using Consent.Contracts;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Domain;

/// <summary>
/// Who reads the plan: a referrer by their AGB code, a client by their BSN, a professional of the
/// care team by the identity they accepted a referral under.
/// </summary>
/// <param name="ReferrerAgb">For a GP or POH-GGZ: the AGB code they refer under.</param>
/// <param name="OwnBsn">For a client: their own BSN.</param>
/// <param name="Professional">For anyone but a client: who they are, to find them on the care team.</param>
public sealed record PlanViewer(string? ReferrerAgb, string? OwnBsn, CareProfessional? Professional = null);

/// <summary>A professional as their token names them.</summary>
/// <param name="UserId">The token's subject.</param>
/// <param name="Role">The token's role.</param>
/// <param name="Organisation">The AGB code of their organisation, when the token has one.</param>
/// <param name="Domain">A clinician's world, <c>youth</c> or <c>adult</c>.</param>
public sealed record CareProfessional(string UserId, string Role, string? Organisation, string? Domain);

/// <summary>The values of <see cref="MemberView.Consent"/>.</summary>
public static class MemberConsent
{
    /// <summary>Shown without a consent: the viewer's own client, or the client themselves.</summary>
    public const string NotRequired = "not-required";

    /// <summary>Shown: the member's consent names the viewer.</summary>
    public const string Given = "given";

    /// <summary>Shown: the viewer's emergency access.</summary>
    public const string EmergencyAccess = "emergency-access";

    /// <summary>Shown: a child-protection measure of the viewer's institution.</summary>
    public const string ChildProtectionMeasure = "child-protection-measure";

    /// <summary>Shown: a custodial parent reading their child under 12.</summary>
    public const string ParentalAuthority = "parental-authority";

    /// <summary>Withheld: no ground to show the member's care data.</summary>
    public const string NotGiven = "not-given";

    /// <summary>Withheld: the consent service could not be asked in time (the read fails closed).</summary>
    public const string Unavailable = "unavailable";
}

/// <summary>
/// What one viewer sees of a family, decided from the facts and the consent service's answer:
/// their own clients (or, for a client, themselves) with what their own referrals stated; a member
/// whose consent, emergency access or child-protection measure allows it, with every referral
/// about them; a relative their own referrals named, as name and relation only. Nothing else, and
/// nothing at all to a viewer who may see no one (then the family does not exist for them).
/// A viewer's own referrals are those they referred, those they accepted (their clients on the care
/// team), and for a client those about them. Checks show with the member they are about. Pure:
/// the endpoints read the facts, ask the consent service and answer what this decides.
/// </summary>
public static class PlanVisibility
{
    /// <summary>The answer to a viewer who may see no one of the family, or to a family the plan does not hold.</summary>
    public static readonly Refusal NoSuchFamily = Refusal.NotFound("No such family.");

    /// <summary>
    /// Whether <paramref name="viewer"/> may read the plan's change history: the care team's, so a
    /// client (who reads the plan) or anyone without a professional identity is refused.
    /// </summary>
    public static Refusal? MayAskHistory(PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.OwnBsn is not null || viewer.Professional is null
            ? Refusal.Forbidden("The change history is the care team's; a client reads the plan.")
            : null;
    }

    /// <summary>
    /// Whether <paramref name="viewer"/>, having read <paramref name="plan"/> of <paramref name="facts"/>,
    /// reads its history: only a viewer who sees the plan and is on the care team; to anyone else the family does not exist.
    /// </summary>
    public static Refusal? MayReadHistory(FamilyFacts? facts, FamilyPlanView? plan, PlanViewer viewer) =>
        facts is null || plan is null || !OnCareTeam(facts, viewer) ? NoSuchFamily : null;

    /// <summary>The members whose lines of the history show: those whose care data <paramref name="plan"/> shows.</summary>
    public static IReadOnlyList<Guid> HistoryMembers(FamilyPlanView plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Members.Where(m => m.Shown && m.MemberId is not null).Select(m => m.MemberId!.Value).ToList();
    }

    /// <summary>The member ids to ask the consent service about: everyone but the viewer themselves.</summary>
    public static IReadOnlyList<Guid> Asked(FamilyFacts facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        return facts.MemberIds.Where(m => m.Key != viewer.OwnBsn).Select(m => m.Value).Distinct().ToList();
    }

    /// <summary>Whether the viewer is on the family's care team: they referred someone in it, or accepted a referral of it.</summary>
    public static bool OnCareTeam(FamilyFacts facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        return (viewer.ReferrerAgb is not null && facts.Referrals.Any(r => r.ReferrerAgb == viewer.ReferrerAgb)) || Accepted(facts, viewer).Count > 0
            || InvitedMember(facts, viewer);
    }

    /// <summary>Whether the viewer joined the team by accepting an invitation and has not left it.</summary>
    public static bool InvitedMember(FamilyFacts facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Professional is { } p && facts.Invited.Any(t => t.UserId == p.UserId && t.Role == p.Role && t.Status == TeamStatuses.Active);
    }

    /// <summary>
    /// The referrals the viewer accepted. A professional is the one who accepted when the token's
    /// subject and role are those recorded, and so are its organisation and domain where recorded:
    /// a clinician who moved to another organisation no longer reads the old one's clients.
    /// </summary>
    public static IReadOnlySet<Guid> Accepted(FamilyFacts facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        // A professional who left the team keeps no access, also to the clients whose referrals they accepted.
        return viewer.Professional is { } p && !facts.Invited.Any(t => t.UserId == p.UserId && t.Status == TeamStatuses.Left)
            ? facts.CareTeam.Where(m => m.UserId == p.UserId && m.Role == p.Role
                    && (m.OrganisationAgb is null || m.OrganisationAgb == p.Organisation) && (m.Domain is null || m.Domain == p.Domain))
                .Select(m => m.ReferralId).ToHashSet()
            : new HashSet<Guid>();
    }

    /// <summary>Whether the viewer treats <paramref name="bsn"/>: one of the viewer's own referrals (referred or accepted) is about them.</summary>
    public static bool Treats(FamilyFacts facts, PlanViewer viewer, string? bsn)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        var accepted = Accepted(facts, viewer);
        return bsn is not null && facts.Referrals.Any(r => r.SubjectBsn == bsn
            && ((viewer.ReferrerAgb is not null && r.ReferrerAgb == viewer.ReferrerAgb) || accepted.Contains(r.Id)));
    }

    /// <summary>Whether <paramref name="task"/> is assigned to the viewer: they accepted its referral and are its assignee.</summary>
    public static bool IsAssignee(FamilyFacts facts, PlanViewer viewer, FamilyFacts.CareTask task)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(task);
        return viewer.Professional is { } p && task.AssigneeUserId == p.UserId && Accepted(facts, viewer).Contains(task.ReferralId);
    }

    /// <summary>
    /// The task as its assignee sees it, or null when <paramref name="viewer"/> is not its assignee:
    /// their own part needs no consent, so the members it asks about are named as the assignee's
    /// own referral named them.
    /// </summary>
    public static PlanTaskView? AssignedTask(FamilyFacts facts, PlanViewer viewer, Guid taskId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var task = facts.Tasks.FirstOrDefault(t => t.Id == taskId);
        if (task is null || !IsAssignee(facts, viewer, task))
        {
            return null;
        }

        return Compose(facts, viewer, ConsentVerdicts.Nobody)?.Members.SelectMany(m => m.Tasks).FirstOrDefault(t => t.Id == taskId) ?? View(task, []);
    }

    /// <summary>The plan as <paramref name="viewer"/> may see it, or null when they may see no one.</summary>
    public static FamilyPlanView? Compose(FamilyFacts facts, PlanViewer viewer, ConsentVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(verdicts);
        var self = facts.Members.Any(m => m.Bsn == viewer.OwnBsn) ? viewer.OwnBsn : null;
        var accepted = Accepted(facts, viewer);
        // The viewer's own statements: a referrer's referrals, the referrals a professional accepted, or for a client the referrals about them.
        var own = facts.Referrals
            .Where(r => (viewer.ReferrerAgb is not null && r.ReferrerAgb == viewer.ReferrerAgb) || accepted.Contains(r.Id) || (self is not null && r.SubjectBsn == self))
            .Select(r => r.Id).ToHashSet();
        var ownClients = facts.Referrals.Where(r => own.Contains(r.Id) && r.SubjectBsn != self).Select(r => r.SubjectBsn).ToHashSet(StringComparer.Ordinal);
        var routes = facts.Routes.ToDictionary(r => r.ReferralId);

        SubjectAccess? AccessOf(string bsn) => facts.MemberIds.TryGetValue(bsn, out var asked) ? verdicts.For(asked) : null;
        bool Allowed(string bsn) => AccessOf(bsn) is { } access && access.Basis != AccessBasis.None;
        var shownMembers = facts.Members.Select(m => m.Bsn)
            .Where(bsn => bsn == self || ownClients.Contains(bsn) || Allowed(bsn))
            .ToHashSet(StringComparer.Ordinal);

        // Oldest first, as the statements give their birth dates; a withheld member keeps their place without showing it.
        var members = new List<(DateOnly BirthDate, MemberView View)>();
        foreach (var bsn in facts.Members.Select(m => m.Bsn).Distinct(StringComparer.Ordinal))
        {
            var birthDate = Latest(facts.Members.Where(m => m.Bsn == bsn))!.BirthDate;
            Guid? memberId = facts.MemberIds.TryGetValue(bsn, out var id) ? id : null;
            var access = AccessOf(bsn);
            var allowed = Allowed(bsn);
            if (shownMembers.Contains(bsn))
            {
                // Consent (or the client themselves) shows every referral about them; treatment alone, the viewer's own.
                var shown = facts.Referrals.Where(r => r.SubjectBsn == bsn && (bsn == self || allowed || own.Contains(r.Id))).ToList();
                var visible = own.Concat(shown.Select(r => r.Id)).ToHashSet();
                var stated = Latest(facts.Members.Where(m => m.Bsn == bsn && visible.Contains(m.ReferralId)))
                    ?? Latest(facts.Members.Where(m => m.Bsn == bsn))!;
                var relations = facts.Relations
                    .Where(r => r.SubjectBsn == bsn && visible.Contains(r.ReferralId))
                    .GroupBy(r => r.MemberBsn, StringComparer.Ordinal)
                    .Select(g => g.MaxBy(r => r.StatedAt)!)
                    .Select(r => own.Contains(r.ReferralId) || shownMembers.Contains(r.MemberBsn)
                        ? new RelationView(facts.MemberIds.TryGetValue(r.MemberBsn, out var rid) ? rid : null, r.MemberBsn, r.Relation, r.Custody)
                        : new RelationView(facts.MemberIds.TryGetValue(r.MemberBsn, out var hid) ? hid : null, null, r.Relation, null))
                    .ToList();
                members.Add((birthDate, new MemberView(
                    memberId, stated.Name, allowed ? ConsentOf(access!.Basis) : MemberConsent.NotRequired, Relation: null, RelationOf: null,
                    bsn, stated.BirthDate, IsClient: bsn == self || ownClients.Contains(bsn) || shown.Count > 0, relations,
                    shown.Select(r => View(r, routes.TryGetValue(r.Id, out var route) ? route : null, facts.CareTeam)).ToList(), Tasks: [],
                    viewer.OwnBsn is null ? access?.Birthday : null)));
                continue;
            }

            // A relative the viewer's own referral named, or for an invited team member anyone in the family: name and relation, nothing of their care.
            var invited = InvitedMember(facts, viewer);
            var statedByOwn = Latest(facts.Members.Where(m => m.Bsn == bsn && (invited || own.Contains(m.ReferralId))));
            if (statedByOwn is null)
            {
                continue;
            }

            var relation = facts.Relations.Where(r => r.MemberBsn == bsn && (invited || own.Contains(r.ReferralId))).MaxBy(r => r.StatedAt);
            members.Add((birthDate, new MemberView(
                memberId, statedByOwn.Name, verdicts.Answered ? MemberConsent.NotGiven : MemberConsent.Unavailable,
                relation?.Relation, relation is not null && facts.MemberIds.TryGetValue(relation.SubjectBsn, out var of) ? of : null,
                Bsn: null, BirthDate: null, IsClient: null, [], [], Tasks: [])));
        }

        if (members.Count == 0)
        {
            return null;
        }

        // A check shows with the member it is about: to a professional who sees that member's care data, and to its assignee.
        // A client sees none: step 3 of the Meldcode, talking with the client, is the professional's to time.
        var names = members.Where(m => m.View.MemberId is not null).ToDictionary(m => m.View.MemberId!.Value, m => m.View.Name);
        var professional = viewer.OwnBsn is null && viewer.Professional is not null;
        IReadOnlyList<PlanTaskView> TasksOf(MemberView member) => member.MemberId is not { } id
            ? []
            : facts.Tasks.Where(t => t.SubjectMemberId == id && ((member.Shown && professional) || IsAssignee(facts, viewer, t))).Select(t => View(t, names)).ToList();

        // Outcomes are care data: only of the members shown.
        var shownIds = members.Where(m => m.View.Shown && m.View.MemberId is not null).Select(m => m.View.MemberId!.Value).ToHashSet();
        // Family goals are the whole team's and the family's; a member's goal is that member's care data.
        var goals = facts.Goals.Where(g => g.MemberId is not { } m || shownIds.Contains(m)).ToList();
        var goalIds = goals.Select(g => g.Id).ToHashSet();
        return new FamilyPlanView(facts.FamilyId, members.OrderBy(m => m.BirthDate).ThenBy(m => m.View.MemberId)
            .Select(m => m.View with { Tasks = TasksOf(m.View) }).ToList(), CareTeam.Coordinator(facts),
            OutcomeTrajectories.Compose(facts.Outcomes.Where(o => shownIds.Contains(o.MemberId))),
            goals.Select(GoalView.Of).ToList(),
            // A relative named for a member is part of that member's care data.
            facts.Relatives.Where(r => shownIds.Contains(r.RelativeOf)).Select(r => new RelativeView(r.Id, r.RelativeOf, r.Name, r.Relation)).ToList(),
            // Like goals: the family's are the whole team's, a member's are that member's care data.
            facts.Interventions.Where(i => i.MemberId is not { } m || shownIds.Contains(m)).Select(InterventionView.Of).ToList(),
            facts.Actions.Where(a => a.MemberId is not { } m || shownIds.Contains(m)).Select(ActionView.Of).ToList(),
            facts.Evaluations.Select(e => new EvaluationView(e.Id, e.HeldOn, e.ByUserId, e.ByName,
                    e.Goals.Where(g => goalIds.Contains(g.GoalId)).Select(g => new EvaluationGoalView(g.GoalId, g.WhatChanged, g.WhatNext)).ToList()))
                .Where(e => e.Goals.Count > 0).ToList(),
            facts.Closure is null ? null : ClosureView.Of(facts.Closure),
            facts.Mdos.Select(PlanMdoView.Of).ToList());
    }

    private static string ConsentOf(string basis) => basis switch
    {
        AccessBasis.Consent => MemberConsent.Given,
        AccessBasis.EmergencyAccess => MemberConsent.EmergencyAccess,
        AccessBasis.ChildProtectionMeasure => MemberConsent.ChildProtectionMeasure,
        AccessBasis.ParentalAuthority => MemberConsent.ParentalAuthority,
        _ => MemberConsent.NotGiven,
    };

    private static FamilyFacts.StatedMember? Latest(IEnumerable<FamilyFacts.StatedMember> statements) => statements.MaxBy(m => m.StatedAt);

    private static ReferralView View(FamilyFacts.Referral r, FamilyFacts.Route? route, IReadOnlyList<FamilyFacts.CareTeamMember> team)
    {
        var acceptedBy = team.Where(m => m.ReferralId == r.Id).OrderBy(m => m.JoinedAt).FirstOrDefault();
        return new ReferralView(r.Id, r.Domain, r.Status, r.Reason, r.ReferrerAgb, r.ReferrerName, r.SuspectedDsmCode,
            r.SuspectedDsmDescription, r.SubmittedAt, route is null ? null : View(route),
            r.SupplementCount > 0 && r.LastSupplementedAt is { } last ? new PlanSupplementsView(r.SupplementCount, last) : null,
            acceptedBy is null ? null : new PlanCareProfessionalView(acceptedBy.Name, acceptedBy.Role, acceptedBy.Agb, acceptedBy.OrganisationAgb, acceptedBy.Domain));
    }

    /// <summary>A task as the viewer sees it; the members it asks about are named where the viewer's plan names them.</summary>
    private static PlanTaskView View(FamilyFacts.CareTask t, Dictionary<Guid, string?> names)
    {
        var asked = (JsonSerializer.Deserialize<List<Guid>>(t.MembersJson) ?? [])
            .Select(id => new PlanTaskMemberView(id, names.TryGetValue(id, out var name) ? name : null)).ToList();
        var steps = t.Steps.OrderBy(s => s.Step).Select(s =>
        {
            var step = Meldcode.Step(s.Step);
            return new MeldcodeStepView(s.Step, step?.Code ?? string.Empty, step?.Title ?? string.Empty, s.DoneAt is not null, s.DoneAt, s.DoneBy, s.Note);
        }).ToList();
        return new PlanTaskView(t.Id, t.Kind, t.SubjectMemberId, t.ReferralId, new PlanTaskAssigneeView(t.AssigneeUserId, t.AssigneeName), t.CreatedAt,
            t.Status, t.Outcome, t.Note, t.DoneAt, t.DoneBy,
            t.Kind == CareTaskKinds.Kindcheck ? asked : [], t.Kind == CareTaskKinds.Oudercheck ? asked : [], steps);
    }

    private static FundingRouteView View(FamilyFacts.Route r) => new(
        r.Law, r.FinancierType, r.FinancierCode, r.ProductCategory, r.RuleId, r.RuleText,
        JsonSerializer.Deserialize<List<string>>(r.PaperworkJson) ?? [], r.DeductibleApplies, r.DecidedAt);
}

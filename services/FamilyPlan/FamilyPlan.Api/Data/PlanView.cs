using System.Text.Json;
using Consent.Contracts;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Api.Data;

public sealed record FundingRouteView(
    string Law, string FinancierType, string? FinancierCode, string? ProductCategory, string RuleId, string Rule,
    IReadOnlyList<string> Paperwork, bool DeductibleApplies, DateTime DecidedAt);

/// <summary>A referral as the plan shows it: what it stated, its status now, and what happened to it since.</summary>
/// <param name="Id">The referral.</param>
/// <param name="Domain"><c>youth</c> or <c>adult</c> care.</param>
/// <param name="Status">The status of the newest status change the plan has learnt of (<c>received</c> until then).</param>
/// <param name="Reason">Why, in the referrer's words.</param>
/// <param name="ReferrerAgb">The referrer's AGB code.</param>
/// <param name="ReferrerName">The referrer's name.</param>
/// <param name="SuspectedDsmCode">For adult care: the suspected DSM-5 disorder's code.</param>
/// <param name="SuspectedDsmDescription">Its description.</param>
/// <param name="SubmittedAt">When it was submitted (UTC).</param>
/// <param name="FundingRoute">Who pays, once decided.</param>
/// <param name="Supplements">Whether, how often and when last the referrer supplemented it; absent when never.</param>
/// <param name="AcceptedBy">The professional who accepted it and so joined the care team; absent until accepted.</param>
public sealed record ReferralView(
    Guid Id, string Domain, string Status, string Reason, string ReferrerAgb, string? ReferrerName,
    string? SuspectedDsmCode, string? SuspectedDsmDescription, DateTime SubmittedAt, FundingRouteView? FundingRoute,
    PlanSupplementsView? Supplements = null, PlanCareProfessionalView? AcceptedBy = null);

/// <summary>The supplements of a referral: how many, and when the last came (UTC). The supplements themselves stay in the referral service.</summary>
public sealed record PlanSupplementsView(int Count, DateTime LastAt);

/// <summary>A professional of the care team.</summary>
/// <param name="Name">Their name.</param>
/// <param name="Role"><c>clinician</c> or <c>poh</c>.</param>
/// <param name="Agb">Their own AGB code (for a POH-GGZ: the GP's).</param>
/// <param name="OrganisationAgb">For a clinician: their organisation's AGB code.</param>
/// <param name="Domain">For a clinician: <c>youth</c> or <c>adult</c> care.</param>
public sealed record PlanCareProfessionalView(string Name, string Role, string? Agb, string? OrganisationAgb, string? Domain);

/// <summary>Who a task is assigned to: the professional who accepted the referral.</summary>
public sealed record PlanTaskAssigneeView(string UserId, string Name);

/// <summary>A member a check asks about, by member id, with the name when the viewer may see it.</summary>
public sealed record PlanTaskMemberView(Guid MemberId, string? Name);

/// <summary>One step of the Meldcode checklist.</summary>
/// <param name="Step">1 to 5; step 5 (decide) only after steps 1 to 4.</param>
/// <param name="Code">The step's stable name: map-signals, consult, talk-with-client, weigh-risk, decide.</param>
/// <param name="Title">What the step asks.</param>
/// <param name="Done">Whether it is done.</param>
/// <param name="DoneAt">When it was marked done (UTC).</param>
/// <param name="DoneBy">The user id of who marked it (the assignee).</param>
/// <param name="Note">What was done in it and found.</param>
public sealed record MeldcodeStepView(int Step, string Code, string Title, bool Done, DateTime? DoneAt, string? DoneBy, string? Note);

/// <summary>
/// A check the plan raised when a referral was accepted: a <c>kindcheck</c> for an adult client
/// (do they care for minors, or are they pregnant?), an <c>oudercheck</c> for a child with parents
/// named (how is the parents' mental health?).
/// </summary>
/// <param name="Id">The task.</param>
/// <param name="Kind"><c>kindcheck</c> or <c>oudercheck</c>.</param>
/// <param name="SubjectMemberId">The member id of the client whose acceptance raised it.</param>
/// <param name="ReferralId">The accepted referral.</param>
/// <param name="Assignee">The professional who accepted the referral.</param>
/// <param name="CreatedAt">When it was raised: the acceptance (UTC).</param>
/// <param name="Status"><c>open</c> or <c>done</c>.</param>
/// <param name="Outcome">Once done: <c>no-concerns</c> or <c>concerns</c>.</param>
/// <param name="Note">Once done: the assignee's note, if any.</param>
/// <param name="DoneAt">Once done: when (UTC).</param>
/// <param name="DoneBy">Once done: the user id of who completed it (the assignee).</param>
/// <param name="Minors">For a kindcheck: the household's minors as the referral named them.</param>
/// <param name="Parents">For an oudercheck: the parents the referral named.</param>
/// <param name="Meldcode">For a kindcheck completed with concerns: the five steps of the Meldcode; otherwise empty.</param>
public sealed record PlanTaskView(
    Guid Id, string Kind, Guid SubjectMemberId, Guid ReferralId, PlanTaskAssigneeView Assignee, DateTime CreatedAt, string Status,
    string? Outcome, string? Note, DateTime? DoneAt, string? DoneBy,
    IReadOnlyList<PlanTaskMemberView> Minors, IReadOnlyList<PlanTaskMemberView> Parents, IReadOnlyList<MeldcodeStepView> Meldcode);

/// <summary>
/// A relative of a member, as a referral about that member stated them. The BSN and custody show
/// only when the viewer's own referral stated them or the relative is shown to the viewer too.
/// </summary>
public sealed record RelationView(Guid? MemberId, string? Bsn, string Relation, bool? Custody);

/// <summary>
/// One member as the viewer may see them. With <see cref="Consent"/> <c>not-given</c> or
/// <c>unavailable</c> only the name and the relation are shown: no BSN, birth date or care data.
/// </summary>
/// <param name="MemberId">The member id: the name URLs use instead of the BSN.</param>
/// <param name="Name">The name.</param>
/// <param name="Consent">
/// Why the care data is shown or not: <c>not-required</c> (the viewer's own client, or the client
/// themselves), <c>given</c>, <c>emergency-access</c>, <c>child-protection-measure</c>,
/// <c>parental-authority</c> (a custodial parent reading their child under 12); withheld:
/// <c>not-given</c>, or <c>unavailable</c> when the consent service could not be asked.
/// </param>
/// <param name="Relation">For a withheld member: their relation to the viewer's client, as the viewer's own referral stated it.</param>
/// <param name="RelationOf">The member id of that client.</param>
/// <param name="Bsn">The BSN, when the care data is shown.</param>
/// <param name="BirthDate">The birth date, when the care data is shown.</param>
/// <param name="IsClient">Whether the member is in care: the viewer's client, the client themselves, or shown with referrals.</param>
/// <param name="Relations">The member's relatives, as the referrals shown stated them.</param>
/// <param name="Referrals">The referrals about the member the viewer may see, with their funding routes.</param>
/// <param name="Tasks">
/// The checks about the member: to a professional whose view shows the member's care data, and
/// always to their assignee. A client sees none: the checks are the professionals' work.
/// </param>
/// <param name="ConsentBirthday">
/// A task for the professionals who see the member's care data: a birthday within 30 days on
/// which the consent rule changes (at 12 the child consents too, at 16 alone), as the consent
/// service announced it; absent otherwise, and never shown to a client.
/// </param>
public sealed record MemberView(
    Guid? MemberId, string? Name, string Consent, string? Relation, Guid? RelationOf,
    string? Bsn, DateOnly? BirthDate, bool? IsClient, IReadOnlyList<RelationView> Relations, IReadOnlyList<ReferralView> Referrals,
    IReadOnlyList<PlanTaskView> Tasks, ConsentBirthday? ConsentBirthday = null)
{
    /// <summary>Whether the member's care data is shown.</summary>
    public bool Shown => Bsn is not null;
}

/// <summary>The plan as one viewer may see it.</summary>
/// <param name="FamilyId">The family.</param>
/// <param name="Members">The members the viewer may see, each with what they may see of them.</param>
/// <param name="Coordinator">The team member who holds the coordinator (regisseur) role; null until someone takes it.</param>
/// <param name="Outcomes">
/// The outcome measurements of the members whose care data the viewer sees: each member's
/// trajectory per instrument, and the family's dates on one time axis.
/// </param>
/// <param name="Goals">The family's goals, and the goals of the members whose care data the viewer sees.</param>
/// <param name="Relatives">Relatives who are not clients (a partner, a sibling abroad), of the members whose care data the viewer sees: never members, never clients.</param>
/// <param name="Interventions">The family's interventions, and those of the members whose care data the viewer sees, each with its funding answer once decided.</param>
/// <param name="Actions">The family's actions (from the team or an MDO), and those of the members whose care data the viewer sees.</param>
/// <param name="Evaluations">The evaluations, each with its lines on the goals the viewer sees; one with none of those is left out.</param>
/// <param name="Closure">Once the plan is closed: when, by whom, and the relapse-prevention plan, which everyone who reads the plan keeps seeing.</param>
/// <param name="Mdos">The family's MDOs: when, planned, cancelled or held, and who takes part with their answer; never what they discuss.</param>
public sealed record FamilyPlanView(
    Guid FamilyId, IReadOnlyList<MemberView> Members, TeamMemberView? Coordinator = null, FamilyOutcomes? Outcomes = null, IReadOnlyList<GoalView>? Goals = null,
    IReadOnlyList<RelativeView>? Relatives = null, IReadOnlyList<InterventionView>? Interventions = null, IReadOnlyList<ActionView>? Actions = null,
    IReadOnlyList<EvaluationView>? Evaluations = null, ClosureView? Closure = null, IReadOnlyList<PlanMdoView>? Mdos = null);

/// <summary>One of the family's MDOs in the plan.</summary>
public sealed record PlanMdoView(Guid Id, string Status, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<PlanMdoParticipant> Participants, int Version)
{
    public static PlanMdoView Of(FamilyFacts.MdoRow m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new(m.MdoId, m.Status, new DateTimeOffset(m.StartsAt, TimeSpan.Zero), new DateTimeOffset(m.EndsAt, TimeSpan.Zero),
            JsonSerializer.Deserialize<List<PlanMdoParticipant>>(m.ParticipantsJson, InterventionView.Json) ?? [], m.Version);
    }
}

/// <summary>A participant of an MDO as the plan shows them: name, whether required, and their answer (needs-action, accepted, declined or removed).</summary>
public sealed record PlanMdoParticipant(string Name, bool Required, string Status);

/// <summary>An evaluation: on which day, by whom, and per goal what changed and what next.</summary>
public sealed record EvaluationView(Guid Id, DateOnly HeldOn, string ByUserId, string ByName, IReadOnlyList<EvaluationGoalView> Goals);

/// <summary>An evaluation's line on one goal.</summary>
public sealed record EvaluationGoalView(Guid GoalId, string WhatChanged, string WhatNext);

/// <summary>The closure of the plan.</summary>
/// <param name="ClosedAt">When (UTC).</param>
/// <param name="ClosedByName">Who closed it.</param>
/// <param name="RelapsePlan">The signals to watch for, what to do, whom to call.</param>
public sealed record ClosureView(DateTime ClosedAt, string ClosedByName, RelapsePlan RelapsePlan)
{
    public static ClosureView Of(FamilyFacts.ClosureRow c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.ClosedAt, c.ClosedByName, new RelapsePlan(
            JsonSerializer.Deserialize<List<string>>(c.SignalsJson) ?? [], JsonSerializer.Deserialize<List<string>>(c.StepsJson) ?? [],
            JsonSerializer.Deserialize<List<RelapseContact>>(c.ContactsJson, InterventionView.Json) ?? []));
    }
}

/// <summary>An intervention of the plan: planned care for a member or for the family.</summary>
/// <param name="Id">The intervention.</param>
/// <param name="MemberId">The member it is for; none for the family's.</param>
/// <param name="ParticipantIds">The members who take part.</param>
/// <param name="Kind">individual-treatment, family-therapy, family-sessions, respite-care, support-at-home, nursing-home-admission or other.</param>
/// <param name="Title">What it is.</param>
/// <param name="Description">More about it.</param>
/// <param name="ResponsibleUserId">The responsible team member.</param>
/// <param name="ResponsibleName">Their name.</param>
/// <param name="StartOn">When it starts.</param>
/// <param name="EndOn">When it ends or ended, if known.</param>
/// <param name="PlannedSessions">The sessions planned, if counted in sessions.</param>
/// <param name="Status"><c>planned</c>, <c>active</c>, <c>ended</c> or <c>cancelled</c>.</param>
/// <param name="Version">Its version: the ETag of its updates.</param>
/// <param name="Funding">Who pays and why, as the funding route service decided; absent until it has.</param>
public sealed record InterventionView(
    Guid Id, Guid? MemberId, IReadOnlyList<Guid> ParticipantIds, string Kind, string Title, string? Description, string ResponsibleUserId, string ResponsibleName,
    DateOnly StartOn, DateOnly? EndOn, int? PlannedSessions, string Status, int Version, InterventionFundingView? Funding)
{
    public static InterventionView Of(FamilyFacts.InterventionRow i)
    {
        ArgumentNullException.ThrowIfNull(i);
        var funding = i.FundingVersion is null ? null : new InterventionFundingView(
            JsonSerializer.Deserialize<List<FundingRoute.Contracts.FundingOption>>(i.FundingOptionsJson!, Json) ?? [],
            JsonSerializer.Deserialize<List<FundingRoute.Contracts.FundingRuleCitation>>(i.FundingRulesJson!, Json) ?? [],
            JsonSerializer.Deserialize<List<string>>(i.FundingPaperworkJson!, Json) ?? [], i.FundingDecidedAt!.Value,
            i.FundingTransitionJson is { } transition ? JsonSerializer.Deserialize<FundingRoute.Contracts.FundingTransition>(transition, Json) : null);
        return new(i.Id, i.MemberId, i.Participants, i.Kind, i.Title, i.Description, i.ResponsibleUserId, i.ResponsibleName, i.StartOn, i.EndOn,
            i.PlannedSessions, i.Status, i.Version, funding);
    }

    /// <summary>How the funding answer is kept: as the event carried it.</summary>
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}

/// <summary>The funding answer beside an intervention.</summary>
/// <param name="Options">Who may pay, the preferred first; empty when nobody does.</param>
/// <param name="Rules">The rules that decided, each with its law and article.</param>
/// <param name="Paperwork">What the first option needs.</param>
/// <param name="DecidedAt">When it was decided (UTC).</param>
/// <param name="Transition">
/// For youth help of a member turning 18 within 90 days, up to the birthday: the transition task —
/// what continues, under which law, who takes over, whether adult care needs a new referral, the
/// youth route's stop reason, the rule.
/// </param>
public sealed record InterventionFundingView(
    IReadOnlyList<FundingRoute.Contracts.FundingOption> Options, IReadOnlyList<FundingRoute.Contracts.FundingRuleCitation> Rules,
    IReadOnlyList<string> Paperwork, DateTime DecidedAt, FundingRoute.Contracts.FundingTransition? Transition);

/// <summary>An action of the plan: a concrete step with an owner and a due date.</summary>
/// <param name="Id">The action.</param>
/// <param name="MemberId">The member it is for; none for the family's.</param>
/// <param name="Title">What is to be done.</param>
/// <param name="OwnerUserId">Who does it.</param>
/// <param name="OwnerName">Their name.</param>
/// <param name="DueOn">When it is due.</param>
/// <param name="Status"><c>open</c>, <c>done</c> or <c>dropped</c>.</param>
/// <param name="Source"><c>team</c>, or <c>mdo</c> for a decision of an MDO.</param>
/// <param name="MdoId">For an MDO's decision: the MDO.</param>
/// <param name="Version">Its version: the ETag of its updates.</param>
public sealed record ActionView(Guid Id, Guid? MemberId, string Title, string OwnerUserId, string OwnerName, DateOnly DueOn, string Status, string Source, Guid? MdoId, int Version)
{
    public static ActionView Of(FamilyFacts.ActionRow a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new(a.Id, a.MemberId, a.Title, a.OwnerUserId, a.OwnerName, a.DueOn, a.Status, a.Source, a.MdoId, a.Version);
    }
}

/// <summary>A relative who is not a client, named as a relative of one member.</summary>
/// <param name="Id">The relative's entry.</param>
/// <param name="RelativeOf">The member id of the member they are related to.</param>
/// <param name="Name">Their name.</param>
/// <param name="Relation">What they are to that member: partner, sibling, grandparent, other.</param>
public sealed record RelativeView(Guid Id, Guid RelativeOf, string Name, string Relation);

/// <summary>A goal of the plan.</summary>
/// <param name="Id">The goal.</param>
/// <param name="MemberId">The member it is for; none for a goal of the whole family.</param>
/// <param name="Title">What is aimed for.</param>
/// <param name="Description">More about it.</param>
/// <param name="OwnerUserId">The team member who owns it.</param>
/// <param name="OwnerName">Their name.</param>
/// <param name="Status"><c>open</c>, <c>achieved</c> or <c>dropped</c>.</param>
/// <param name="EvaluationOn">When it is evaluated next.</param>
/// <param name="Version">Its version: the ETag of its updates.</param>
public sealed record GoalView(Guid Id, Guid? MemberId, string Title, string? Description, string OwnerUserId, string OwnerName, string Status, DateOnly EvaluationOn, int Version)
{
    public static GoalView Of(FamilyFacts.GoalRow g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new(g.Id, g.MemberId, g.Title, g.Description, g.OwnerUserId, g.OwnerName, g.Status, g.EvaluationOn, g.Version);
    }
}

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
    public const string NotRequired = "not-required";
    public const string Given = "given";
    public const string EmergencyAccess = "emergency-access";
    public const string ChildProtectionMeasure = "child-protection-measure";
    public const string ParentalAuthority = "parental-authority";
    public const string NotGiven = "not-given";
    public const string Unavailable = "unavailable";
}

/// <summary>
/// What one viewer sees of a family, decided from the facts and the consent service's answer:
/// their own clients (or, for a client, themselves) with what their own referrals stated; a member
/// whose consent, emergency access or child-protection measure allows it, with every referral
/// about them; a relative their own referrals named, as name and relation only. Nothing else, and
/// nothing at all to a viewer who may see no one (then the family does not exist for them).
/// A viewer's own referrals are those they referred, those they accepted (their clients on the care
/// team), and for a client those about them. Checks show with the member they are about.
/// </summary>
public static class PlanView
{
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

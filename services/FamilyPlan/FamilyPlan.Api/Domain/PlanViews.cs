using System.Text.Json;
using Consent.Contracts;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Domain;

// The plan as GET /api/families/{id}/plan answers it. These records live in Domain, not Endpoints:
// the visibility policy (PlanVisibility) composes them, and the stores and consumers keep some of
// them (a relative, an MDO's participants, the funding answer's JSON) as they are.

/// <summary>The funding route decided for a referral: the law, who pays, the rule that decided and the paperwork it needs.</summary>
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
    /// <summary>The MDO as the plan shows it, from its stored row.</summary>
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
    /// <summary>The closure as the plan shows it, from its stored row.</summary>
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
    /// <summary>The intervention as the plan shows it, from its stored row.</summary>
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
    /// <summary>The action as the plan shows it, from its stored row.</summary>
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
    /// <summary>The goal as the plan shows it, from its stored row.</summary>
    public static GoalView Of(FamilyFacts.GoalRow g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return new(g.Id, g.MemberId, g.Title, g.Description, g.OwnerUserId, g.OwnerName, g.Status, g.EvaluationOn, g.Version);
    }
}

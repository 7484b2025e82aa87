namespace Coordination.Portal.Api;

// The family plan as the portal reads it (GET /api/families…): only the fields it shows.

public sealed record MyFamily(Guid FamilyId);

public sealed record MyFamiliesPage(IReadOnlyList<MyFamily> Items, string? NextCursor);

public sealed record PlanTaskAssignee(string UserId, string Name);

public sealed record PlanTaskMember(Guid MemberId, string? Name);

public sealed record MeldcodeStep(int Step, string Code, string Title, bool Done, DateTime? DoneAt, string? Note);

public sealed record PlanTask(
    Guid Id, string Kind, Guid SubjectMemberId, Guid ReferralId, PlanTaskAssignee Assignee, DateTime CreatedAt, string Status,
    IReadOnlyList<PlanTaskMember> Minors, IReadOnlyList<PlanTaskMember> Parents, string? Outcome = null, IReadOnlyList<MeldcodeStep>? Meldcode = null);

public sealed record PlanRelation(Guid? MemberId, string Relation, bool? Custody);

public sealed record ConsentBirthday(string Kind, DateOnly On, string TextNl, string TextEn);

public sealed record PlanReferral(
    Guid Id, string Domain, string Status, string Reason, string? ReferrerName, string? SuspectedDsmCode, string? SuspectedDsmDescription, DateTime SubmittedAt);

public sealed record PlanMember(
    Guid? MemberId, string? Name, string Consent, IReadOnlyList<PlanTask>? Tasks, string? Relation = null, Guid? RelationOf = null,
    DateOnly? BirthDate = null, bool? IsClient = null, IReadOnlyList<PlanRelation>? Relations = null, IReadOnlyList<PlanReferral>? Referrals = null,
    ConsentBirthday? ConsentBirthday = null)
{
    /// <summary>Whether the viewer sees the member's care data (the API then gives the birth date).</summary>
    public bool Shown => BirthDate is not null;
}

public sealed record PlanTeamMember(string? UserId, string Name, string Role, string? Domain, string Basis, string Status, bool Coordinator);

public sealed record CareTeam(IReadOnlyList<PlanTeamMember> Members, IReadOnlyList<PlanTeamMember> Invitations);

public sealed record PlanGoal(Guid Id, Guid? MemberId, string Title, string? Description, string OwnerName, string Status, DateOnly EvaluationOn);

public sealed record PlanRelative(Guid Id, Guid RelativeOf, string Name, string Relation);

public sealed record FundingOption(string Law, string FinancierType, string? FinancierCode, string? ProductCategory, bool DeductibleApplies);

public sealed record FundingRuleCitation(string RuleId, string Article, string ExplanationNl, string ExplanationEn)
{
    public string Explanation => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "nl" ? ExplanationNl : ExplanationEn;
}

public sealed record FundingTransition(
    DateOnly BirthdayOn, DateOnly DueFrom, bool Continues, string? Law, string? FinancierType, string? FinancierCode, string? StopReason,
    bool NewReferralNeeded, FundingRuleCitation Rule);

public sealed record InterventionFunding(
    IReadOnlyList<FundingOption> Options, IReadOnlyList<FundingRuleCitation> Rules, IReadOnlyList<string> Paperwork, DateTime DecidedAt,
    FundingTransition? Transition);

public sealed record PlanIntervention(
    Guid Id, Guid? MemberId, IReadOnlyList<Guid> ParticipantIds, string Kind, string Title, string ResponsibleName, DateOnly StartOn, DateOnly? EndOn,
    int? PlannedSessions, string Status, InterventionFunding? Funding);

public sealed record PlanAction(Guid Id, Guid? MemberId, string Title, string OwnerName, DateOnly DueOn, string Status, string Source, Guid? MdoId);

public sealed record EvaluationGoal(Guid GoalId, string WhatChanged, string WhatNext);

public sealed record PlanEvaluation(Guid Id, DateOnly HeldOn, string ByName, IReadOnlyList<EvaluationGoal> Goals);

public sealed record RelapseContact(string Name, string Role, string? Phone);

public sealed record RelapsePlan(IReadOnlyList<string> Signals, IReadOnlyList<string> Steps, IReadOnlyList<RelapseContact> Contacts);

public sealed record PlanClosure(DateTime ClosedAt, string ClosedByName, RelapsePlan RelapsePlan);

public sealed record PlanMdoParticipant(string Name, bool Required, string Status);

public sealed record PlanMdo(Guid Id, string Status, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<PlanMdoParticipant> Participants);

public sealed record OutcomeInstrument(string Id, string Name, decimal Min, decimal Max, string Direction, decimal? CutOff);

public sealed record OutcomePoint(DateOnly MeasuredOn, decimal Score, decimal ChangeSinceFirst, bool? Improved, bool? PastCutOff);

public sealed record InstrumentTrajectory(string InstrumentId, OutcomeInstrument? Instrument, IReadOnlyList<OutcomePoint> Points);

public sealed record MemberOutcomes(Guid MemberId, IReadOnlyList<InstrumentTrajectory> Instruments);

public sealed record FamilyOutcomes(IReadOnlyList<MemberOutcomes> Members);

public sealed record FamilyPlan(
    Guid FamilyId, IReadOnlyList<PlanMember> Members, PlanTeamMember? Coordinator = null, FamilyOutcomes? Outcomes = null, IReadOnlyList<PlanGoal>? Goals = null,
    IReadOnlyList<PlanRelative>? Relatives = null, IReadOnlyList<PlanIntervention>? Interventions = null, IReadOnlyList<PlanAction>? Actions = null,
    IReadOnlyList<PlanEvaluation>? Evaluations = null, PlanClosure? Closure = null, IReadOnlyList<PlanMdo>? Mdos = null)
{
    /// <summary>A member's name by member id, or null when the viewer does not see them.</summary>
    public string? NameOf(Guid? memberId) => memberId is null ? null : Members.FirstOrDefault(m => m.MemberId == memberId)?.Name;

    /// <summary>Whom a part of the plan is for: a member by name, or the whole family.</summary>
    public string ForWhom(Guid? memberId) => memberId is null ? Resources.Texts.TheFamily : NameOf(memberId) ?? Resources.Texts.SomeoneUnnamed;
}

public sealed record PlanChange(DateTime At, string UserName, Guid? MemberId, string ObjectType, string Change, IReadOnlyList<string> Fields);

public sealed record PlanHistoryPage(IReadOnlyList<PlanChange> Items, string? NextCursor);

namespace FhirEdge.Api.Domain;

// The referral service's public API as the edge speaks it (the gateway's /api/referrals): the
// fields the edge sends and reads, named as the API names them in JSON.

public sealed record ReferralSubmission(
    PersonPart Subject, IReadOnlyList<HouseholdPart> Household, ReferrerPart Referrer, string Domain, string? Reason,
    DsmPart? SuspectedDsm, string? CareLevel, bool Urgent, string? UrgentReason, ReceiverPart? Receiver);

public sealed record PersonPart(string? Bsn, string? Name, DateOnly? BirthDate, string? MunicipalityCode, string? Uzovi);

public sealed record HouseholdPart(string? Bsn, string? Name, DateOnly? BirthDate, string Relation, bool Custody);

public sealed record ReferrerPart(string? Agb, string Type, string? Name);

public sealed record DsmPart(string? Code, string? Description);

public sealed record ReceiverPart(string? Agb, string? Name);

public sealed record ReferralCreated(Guid Id, Guid FamilyId, string Status, DateTimeOffset SubmittedAt);

public sealed record ReferralChange(string Step, string Status, DateTimeOffset At, string? Reason);

public sealed record FollowedReferral(
    Guid Id, string SubjectBsn, string SubjectName, string Domain, string Reason, string Status, string ReferrerAgb, string? ReferrerName,
    string? SuspectedDsmCode, bool Urgent, string? ReceiverAgb, string? ReceiverName, DateTime SubmittedAt, IReadOnlyList<ReferralChange> Timeline);

public sealed record WorklistItem(Guid Id, string Status, string ReferrerAgb, string? ReceiverAgb, DateTime SubmittedAt);

public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, string? NextCursor);

// The funding route service's iJw assignment requests (the gateway's /api/funding/assignments).

public sealed record AssignmentSubject(string Bsn, DateOnly? BirthDate);

public sealed record IjwCodeView(string Code, string Meaning);

public sealed record AssignmentView(
    Guid Id, Guid ReferralId, AssignmentSubject Subject, string MunicipalityCode, string ProviderAgb, string ProductCategory, string Status,
    DateOnly RequestedOn, DateOnly? AssignedFrom, DateOnly? AssignedTo, DateOnly? StartedOn, DateOnly? StoppedOn, IjwCodeView? StopReason, int Version = 0,
    bool InvestigatingResidence = false);

public sealed record AssignmentPage(IReadOnlyList<AssignmentView> Items, string? NextCursor);

// The family plan as the family plan service gives it to one viewer (the gateway's /api/families/{id}/plan), filtered by consent.

public sealed record PlanReferral(Guid Id, string Status);

public sealed record PlanMember(Guid? MemberId, string? Name, string Consent, string? Relation, string? Bsn, DateOnly? BirthDate, IReadOnlyList<PlanReferral> Referrals);

public sealed record PlanGoal(Guid Id, Guid? MemberId, string Title, string? Description, string OwnerName, string Status, DateOnly EvaluationOn);

public sealed record PlanIntervention(Guid Id, Guid? MemberId, string Kind, string Title, string ResponsibleName, DateOnly StartOn, DateOnly? EndOn, string Status);

public sealed record PlanClosure(DateTime ClosedAt);

public sealed record OutcomeRecorder(string Name, string Role);

public sealed record OutcomePoint(Guid Id, DateOnly MeasuredOn, decimal Score, bool? PastCutOff, OutcomeRecorder RecordedBy);

public sealed record OutcomeInstrument(string Name, string Measures);

public sealed record InstrumentTrajectory(string InstrumentId, OutcomeInstrument? Instrument, IReadOnlyList<OutcomePoint> Points);

public sealed record MemberOutcomes(Guid MemberId, IReadOnlyList<InstrumentTrajectory> Instruments);

public sealed record FamilyOutcomes(IReadOnlyList<MemberOutcomes> Members);

public sealed record PlanMdoParticipant(string Name, bool Required, string Status);

public sealed record PlanMdo(Guid Id, string Status, DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<PlanMdoParticipant> Participants);

public sealed record FamilyPlan(
    Guid FamilyId, IReadOnlyList<PlanMember> Members, IReadOnlyList<PlanGoal>? Goals, IReadOnlyList<PlanIntervention>? Interventions, PlanClosure? Closure,
    FamilyOutcomes? Outcomes = null, IReadOnlyList<PlanMdo>? Mdos = null);

// The family's care team (the gateway's /api/families/{id}/team).

public sealed record TeamMember(string Name, string Role, string? Agb, string? OrganisationAgb, string Status, DateTime Since, bool Coordinator);

public sealed record Team(Guid FamilyId, IReadOnlyList<TeamMember> Members);

// The consent service's decisions and the client's access log (the gateway's /api/consents).

public sealed record ConsentPerson(Guid MemberId, string? Name);

public sealed record ConsentPurpose(string Code);

public sealed record ConsentRecipient(string Kind, string Id);

public sealed record ConsentPeriod(DateOnly From, DateOnly? Until);

public sealed record ConsentRule(string Id, string Text);

public sealed record ConsentDeclaration(Guid MemberId, string? Name, string Capacity, DateTimeOffset DeclaredAt, bool Counts);

public sealed record ConsentDecision(
    Guid Id, ConsentPerson Subject, ConsentPurpose Purpose, ConsentRecipient Recipient, ConsentPeriod Period, string State,
    IReadOnlyList<ConsentDeclaration> Declarations, ConsentRule Rule);

public sealed record Accessor(string Id, string? Name, string Role, string? OnBehalfOf);

public sealed record Access(DateTimeOffset At, string Service, Accessor Who, string Action, string Outcome, string Purpose, string ObjectType, string? ObjectId, bool EmergencyAccess);

public sealed record AccessLog(IReadOnlyList<Access> Items, string? NextCursor, bool Complete, IReadOnlyList<string> Unavailable);

// A funding route as its financier reads it (the gateway's /api/funding-routes/{referralId}): no clinical content.

public sealed record FinancierRoute(
    Guid ReferralId, AssignmentSubject Subject, string Law, string FinancierType, string FinancierCode, string? ProductCategory,
    bool DeductibleApplies, string RuleId, string Rule, DateTimeOffset DecidedAt);

public sealed record DeclarableSubject(Guid MemberId, string? Name, Guid FamilyId, string Capacity);

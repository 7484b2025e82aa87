using System.Text.Json;

namespace FamilyPlan.Api.Data;

/// <summary>Everything the plan holds about one family, each statement with the referral that made it.</summary>
public sealed record FamilyFacts(
    Guid FamilyId,
    IReadOnlyList<FamilyFacts.Referral> Referrals,
    IReadOnlyList<FamilyFacts.StatedMember> Members,
    IReadOnlyList<FamilyFacts.StatedRelation> Relations,
    IReadOnlyList<FamilyFacts.Route> Routes,
    IReadOnlyDictionary<string, Guid> MemberIds,
    IReadOnlyList<FamilyFacts.CareTeamMember> CareTeam,
    IReadOnlyList<FamilyFacts.CareTask> Tasks)
{
    /// <summary>Professionals invited to the team, and anyone who left it (the team_members rows).</summary>
    public IReadOnlyList<TeamRow> Invited { get; init; } = [];

    /// <summary>The coordinator (regisseur), by user id; null until someone takes the role.</summary>
    public string? CoordinatorUserId { get; init; }

    /// <summary>The team's version: the ETag of its updates.</summary>
    public int TeamVersion { get; init; } = 1;

    /// <summary>Relatives who are not clients, each named as a relative of one member.</summary>
    public IReadOnlyList<RelativeRow> Relatives { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>A relative who is not a client, as a professional who treats <see cref="RelativeOf"/> named them.</summary>
    public sealed class RelativeRow
    {
        public Guid Id { get; set; }
        public Guid RelativeOf { get; set; }
        public string Name { get; set; } = string.Empty;
        public string Relation { get; set; } = string.Empty;
    }

    /// <summary>The plan's goals, for members and for the family.</summary>
    public IReadOnlyList<GoalRow> Goals { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>A goal: for one member, or for the family when <see cref="MemberId"/> is null.</summary>
    public sealed class GoalRow
    {
        public Guid Id { get; set; }
        public Guid? MemberId { get; set; }
        public string Title { get; set; } = string.Empty;
        public string? Description { get; set; }
        public string OwnerUserId { get; set; } = string.Empty;
        public string OwnerName { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public DateOnly EvaluationOn { get; set; }
        public DateTime UpdatedAt { get; set; }
        public int Version { get; set; }
    }

    /// <summary>The plan's interventions, each with the funding answer once it arrived.</summary>
    public IReadOnlyList<InterventionRow> Interventions { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An intervention: for one member, or for the family when <see cref="MemberId"/> is null.</summary>
    public sealed class InterventionRow
    {
        public Guid Id { get; set; }
        public Guid? MemberId { get; set; }
        public string ParticipantsJson { get; set; } = "[]";
        public string Kind { get; set; } = string.Empty;
        public string Title { get; set; } = string.Empty;
        public string? Description { get; set; }
        public string ResponsibleUserId { get; set; } = string.Empty;
        public string ResponsibleName { get; set; } = string.Empty;
        public string ResponsibleRole { get; set; } = string.Empty;
        public string? ResponsibleDomain { get; set; }
        public string? ResponsibleOrg { get; set; }
        public DateOnly StartOn { get; set; }
        public DateOnly? EndOn { get; set; }
        public int? PlannedSessions { get; set; }
        public string Status { get; set; } = string.Empty;
        public int Version { get; set; }
        public int? FundingVersion { get; set; }
        public string? FundingOptionsJson { get; set; }
        public string? FundingRulesJson { get; set; }
        public string? FundingPaperworkJson { get; set; }
        public DateTime? FundingDecidedAt { get; set; }
        public string? FundingTransitionJson { get; set; }

        public IReadOnlyList<Guid> Participants => JsonSerializer.Deserialize<List<Guid>>(ParticipantsJson) ?? [];
    }

    /// <summary>The plan's evaluations, each with its lines per goal.</summary>
    public IReadOnlyList<EvaluationRow> Evaluations { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An evaluation: who looked back, on which day.</summary>
    public sealed class EvaluationRow
    {
        public Guid Id { get; set; }
        public DateOnly HeldOn { get; set; }
        public string ByUserId { get; set; } = string.Empty;
        public string ByName { get; set; } = string.Empty;
        public DateTime CreatedAt { get; set; }
        public List<EvaluationGoalRow> Goals { get; } = [];
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An evaluation's line on one goal.</summary>
    public sealed class EvaluationGoalRow
    {
        public Guid EvaluationId { get; set; }
        public Guid GoalId { get; set; }
        public string WhatChanged { get; set; } = string.Empty;
        public string WhatNext { get; set; } = string.Empty;
    }

    /// <summary>The plan's closure with its relapse-prevention plan; null while the plan is open.</summary>
    public ClosureRow? Closure { get; init; }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>The closure of the plan: when, by whom, and the relapse-prevention plan as JSON lists.</summary>
    public sealed class ClosureRow
    {
        public DateTime ClosedAt { get; set; }
        public string ClosedBy { get; set; } = string.Empty;
        public string ClosedByName { get; set; } = string.Empty;
        public string SignalsJson { get; set; } = "[]";
        public string StepsJson { get; set; } = "[]";
        public string ContactsJson { get; set; } = "[]";
    }

    /// <summary>The plan's actions, from the team and from MDOs.</summary>
    public IReadOnlyList<ActionRow> Actions { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An action: for one member, or for the family when <see cref="MemberId"/> is null.</summary>
    public sealed class ActionRow
    {
        public Guid Id { get; set; }
        public Guid? MemberId { get; set; }
        public string Title { get; set; } = string.Empty;
        public string OwnerUserId { get; set; } = string.Empty;
        public string OwnerName { get; set; } = string.Empty;
        public DateOnly DueOn { get; set; }
        public string Status { get; set; } = string.Empty;
        public string Source { get; set; } = string.Empty;
        public Guid? MdoId { get; set; }
        public int Version { get; set; }
    }

    /// <summary>The family's MDOs, as the MDO service announced them.</summary>
    public IReadOnlyList<MdoRow> Mdos { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An MDO: when, its status and who takes part.</summary>
    public sealed class MdoRow
    {
        public Guid MdoId { get; set; }
        public string Status { get; set; } = string.Empty;
        public DateTime StartsAt { get; set; }
        public DateTime EndsAt { get; set; }
        public string ParticipantsJson { get; set; } = "[]";
        public int Version { get; set; }
    }

    /// <summary>Every outcome measurement of the family's members.</summary>
    public IReadOnlyList<Domain.OutcomeMeasurement> Outcomes { get; init; } = [];

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>An outcome measurement as stored: the score in hundredths.</summary>
    public sealed class OutcomeRow
    {
        public Guid Id { get; set; }
        public Guid MemberId { get; set; }
        public string InstrumentId { get; set; } = string.Empty;
        public long ScoreHundredths { get; set; }
        public DateOnly MeasuredOn { get; set; }
        public string RecordedByUserId { get; set; } = string.Empty;
        public string RecordedByName { get; set; } = string.Empty;
        public string RecordedByRole { get; set; } = string.Empty;

        public Domain.OutcomeMeasurement Measurement =>
            new(Id, MemberId, InstrumentId, ScoreHundredths / 100m, MeasuredOn, new Domain.OutcomeRecorder(RecordedByUserId, RecordedByName, RecordedByRole));
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>A professional invited to the team: invited, active (accepted), declined or left.</summary>
    public sealed class TeamRow
    {
        public string UserId { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Role { get; set; } = string.Empty;
        public string? OrganisationAgb { get; set; }
        public string? Domain { get; set; }
        public string Status { get; set; } = string.Empty;
        public string? InvitedBy { get; set; }
        public DateTime InvitedAt { get; set; }
        public DateTime? AnsweredAt { get; set; }
        public DateTime? LeftAt { get; set; }
        public string? Reason { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class StatedMember
    {
        public Guid ReferralId { get; set; }
        public string Bsn { get; set; } = string.Empty;
        public string? Name { get; set; }
        public DateOnly BirthDate { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class StatedRelation
    {
        public Guid ReferralId { get; set; }
        public string SubjectBsn { get; set; } = string.Empty;
        public string MemberBsn { get; set; } = string.Empty;
        public string Relation { get; set; } = string.Empty;
        public bool? Custody { get; set; }
        public DateTime StatedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class Referral
    {
        public Guid Id { get; set; }
        public string SubjectBsn { get; set; } = string.Empty;
        public string Domain { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public string Reason { get; set; } = string.Empty;
        public string ReferrerAgb { get; set; } = string.Empty;
        public string? ReferrerName { get; set; }
        public string? SuspectedDsmCode { get; set; }
        public string? SuspectedDsmDescription { get; set; }
        public DateTime SubmittedAt { get; set; }
        public int SupplementCount { get; set; }
        public DateTime? LastSupplementedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>A professional who joined the care team by accepting a referral.</summary>
    public sealed class CareTeamMember
    {
        public Guid ReferralId { get; set; }
        public string UserId { get; set; } = string.Empty;
        public Guid SubjectMemberId { get; set; }
        public string Name { get; set; } = string.Empty;
        public string Role { get; set; } = string.Empty;
        public string? Agb { get; set; }
        public string? OrganisationAgb { get; set; }
        public string? Domain { get; set; }
        public DateTime JoinedAt { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    /// <summary>A kindcheck or oudercheck, with its Meldcode steps once a kindcheck found concerns.</summary>
    public sealed class CareTask
    {
        public Guid Id { get; set; }
        public Guid ReferralId { get; set; }
        public string Kind { get; set; } = string.Empty;
        public Guid SubjectMemberId { get; set; }
        public string MembersJson { get; set; } = "[]";
        public string AssigneeUserId { get; set; } = string.Empty;
        public string AssigneeName { get; set; } = string.Empty;
        public DateTime CreatedAt { get; set; }
        public string Status { get; set; } = string.Empty;
        public string? Outcome { get; set; }
        public string? Note { get; set; }
        public DateTime? DoneAt { get; set; }
        public string? DoneBy { get; set; }
        public List<MeldcodeStepRow> Steps { get; } = [];
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class MeldcodeStepRow
    {
        public Guid TaskId { get; set; }
        public int Step { get; set; }
        public DateTime? DoneAt { get; set; }
        public string? DoneBy { get; set; }
        public string? Note { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    public sealed class Route
    {
        public Guid ReferralId { get; set; }
        public string Law { get; set; } = string.Empty;
        public string FinancierType { get; set; } = string.Empty;
        public string? FinancierCode { get; set; }
        public string? ProductCategory { get; set; }
        public string RuleId { get; set; } = string.Empty;
        public string RuleText { get; set; } = string.Empty;
        public string PaperworkJson { get; set; } = string.Empty;
        public bool DeductibleApplies { get; set; }
        public DateTime DecidedAt { get; set; }
    }
}

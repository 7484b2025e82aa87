using Coordination.Data;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>
/// Reads a family's facts for the plan (<see cref="FamilyFacts"/>); <see cref="Domain.PlanVisibility"/> decides what a viewer sees of them.
/// </summary>
public sealed class PlanStore(Database database)
{
    // The status of the newest status change, if any arrived; else the one the submission stated (version 1).
    private const string ReferralsSql = """
        SELECT r.id AS Id, r.subject_bsn AS SubjectBsn, r.domain AS Domain, COALESCE(p.status, r.status) AS Status, r.reason AS Reason,
            r.referrer_agb AS ReferrerAgb, r.referrer_name AS ReferrerName, r.suspected_dsm_code AS SuspectedDsmCode,
            r.suspected_dsm_description AS SuspectedDsmDescription, r.submitted_at AS SubmittedAt,
            (SELECT COUNT(*) FROM plan_referral_supplements s WHERE s.referral_id = r.id) AS SupplementCount,
            (SELECT MAX(s.supplemented_at) FROM plan_referral_supplements s WHERE s.referral_id = r.id) AS LastSupplementedAt
        FROM plan_referrals r LEFT JOIN plan_referral_progress p ON p.referral_id = r.id
        WHERE r.family_id = @FamilyId ORDER BY r.submitted_at
        """;
    private const string MembersSql = """
        SELECT m.referral_id AS ReferralId, m.bsn AS Bsn, m.name AS Name, m.birth_date AS BirthDate, r.submitted_at AS StatedAt
        FROM stated_members m JOIN plan_referrals r ON r.id = m.referral_id
        WHERE m.family_id = @FamilyId
        """;
    private const string RelationsSql = """
        SELECT s.referral_id AS ReferralId, s.subject_bsn AS SubjectBsn, s.member_bsn AS MemberBsn, s.relation AS Relation, s.custody AS Custody,
            r.submitted_at AS StatedAt
        FROM stated_relations s JOIN plan_referrals r ON r.id = s.referral_id
        WHERE s.family_id = @FamilyId
        """;
    private const string RoutesSql = """
        SELECT referral_id AS ReferralId, law AS Law, financier_type AS FinancierType, financier_code AS FinancierCode,
            product_category AS ProductCategory, rule_id AS RuleId, rule_text AS RuleText, paperwork_json AS PaperworkJson,
            deductible_applies AS DeductibleApplies, decided_at AS DecidedAt
        FROM plan_funding_routes WHERE family_id = @FamilyId
        """;
    private const string MemberIdsSql = """
        SELECT DISTINCT i.bsn AS Bsn, i.member_id AS MemberId
        FROM plan_members i JOIN stated_members m ON m.bsn = i.bsn
        WHERE m.family_id = @FamilyId
        """;
    private const string CareTeamSql = """
        SELECT referral_id AS ReferralId, user_id AS UserId, subject_member_id AS SubjectMemberId, name AS Name, role AS Role, agb AS Agb,
            organisation_agb AS OrganisationAgb, domain AS Domain, joined_at AS JoinedAt
        FROM care_team_members WHERE family_id = @FamilyId
        """;
    private const string TasksSql = """
        SELECT id AS Id, referral_id AS ReferralId, kind AS Kind, subject_member_id AS SubjectMemberId, members_json AS MembersJson,
            assignee_user_id AS AssigneeUserId, assignee_name AS AssigneeName, created_at AS CreatedAt, status AS Status,
            outcome AS Outcome, note AS Note, done_at AS DoneAt, done_by AS DoneBy
        FROM plan_tasks WHERE family_id = @FamilyId ORDER BY created_at, kind
        """;
    private const string StepsSql = """
        SELECT m.task_id AS TaskId, m.step AS Step, m.done_at AS DoneAt, m.done_by AS DoneBy, m.note AS Note
        FROM meldcode_steps m JOIN plan_tasks t ON t.id = m.task_id
        WHERE t.family_id = @FamilyId ORDER BY m.step
        """;

    private const string TeamSql = """
        SELECT user_id AS UserId, name AS Name, role AS Role, organisation_agb AS OrganisationAgb, domain AS Domain, status AS Status,
            invited_by AS InvitedBy, invited_at AS InvitedAt, answered_at AS AnsweredAt, left_at AS LeftAt, reason AS Reason
        FROM team_members WHERE family_id = @FamilyId ORDER BY invited_at, user_id
        """;
    private const string OutcomesSql = """
        SELECT id AS Id, member_id AS MemberId, instrument_id AS InstrumentId, score_hundredths AS ScoreHundredths, measured_on AS MeasuredOn,
            recorded_by_user_id AS RecordedByUserId, recorded_by_name AS RecordedByName, recorded_by_role AS RecordedByRole
        FROM outcome_measurements WHERE family_id = @FamilyId
        """;
    private const string GoalSelect = """
        SELECT id AS Id, member_id AS MemberId, title AS Title, description AS Description, owner_user_id AS OwnerUserId, owner_name AS OwnerName,
            status AS Status, evaluation_on AS EvaluationOn, updated_at AS UpdatedAt, version AS Version
        FROM plan_goals WHERE family_id = @FamilyId
        """;
    private const string GoalsSql = GoalSelect + " ORDER BY created_at, id";
    private const string GoalSql = GoalSelect + " AND id = @Id";
    private const string RelativesSql = """
        SELECT id AS Id, relative_of AS RelativeOf, name AS Name, relation AS Relation FROM plan_relatives WHERE family_id = @FamilyId ORDER BY added_at, id
        """;
    private const string InterventionSelect = """
        SELECT i.id AS Id, i.member_id AS MemberId, i.participants_json AS ParticipantsJson, i.kind AS Kind, i.title AS Title,
            i.description AS Description, i.responsible_user_id AS ResponsibleUserId, i.responsible_name AS ResponsibleName,
            i.responsible_role AS ResponsibleRole, i.responsible_domain AS ResponsibleDomain, i.responsible_org AS ResponsibleOrg,
            i.start_on AS StartOn, i.end_on AS EndOn, i.planned_sessions AS PlannedSessions, i.status AS Status, i.version AS Version,
            f.version AS FundingVersion, f.options_json AS FundingOptionsJson, f.rules_json AS FundingRulesJson,
            f.paperwork_json AS FundingPaperworkJson, f.decided_at AS FundingDecidedAt, f.transition_json AS FundingTransitionJson
        FROM plan_interventions i LEFT JOIN plan_intervention_funding f ON f.intervention_id = i.id
        WHERE i.family_id = @FamilyId
        """;
    private const string InterventionsSql = InterventionSelect + " ORDER BY i.start_on, i.created_at, i.id";
    private const string InterventionSql = InterventionSelect + " AND i.id = @Id";
    private const string ActionSelect = """
        SELECT id AS Id, member_id AS MemberId, title AS Title, owner_user_id AS OwnerUserId, owner_name AS OwnerName, due_on AS DueOn,
            status AS Status, source AS Source, mdo_id AS MdoId, version AS Version
        FROM plan_actions WHERE family_id = @FamilyId
        """;
    private const string ActionsSql = ActionSelect + " ORDER BY due_on, created_at, id";
    private const string ActionSql = ActionSelect + " AND id = @Id";
    private const string MdosSql = """
        SELECT mdo_id AS MdoId, status AS Status, starts_at AS StartsAt, ends_at AS EndsAt, participants_json AS ParticipantsJson, version AS Version
        FROM plan_mdos WHERE family_id = @FamilyId ORDER BY starts_at, mdo_id
        """;
    private const string EvaluationsSql = """
        SELECT id AS Id, held_on AS HeldOn, by_user_id AS ByUserId, by_name AS ByName, created_at AS CreatedAt
        FROM plan_evaluations WHERE family_id = @FamilyId ORDER BY held_on, created_at, id
        """;
    private const string EvaluationGoalsSql = """
        SELECT evaluation_id AS EvaluationId, goal_id AS GoalId, what_changed AS WhatChanged, what_next AS WhatNext
        FROM plan_evaluation_goals WHERE family_id = @FamilyId
        """;
    private const string ClosureSql = """
        SELECT closed_at AS ClosedAt, closed_by AS ClosedBy, closed_by_name AS ClosedByName, signals_json AS SignalsJson, steps_json AS StepsJson,
            contacts_json AS ContactsJson
        FROM plan_closures WHERE family_id = @FamilyId
        """;
    private const string FamilySql = "SELECT coordinator_user_id AS CoordinatorUserId, team_version AS TeamVersion FROM families WHERE id = @FamilyId";

    /// <summary>Every fact of the family, or null when the plan holds no referral of it.</summary>
    public Task<FamilyFacts?> ReadAsync(Guid familyId, CancellationToken ct) => ReadAsync(familyId, history: true, ct);

    /// <summary>
    /// The family without its history (goals, interventions, actions, MDOs, evaluations, outcomes, left empty): who is in it
    /// and what the referrals stated, the care team, the relatives, the tasks and the closure. What authorising a new part of
    /// the plan needs; its cost does not grow with the years of work in the plan (issue 22). Null as <see cref="ReadAsync(Guid, CancellationToken)"/>.
    /// </summary>
    public Task<FamilyFacts?> ReadWithoutHistoryAsync(Guid familyId, CancellationToken ct) => ReadAsync(familyId, history: false, ct);

    private async Task<FamilyFacts?> ReadAsync(Guid familyId, bool history, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var args = new { FamilyId = familyId };
        var referrals = (await connection.QueryAsync<FamilyFacts.Referral>(new CommandDefinition(ReferralsSql, args, cancellationToken: ct))).ToList();
        if (referrals.Count == 0)
        {
            return null;
        }

        var members = (await connection.QueryAsync<FamilyFacts.StatedMember>(new CommandDefinition(MembersSql, args, cancellationToken: ct))).ToList();
        var relations = (await connection.QueryAsync<FamilyFacts.StatedRelation>(new CommandDefinition(RelationsSql, args, cancellationToken: ct))).ToList();
        var routes = (await connection.QueryAsync<FamilyFacts.Route>(new CommandDefinition(RoutesSql, args, cancellationToken: ct))).ToList();
        var ids = (await connection.QueryAsync<MemberIdRow>(new CommandDefinition(MemberIdsSql, args, cancellationToken: ct)))
            .ToDictionary(r => r.Bsn, r => r.MemberId, StringComparer.Ordinal);
        var team = (await connection.QueryAsync<FamilyFacts.CareTeamMember>(new CommandDefinition(CareTeamSql, args, cancellationToken: ct))).ToList();
        var tasks = (await connection.QueryAsync<FamilyFacts.CareTask>(new CommandDefinition(TasksSql, args, cancellationToken: ct))).ToList();
        var byId = tasks.ToDictionary(t => t.Id);
        foreach (var step in await connection.QueryAsync<FamilyFacts.MeldcodeStepRow>(new CommandDefinition(StepsSql, args, cancellationToken: ct)))
        {
            byId[step.TaskId].Steps.Add(step);
        }

        var invited = (await connection.QueryAsync<FamilyFacts.TeamRow>(new CommandDefinition(TeamSql, args, cancellationToken: ct))).ToList();
        var family = await connection.QuerySingleAsync<FamilyRow>(new CommandDefinition(FamilySql, args, cancellationToken: ct));
        var relatives = (await connection.QueryAsync<FamilyFacts.RelativeRow>(new CommandDefinition(RelativesSql, args, cancellationToken: ct))).ToList();
        var closure = await connection.QuerySingleOrDefaultAsync<FamilyFacts.ClosureRow>(new CommandDefinition(ClosureSql, args, cancellationToken: ct));
        var facts = new FamilyFacts(familyId, referrals, members, relations, routes, ids, team, tasks)
        {
            Invited = invited,
            CoordinatorUserId = family.CoordinatorUserId,
            TeamVersion = family.TeamVersion,
            Relatives = relatives,
            Closure = closure,
        };
        if (!history)
        {
            return facts;
        }

        var goals = (await connection.QueryAsync<FamilyFacts.GoalRow>(new CommandDefinition(GoalsSql, args, cancellationToken: ct))).ToList();
        var interventions = (await connection.QueryAsync<FamilyFacts.InterventionRow>(new CommandDefinition(InterventionsSql, args, cancellationToken: ct))).ToList();
        var actions = (await connection.QueryAsync<FamilyFacts.ActionRow>(new CommandDefinition(ActionsSql, args, cancellationToken: ct))).ToList();
        var mdos = (await connection.QueryAsync<FamilyFacts.MdoRow>(new CommandDefinition(MdosSql, args, cancellationToken: ct))).ToList();
        var evaluations = (await connection.QueryAsync<FamilyFacts.EvaluationRow>(new CommandDefinition(EvaluationsSql, args, cancellationToken: ct))).ToList();
        var evaluationsById = evaluations.ToDictionary(e => e.Id);
        foreach (var line in await connection.QueryAsync<FamilyFacts.EvaluationGoalRow>(new CommandDefinition(EvaluationGoalsSql, args, cancellationToken: ct)))
        {
            evaluationsById[line.EvaluationId].Goals.Add(line);
        }

        var outcomes = (await connection.QueryAsync<FamilyFacts.OutcomeRow>(new CommandDefinition(OutcomesSql, args, cancellationToken: ct))).Select(o => o.Measurement).ToList();
        return facts with
        {
            Outcomes = outcomes,
            Goals = goals,
            Interventions = interventions,
            Actions = actions,
            Mdos = mdos,
            Evaluations = evaluations,
        };
    }

    /// <summary>One goal of the family, or null: what changing it needs, whatever else the plan holds.</summary>
    public Task<FamilyFacts.GoalRow?> FindGoalAsync(Guid familyId, Guid goalId, CancellationToken ct) => FindAsync<FamilyFacts.GoalRow>(GoalSql, familyId, goalId, ct);

    /// <summary>One intervention of the family with its funding answer, or null.</summary>
    public Task<FamilyFacts.InterventionRow?> FindInterventionAsync(Guid familyId, Guid interventionId, CancellationToken ct) =>
        FindAsync<FamilyFacts.InterventionRow>(InterventionSql, familyId, interventionId, ct);

    /// <summary>One action of the family, or null.</summary>
    public Task<FamilyFacts.ActionRow?> FindActionAsync(Guid familyId, Guid actionId, CancellationToken ct) => FindAsync<FamilyFacts.ActionRow>(ActionSql, familyId, actionId, ct);

    private async Task<T?> FindAsync<T>(string sql, Guid familyId, Guid id, CancellationToken ct)
        where T : class
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, new { FamilyId = familyId, Id = id }, cancellationToken: ct));
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class FamilyRow
    {
        public string? CoordinatorUserId { get; set; }
        public int TeamVersion { get; set; }
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class MemberIdRow
    {
        public string Bsn { get; set; } = string.Empty;
        public Guid MemberId { get; set; }
    }
}

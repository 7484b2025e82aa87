using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>An evaluation as it is to be stored: per goal, what changed and what next.</summary>
public sealed record EvaluationState(Guid Id, DateOnly HeldOn, string ByUserId, string ByName, IReadOnlyList<EvaluationLine> Goals);

/// <summary>An evaluation's line on one goal; the goal's member, when it is a member's, for the history.</summary>
public sealed record EvaluationLine(Guid GoalId, Guid? MemberId, string WhatChanged, string WhatNext);

/// <summary>Stores the plan's evaluations: the evaluation, its lines, the history and the access-log entries in one unit of work.</summary>
public sealed class EvaluationStore(UnitOfWork unitOfWork)
{
    private const string InsertSql = """
        INSERT INTO plan_evaluations (id, family_id, held_on, by_user_id, by_name, created_at)
        VALUES (@Id, @FamilyId, @HeldOn, @ByUserId, @ByName, @At)
        """;
    private const string InsertLineSql = """
        INSERT INTO plan_evaluation_goals (evaluation_id, goal_id, family_id, what_changed, what_next)
        VALUES (@EvaluationId, @GoalId, @FamilyId, @WhatChanged, @WhatNext)
        """;

    /// <summary>Adds <paramref name="evaluation"/> to the family's plan.</summary>
    public Task CreateAsync(Guid familyId, EvaluationState evaluation, IReadOnlyList<AuditEntry> access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql,
                new { evaluation.Id, FamilyId = familyId, evaluation.HeldOn, evaluation.ByUserId, evaluation.ByName, At = write.NowUtc },
                write.Transaction, cancellationToken: write.CancellationToken));
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertLineSql,
                evaluation.Goals.Select(g => new { EvaluationId = evaluation.Id, g.GoalId, FamilyId = familyId, g.WhatChanged, g.WhatNext }).ToList(),
                write.Transaction, cancellationToken: write.CancellationToken));
            // One line of history per member whose goal was evaluated, and one for the family's goals.
            foreach (var member in evaluation.Goals.Select(g => g.MemberId).Distinct())
            {
                await PlanChanges.RecordAsync(write, familyId, new PlanChange(evaluation.ByUserId, evaluation.ByName, member, "evaluation", evaluation.Id.ToString(), "added"));
            }

            foreach (var entry in access)
            {
                write.Audit(entry);
            }
        }, ct);
}

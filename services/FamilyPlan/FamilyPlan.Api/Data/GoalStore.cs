using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>A goal as it is to be stored: new, or the next version of one.</summary>
public sealed record GoalChange(Guid Id, Guid? MemberId, string Title, string? Description, string OwnerUserId, string OwnerName, string Status, DateOnly EvaluationOn);

/// <summary>Stores the plan's goals: the goal, its line of history and its access-log entry in one unit of work.</summary>
public sealed class GoalStore(UnitOfWork unitOfWork)
{
    private const string InsertSql = """
        INSERT INTO plan_goals (id, family_id, member_id, title, description, owner_user_id, owner_name, status, evaluation_on,
            created_by, created_at, updated_at, version)
        VALUES (@Id, @FamilyId, @MemberId, @Title, @Description, @OwnerUserId, @OwnerName, @Status, @EvaluationOn, @By, @At, @At, 1)
        """;

    // The version in the WHERE decides between two updates of one version: the second changes nothing.
    private const string UpdateSql = """
        UPDATE plan_goals SET title = @Title, description = @Description, owner_user_id = @OwnerUserId, owner_name = @OwnerName,
            status = @Status, evaluation_on = @EvaluationOn, updated_at = @At, version = version + 1
        WHERE id = @Id AND family_id = @FamilyId AND version = @Version
        """;

    /// <summary>Adds <paramref name="goal"/> to the family's plan.</summary>
    public Task CreateAsync(Guid familyId, GoalChange goal, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, Args(familyId, goal, access, write.NowUtc, version: 1), write.Transaction, cancellationToken: write.CancellationToken));
            await PlanChanges.RecordAsync(write, familyId, change);
            write.Audit(access);
        }, ct);

    /// <summary>Stores the next version of a goal read at <paramref name="version"/>; false when it changed since.</summary>
    public Task<bool> UpdateAsync(Guid familyId, GoalChange goal, int version, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var updated = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, Args(familyId, goal, access, write.NowUtc, version),
                write.Transaction, cancellationToken: write.CancellationToken));
            if (updated == 1)
            {
                await PlanChanges.RecordAsync(write, familyId, change);
                write.Audit(access);
            }

            return updated == 1;
        }, ct);

    private static object Args(Guid familyId, GoalChange goal, AuditEntry access, DateTime at, int version) => new
    {
        goal.Id,
        FamilyId = familyId,
        goal.MemberId,
        goal.Title,
        goal.Description,
        goal.OwnerUserId,
        goal.OwnerName,
        goal.Status,
        goal.EvaluationOn,
        By = access.UserId,
        At = at,
        Version = version,
    };
}

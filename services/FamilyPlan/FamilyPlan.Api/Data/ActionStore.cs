using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>An action as it is to be stored: new, or the next version of one.</summary>
public sealed record ActionState(Guid Id, Guid? MemberId, string Title, string OwnerUserId, string OwnerName, DateOnly DueOn, string Status);

/// <summary>Stores the plan's actions from the team: the action, its line in the change history and its access-log entry in one unit of work.</summary>
public sealed class ActionStore(UnitOfWork unitOfWork)
{
    internal const string InsertSql = """
        INSERT INTO plan_actions (id, family_id, member_id, title, owner_user_id, owner_name, due_on, status, source, mdo_id, created_by, created_at, updated_at, version)
        VALUES (@Id, @FamilyId, @MemberId, @Title, @OwnerUserId, @OwnerName, @DueOn, @Status, @Source, @MdoId, @By, @At, @At, 1)
        """;

    // The version in the WHERE decides between two updates of one version: the second changes nothing.
    private const string UpdateSql = """
        UPDATE plan_actions SET title = @Title, owner_user_id = @OwnerUserId, owner_name = @OwnerName, due_on = @DueOn, status = @Status,
            updated_at = @At, version = version + 1
        WHERE id = @Id AND family_id = @FamilyId AND version = @Version
        """;

    /// <summary>Adds the team's <paramref name="action"/> to the family's plan.</summary>
    public Task CreateAsync(Guid familyId, ActionState action, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, Args(familyId, action, access.UserId, write.NowUtc, 1, Domain.ActionSources.Team, null),
                write.Transaction, cancellationToken: write.CancellationToken));
            await PlanChanges.RecordAsync(write, familyId, change);
            write.Audit(access);
        }, ct);

    /// <summary>Stores the next version of an action read at <paramref name="version"/>; false when it changed since.</summary>
    public Task<bool> UpdateAsync(Guid familyId, ActionState action, int version, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var updated = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, Args(familyId, action, access.UserId, write.NowUtc, version, null, null),
                write.Transaction, cancellationToken: write.CancellationToken));
            if (updated == 1)
            {
                await PlanChanges.RecordAsync(write, familyId, change);
                write.Audit(access);
            }

            return updated == 1;
        }, ct);

    internal static object Args(Guid familyId, ActionState a, string by, DateTime at, int version, string? source, Guid? mdoId) => new
    {
        a.Id,
        FamilyId = familyId,
        a.MemberId,
        a.Title,
        a.OwnerUserId,
        a.OwnerName,
        a.DueOn,
        a.Status,
        Source = source,
        MdoId = mdoId,
        By = by,
        At = at,
        Version = version,
    };
}

using Coordination.Data;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>
/// One line of the plan's change history: who changed what, when. A change of a member's part
/// names the member; the history shows it only to whom that member's care data shows.
/// </summary>
/// <param name="UserId">Who changed it.</param>
/// <param name="UserName">Their name.</param>
/// <param name="MemberId">The member whose part changed; null for the family's part or the team.</param>
/// <param name="ObjectType">What changed: goal, intervention, action, outcome, relative, team, evaluation, closure.</param>
/// <param name="ObjectId">Its id (a user id for the team).</param>
/// <param name="Change">added, changed, or a team change such as invited or left.</param>
/// <param name="Fields">For a change: the fields that changed, not their values.</param>
public sealed record PlanChange(string UserId, string UserName, Guid? MemberId, string ObjectType, string ObjectId, string Change, IReadOnlyList<string>? Fields = null);

/// <summary>Writes the plan's change history, in the unit of work of the change itself.</summary>
internal static class PlanChanges
{
    private const string InsertSql = """
        INSERT INTO plan_changes (id, family_id, changed_at, user_id, user_name, member_id, object_type, object_id, change, fields)
        VALUES (@Id, @FamilyId, @At, @UserId, @UserName, @MemberId, @ObjectType, @ObjectId, @Change, @Fields)
        """;

    /// <summary>Records <paramref name="change"/> of the family's plan at the unit's time.</summary>
    public static Task RecordAsync(WriteContext write, Guid familyId, PlanChange change) =>
        write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = Guid.NewGuid(),
            FamilyId = familyId,
            At = write.NowUtc,
            change.UserId,
            change.UserName,
            change.MemberId,
            change.ObjectType,
            change.ObjectId,
            change.Change,
            Fields = change.Fields is { Count: > 0 } fields ? string.Join(",", fields) : null,
        }, write.Transaction, cancellationToken: write.CancellationToken));
}

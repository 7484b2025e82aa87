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

/// <summary>One line of the history as the team reads it.</summary>
/// <param name="At">When (UTC).</param>
/// <param name="UserId">Who changed it.</param>
/// <param name="UserName">Their name.</param>
/// <param name="MemberId">The member whose part changed; none for the family's part or the team.</param>
/// <param name="ObjectType">goal, intervention, action, outcome, relative, team, evaluation or closure.</param>
/// <param name="ObjectId">Its id (for the team: whom the change was about).</param>
/// <param name="Change">added or changed; for the team invited, accepted, declined, joined, left, removed or coordinator.</param>
/// <param name="Fields">For a change: the fields that changed, not their values.</param>
public sealed record PlanChangeView(DateTime At, string UserId, string UserName, Guid? MemberId, string ObjectType, string ObjectId, string Change, IReadOnlyList<string> Fields);

/// <summary>A page of the plan's history, newest first.</summary>
public sealed record PlanHistoryPage(IReadOnlyList<PlanChangeView> Items, int Page, int PageSize, int Total);

/// <summary>Reads the plan's history: the family's lines and those of the members given, newest first.</summary>
public sealed class HistoryStore(Database database)
{
    private const string LinesSql = """
        SELECT changed_at AS At, user_id AS UserId, user_name AS UserName, member_id AS MemberId, object_type AS ObjectType, object_id AS ObjectId,
            change AS Change, fields AS Fields
        FROM plan_changes WHERE family_id = @FamilyId ORDER BY changed_at DESC, id
        """;

    /// <summary>
    /// One page of the lines of the family's part and of <paramref name="members"/>' parts, and how
    /// many there are. The members shown come from the consent service at the moment of reading, so
    /// the family's lines are read and filtered here: a family's history is some thousands of lines.
    /// </summary>
    public async Task<(IReadOnlyList<PlanChangeView> Page, int Total)> PageAsync(Guid familyId, IReadOnlyCollection<Guid> members, int skip, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(members);
        await using var connection = await database.OpenAsync(ct);
        var shown = (await connection.QueryAsync<Row>(new CommandDefinition(LinesSql, new { FamilyId = familyId }, cancellationToken: ct)))
            .Where(r => r.MemberId is not { } member || members.Contains(member)).ToList();
        return (shown.Skip(skip).Take(take).Select(r => new PlanChangeView(r.At, r.UserId, r.UserName, r.MemberId, r.ObjectType, r.ObjectId, r.Change,
            r.Fields is null ? [] : r.Fields.Split(','))).ToList(), shown.Count);
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class Row
    {
        public DateTime At { get; set; }
        public string UserId { get; set; } = string.Empty;
        public string UserName { get; set; } = string.Empty;
        public Guid? MemberId { get; set; }
        public string ObjectType { get; set; } = string.Empty;
        public string ObjectId { get; set; } = string.Empty;
        public string Change { get; set; } = string.Empty;
        public string? Fields { get; set; }
    }
}

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

using System.Text.Json;
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
/// <param name="Items">The lines of this page.</param>
/// <param name="NextCursor">Pass it back as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record PlanHistoryPage(IReadOnlyList<PlanChangeView> Items, string? NextCursor);

/// <summary>One line of the history as read, with its id: the last of the keys the history is ordered by.</summary>
/// <param name="Id">The line's id.</param>
/// <param name="Line">The line as the team reads it.</param>
public sealed record PlanHistoryLine(Guid Id, PlanChangeView Line);

/// <summary>
/// Reads the plan's history: the family's lines and those of the members given, newest first
/// (changed_at descending, then id ascending), a page at a time after the keys of the last line of
/// the page before.
/// </summary>
public sealed class HistoryStore(Database database)
{
    private const string Columns = """
        id AS Id, changed_at AS At, user_id AS UserId, user_name AS UserName, member_id AS MemberId, object_type AS ObjectType, object_id AS ObjectId,
            change AS Change, fields AS Fields
        """;

    // The lines shown: the family's own (no member) and those of the members whose care data shows. The filter is in the
    // query, before the limit, so that a page and its cursor count only lines shown: a hidden line is neither a gap nor a
    // place to go on from. The members travel as one JSON array, which each dialect unpacks its own way.
    private const string Shown = "family_id = @FamilyId AND (member_id IS NULL OR member_id IN (SELECT value FROM json_each(@Members)))";
    private const string ShownOnPostgresFilter = "family_id = @FamilyId AND (member_id IS NULL OR member_id IN (SELECT json_array_elements_text(CAST(@Members AS json))))";
    private const string ShownOnSqlServerFilter = "family_id = @FamilyId AND (member_id IS NULL OR member_id IN (SELECT value FROM OPENJSON(@Members)))";

    // The lines that sort after a cursor's (changed_at, id) in the order of the list: changed_at DESC, id.
    private const string After = "AND (changed_at < @At OR (changed_at = @At AND id > @Id))";
    private const string Order = "ORDER BY changed_at DESC, id";

    private const string NewestSql = $"SELECT {Columns} FROM plan_changes WHERE {Shown} {Order} LIMIT @Take";
    private const string NewestPostgres = $"SELECT {Columns} FROM plan_changes WHERE {ShownOnPostgresFilter} {Order} LIMIT @Take";
    private const string NewestSqlServer = $"SELECT TOP (@Take) {Columns} FROM plan_changes WHERE {ShownOnSqlServerFilter} {Order}";
    private const string OlderSql = $"SELECT {Columns} FROM plan_changes WHERE {Shown} {After} {Order} LIMIT @Take";
    private const string OlderPostgres = $"SELECT {Columns} FROM plan_changes WHERE {ShownOnPostgresFilter} {After} {Order} LIMIT @Take";
    private const string OlderSqlServer = $"SELECT TOP (@Take) {Columns} FROM plan_changes WHERE {ShownOnSqlServerFilter} {After} {Order}";

    /// <summary>
    /// Up to <paramref name="take"/> lines of the family's part and of <paramref name="members"/>'
    /// parts, newest first, after the line changed at <paramref name="after"/>'s instant with its id
    /// when given. The members shown come from the consent service at the moment of reading.
    /// </summary>
    public async Task<IReadOnlyList<PlanHistoryLine>> PageAsync(
        Guid familyId, IReadOnlyCollection<Guid> members, (DateTime At, Guid Id)? after, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(members);
        // Ids are stored as text ("D"), as the Guid type handler writes them.
        var shown = JsonSerializer.Serialize(members.Select(m => m.ToString("D")));
        await using var connection = await database.OpenAsync(ct);
        var command = after is { } cursor
            ? new CommandDefinition(database.Sql(OlderSql, sqlServer: OlderSqlServer, postgreSql: OlderPostgres),
                new { FamilyId = familyId, Members = shown, At = cursor.At, Id = cursor.Id, Take = take }, cancellationToken: ct)
            : new CommandDefinition(database.Sql(NewestSql, sqlServer: NewestSqlServer, postgreSql: NewestPostgres),
                new { FamilyId = familyId, Members = shown, Take = take }, cancellationToken: ct);
        return (await connection.QueryAsync<Row>(command))
            .Select(r => new PlanHistoryLine(r.Id, new PlanChangeView(r.At, r.UserId, r.UserName, r.MemberId, r.ObjectType, r.ObjectId, r.Change,
                r.Fields is null ? [] : r.Fields.Split(','))))
            .ToList();
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class Row
    {
        public Guid Id { get; set; }
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

using Dapper;

namespace Coordination.Data.Audit;

/// <summary>
/// A place in one service's access log of a client, read newest first (<c>occurred_at</c>
/// descending, then <c>id</c> descending): a page starts with the entries that come after it.
/// </summary>
/// <param name="At">
/// A second (UTC): the page holds the entries older than it, and of this second itself those with
/// an id below <paramref name="Id"/>.
/// </param>
/// <param name="Id">
/// The id of the last entry already shown, or the empty string when no entry of the second
/// <paramref name="At"/> is to be shown: no id sorts below it.
/// </param>
public sealed record AuditLogPosition(DateTime At, string Id);

/// <summary>One stored NEN 7513 entry about a client, as the client's access log shows it.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="OccurredAt">When the access happened, UTC, to the second.</param>
/// <param name="Action">The NEN 7513 action code: C, R, U, D or E.</param>
/// <param name="Outcome"><c>success</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="UserId">The user's id.</param>
/// <param name="UserName">The user's display name, when known.</param>
/// <param name="UserRole">The user's role.</param>
/// <param name="OnBehalfOf">On whose behalf the user acted, if anyone's.</param>
/// <param name="Purpose">The purpose of use.</param>
/// <param name="ObjectType">The type of the object accessed.</param>
/// <param name="ObjectId">The id of the object accessed.</param>
/// <param name="SourceSystem">The system that made the access.</param>
/// <param name="CheckAuthorisation">Result of the authorisation check.</param>
/// <param name="CheckTreatmentRelationship">Result of the treatment-relationship check.</param>
/// <param name="CheckConsent">Result of the client-consent check.</param>
/// <param name="CheckEmergencyAccess">Whether emergency access was used.</param>
public sealed record ClientAuditEntry(
    string Id,
    DateTime OccurredAt,
    string Action,
    string Outcome,
    string UserId,
    string? UserName,
    string UserRole,
    string? OnBehalfOf,
    string Purpose,
    string ObjectType,
    string? ObjectId,
    string SourceSystem,
    string CheckAuthorisation,
    string CheckTreatmentRelationship,
    string CheckConsent,
    string CheckEmergencyAccess);

/// <summary>A page of a client's access log in one service.</summary>
/// <param name="Entries">Newest first.</param>
/// <param name="HasMore">Whether older entries follow the last one.</param>
public sealed record ClientAuditPage(IReadOnlyList<ClientAuditEntry> Entries, bool HasMore);

/// <summary>
/// Reads this service's NEN 7513 entries about one client, newest first, a page at a time, so
/// that the client can see who accessed their data. Served by the index on
/// <c>(client_bsn, occurred_at, id)</c>, which also gives the order: no sort, however long the log.
/// </summary>
public static class ClientAccessLog
{
    /// <summary>The most entries one page holds.</summary>
    public const int MaxLimit = 100;

    private const string Columns = """
        id AS Id, occurred_at AS OccurredAt, action AS Action, outcome AS Outcome, user_id AS UserId,
            user_name AS UserName, user_role AS UserRole, on_behalf_of AS OnBehalfOf, purpose AS Purpose,
            object_type AS ObjectType, object_id AS ObjectId, source_system AS SourceSystem,
            check_authorisation AS CheckAuthorisation, check_treatment_relation AS CheckTreatmentRelationship,
            check_consent AS CheckConsent, check_emergency_access AS CheckEmergencyAccess
        """;

    private const string NewestSql = $"""
        SELECT {Columns}
        FROM audit_log
        WHERE client_bsn = @ClientBsn
        ORDER BY occurred_at DESC, id DESC
        LIMIT @Take
        """;

    private const string NewestSqlServer = $"""
        SELECT TOP (@Take) {Columns}
        FROM audit_log
        WHERE client_bsn = @ClientBsn
        ORDER BY occurred_at DESC, id DESC
        """;

    // A row-value comparison, which SQLite and PostgreSQL both turn into one range of the index.
    private const string AfterSql = $"""
        SELECT {Columns}
        FROM audit_log
        WHERE client_bsn = @ClientBsn AND (occurred_at, id) < (@At, @Id)
        ORDER BY occurred_at DESC, id DESC
        LIMIT @Take
        """;

    // SQL Server has no row values: the same comparison spelled out.
    private const string AfterSqlServer = $"""
        SELECT TOP (@Take) {Columns}
        FROM audit_log
        WHERE client_bsn = @ClientBsn AND (occurred_at < @At OR (occurred_at = @At AND id < @Id))
        ORDER BY occurred_at DESC, id DESC
        """;

    /// <summary>
    /// Up to <paramref name="limit"/> (1 to <see cref="MaxLimit"/>) entries about
    /// <paramref name="clientBsn"/> that come after <paramref name="after"/> (from the newest when
    /// null), newest first, and whether more follow.
    /// </summary>
    public static async Task<ClientAuditPage> ReadAsync(
        Database database, string clientBsn, AuditLogPosition? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentException.ThrowIfNullOrEmpty(clientBsn);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        if (after is not null && after.At.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException("A position's instant must be UTC.", nameof(after));
        }

        var sql = after is null
            ? database.Sql(NewestSql, sqlServer: NewestSqlServer)
            : database.Sql(AfterSql, sqlServer: AfterSqlServer);
        // One more than asked tells whether another page follows.
        var args = new { ClientBsn = clientBsn, At = after?.At, Id = after?.Id, Take = limit + 1 };
        await using var connection = await database.OpenAsync(cancellationToken);
        // The chain's own row shape; the columns of the link are not selected and stay empty.
        var rows = (await connection.QueryAsync<ChainedEntry>(new CommandDefinition(sql, args, cancellationToken: cancellationToken))).AsList();
        var entries = rows.Take(limit).Select(r => new ClientAuditEntry(
            r.Id, r.OccurredAt, r.Action, r.Outcome, r.UserId, r.UserName, r.UserRole, r.OnBehalfOf, r.Purpose, r.ObjectType,
            r.ObjectId, r.SourceSystem, r.CheckAuthorisation, r.CheckTreatmentRelationship, r.CheckConsent, r.CheckEmergencyAccess)).ToList();
        return new ClientAuditPage(entries, rows.Count > limit);
    }
}

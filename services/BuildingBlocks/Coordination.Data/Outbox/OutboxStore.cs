using System.Text.Json;
using Dapper;

namespace Coordination.Data.Outbox;

/// <summary>An outbox row the relay is to publish.</summary>
public sealed class OutboxMessage
{
    /// <summary>The row's id, published as the message id.</summary>
    public Guid Id { get; set; }

    /// <summary>The message's assembly-qualified type name.</summary>
    public string MessageType { get; set; } = string.Empty;

    /// <summary>The message as JSON.</summary>
    public string Body { get; set; } = string.Empty;

    /// <summary>The correlation id of the work that wrote it.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The W3C trace parent of the work that wrote it.</summary>
    public string? TraceParent { get; set; }

    /// <summary>How many publishes of it failed so far.</summary>
    public int Attempts { get; set; }
}

/// <summary>What a pass of retention removed.</summary>
/// <param name="Outbox">Sent outbox rows past <see cref="OutboxOptions.RetainSent"/>.</param>
/// <param name="Inbox">Inbox rows past <see cref="InboxOptions.Retain"/>.</param>
/// <param name="Idempotency">Idempotency records past their retention.</param>
public sealed record RetentionResult(int Outbox, int Inbox, int Idempotency);

/// <summary>
/// The relay's reads and writes of the outbox: the lease, the due rows, marking a batch sent in
/// one statement, back-off and parking, re-queueing, and retention. Pure SQL, no bus.
/// </summary>
public sealed class OutboxStore(Database database)
{
    private const string LeaseSql = """
        UPDATE outbox_lease SET holder = @Holder, expires_at = @Until
        WHERE name = 'relay' AND (holder = @Holder OR holder IS NULL OR expires_at < @Now)
        """;
    private const string ReleaseLeaseSql = "UPDATE outbox_lease SET holder = NULL WHERE name = 'relay' AND holder = @Holder";

    private const string DueSql = """
        SELECT id AS Id, message_type AS MessageType, body AS Body, correlation_id AS CorrelationId, trace_parent AS TraceParent, attempts AS Attempts
        FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= @Now)
        ORDER BY seq LIMIT @Batch
        """;
    private const string DueSqlServer = """
        SELECT TOP (@Batch) id AS Id, message_type AS MessageType, body AS Body, correlation_id AS CorrelationId, trace_parent AS TraceParent, attempts AS Attempts
        FROM outbox WHERE sent_at IS NULL AND parked_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= @Now)
        ORDER BY seq
        """;

    // One statement marks a whole batch; the ids travel as one JSON array, which each dialect unpacks its own way.
    private const string MarkSentSql = "UPDATE outbox SET sent_at = @SentAt, attempts = attempts + 1 WHERE id IN (SELECT value FROM json_each(@Ids))";
    private const string MarkSentPostgres = "UPDATE outbox SET sent_at = @SentAt, attempts = attempts + 1 WHERE id IN (SELECT json_array_elements_text(CAST(@Ids AS json)))";
    private const string MarkSentSqlServer = "UPDATE outbox SET sent_at = @SentAt, attempts = attempts + 1 WHERE id IN (SELECT value FROM OPENJSON(@Ids))";

    private const string MarkFailedSql = """
        UPDATE outbox SET attempts = attempts + 1, last_error = @Error, next_attempt_at = @NextAttemptAt, parked_at = @ParkedAt
        WHERE id = @Id AND sent_at IS NULL
        """;
    private const string RequeueParkedSql = "UPDATE outbox SET parked_at = NULL, next_attempt_at = NULL, attempts = 0 WHERE parked_at IS NOT NULL AND sent_at IS NULL";

    private const string DeleteSentSql = "DELETE FROM outbox WHERE sent_at < @Before";
    private const string DeleteInboxSql = "DELETE FROM inbox WHERE processed_at < @Before";
    private const string DeleteIdempotencySql = "DELETE FROM idempotency_requests WHERE created_at < @Before";

    /// <summary>
    /// Takes or renews the relay lease for <paramref name="holder"/>; false while another relay holds it.
    /// One relay per database publishes at a time, on every dialect, so replicas never both send a row.
    /// </summary>
    public async Task<bool> TryHoldLeaseAsync(string holder, DateTime nowUtc, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.ExecuteAsync(new CommandDefinition(LeaseSql,
            new { Holder = holder, Until = nowUtc + duration, Now = nowUtc }, cancellationToken: cancellationToken));
        return rows == 1;
    }

    /// <summary>Gives the lease up, so another replica need not wait for it to lapse.</summary>
    public async Task ReleaseLeaseAsync(string holder, CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseLeaseSql, new { Holder = holder }, cancellationToken: cancellationToken));
    }

    /// <summary>Up to <paramref name="batch"/> unsent, unparked rows whose back-off has passed, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> DueAsync(int batch, DateTime nowUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OutboxMessage>(new CommandDefinition(
            database.Sql(DueSql, sqlServer: DueSqlServer), new { Batch = batch, Now = nowUtc }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Marks the rows with <paramref name="ids"/> sent, in one statement.</summary>
    public async Task MarkSentAsync(IReadOnlyCollection<Guid> ids, DateTime nowUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return;
        }

        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            database.Sql(MarkSentSql, sqlServer: MarkSentSqlServer, postgreSql: MarkSentPostgres),
            new { SentAt = nowUtc, Ids = JsonSerializer.Serialize(ids.Select(id => id.ToString("D"))) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Records a failed publish: the row waits its back-off, or is parked after its last attempt.
    /// Returns true when the row is now parked.
    /// </summary>
    public async Task<bool> MarkFailedAsync(OutboxMessage row, string error, DateTime nowUtc, OutboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(options);
        var failures = row.Attempts + 1;
        var parked = failures >= options.MaxAttempts;
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(MarkFailedSql, new
        {
            row.Id,
            Error = error.Length > 4000 ? error[..4000] : error,
            NextAttemptAt = nowUtc + options.BackOff(failures),
            ParkedAt = parked ? nowUtc : (DateTime?)null,
        }, cancellationToken: cancellationToken));
        return parked;
    }

    /// <summary>Puts every parked row back in line, with its attempts reset; returns how many.</summary>
    public async Task<int> RequeueParkedAsync(CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(RequeueParkedSql, cancellationToken: cancellationToken));
    }

    /// <summary>Deletes sent outbox rows, inbox rows and idempotency records past their retention.</summary>
    public async Task<RetentionResult> DeleteExpiredAsync(
        DateTime nowUtc, TimeSpan retainSent, TimeSpan retainInbox, TimeSpan retainIdempotency, CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        var outbox = await connection.ExecuteAsync(new CommandDefinition(DeleteSentSql, new { Before = nowUtc - retainSent }, cancellationToken: cancellationToken));
        var inbox = await connection.ExecuteAsync(new CommandDefinition(DeleteInboxSql, new { Before = nowUtc - retainInbox }, cancellationToken: cancellationToken));
        var idempotency = await connection.ExecuteAsync(new CommandDefinition(DeleteIdempotencySql, new { Before = nowUtc - retainIdempotency }, cancellationToken: cancellationToken));
        return new RetentionResult(outbox, inbox, idempotency);
    }
}

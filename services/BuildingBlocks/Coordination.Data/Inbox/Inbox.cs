using System.Data.Common;
using Dapper;

namespace Coordination.Data.Inbox;

/// <summary>
/// Records that a consumer applied a message, inside the transaction of the change itself, so a
/// message delivered twice is applied once.
/// </summary>
public static class Inbox
{
    // Insert-if-absent: a duplicate is decided by the row count, never by an exception. A second
    // delivery racing the first waits for its commit on the key, then inserts nothing.
    private const string InsertSql = """
        INSERT INTO inbox (consumer, message_id, processed_at) VALUES (@Consumer, @MessageId, @ProcessedAt)
        ON CONFLICT DO NOTHING
        """;
    private const string InsertSqlServer = """
        INSERT INTO inbox (consumer, message_id, processed_at)
        SELECT @Consumer, @MessageId, @ProcessedAt
        WHERE NOT EXISTS (SELECT 1 FROM inbox WITH (UPDLOCK, HOLDLOCK) WHERE consumer = @Consumer AND message_id = @MessageId)
        """;

    /// <summary>Returns false when the consumer with inbox key <paramref name="consumer"/> already applied the message.</summary>
    public static async Task<bool> TryRecordAsync(
        Database database, DbConnection connection, DbTransaction transaction, string consumer, Guid messageId, DateTime processedAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        var args = new { Consumer = consumer, MessageId = messageId, ProcessedAt = processedAtUtc };
        return await connection.ExecuteAsync(new CommandDefinition(database.Sql(InsertSql, sqlServer: InsertSqlServer), args, transaction, cancellationToken: cancellationToken)) == 1;
    }
}

using System.Data.Common;
using Dapper;

namespace Coordination.Data.Inbox;

/// <summary>
/// Records that a consumer applied a message, inside the transaction of the change itself, so a
/// message delivered twice is applied once.
/// </summary>
public static class Inbox
{
    private const string ExistsSql = "SELECT COUNT(*) FROM inbox WHERE consumer = @Consumer AND message_id = @MessageId";
    private const string InsertSql = "INSERT INTO inbox (consumer, message_id, processed_at) VALUES (@Consumer, @MessageId, @ProcessedAt)";

    /// <summary>
    /// Returns false when this consumer already applied the message. Two concurrent deliveries
    /// both pass the check, but only one insert commits: the other fails on the primary key, its
    /// transaction rolls back and its retry finds the row.
    /// </summary>
    public static async Task<bool> TryRecordAsync(
        DbConnection connection, DbTransaction transaction, string consumer, Guid messageId, DateTime processedAtUtc, CancellationToken cancellationToken)
    {
        var args = new { Consumer = consumer, MessageId = messageId, ProcessedAt = processedAtUtc };
        var seen = await connection.ExecuteScalarAsync<long>(new CommandDefinition(ExistsSql, args, transaction, cancellationToken: cancellationToken));
        if (seen > 0)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertSql, args, transaction, cancellationToken: cancellationToken));
        return true;
    }
}

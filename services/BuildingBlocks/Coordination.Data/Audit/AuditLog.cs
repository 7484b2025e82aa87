using System.Data.Common;
using Dapper;
using Coordination.ServiceDefaults;

namespace Coordination.Data.Audit;

/// <summary>
/// Appends NEN 7513 entries to the hash chain (<see cref="AuditChain"/>); the table refuses
/// updates and deletes, and the runtime user may only insert and read.
/// </summary>
public static class AuditLog
{
    // Taking the head row's lock and reading it is one statement: an UPDATE, so that PostgreSQL
    // holds the row lock to the end of the writer's transaction (as SELECT … FOR UPDATE would) and
    // SQLite takes its write lock before the read, whatever kind of transaction the caller began.
    private const string LockHeadSql = "UPDATE audit_chain_head SET seq = seq WHERE id = 1 RETURNING seq AS Seq, hash AS Hash";

    // SQL Server: an update lock held to the end of the transaction; a second writer waits here.
    private const string LockHeadSqlServer = "SELECT seq AS Seq, hash AS Hash FROM audit_chain_head WITH (UPDLOCK, HOLDLOCK) WHERE id = 1";

    private const string MoveHeadSql = "UPDATE audit_chain_head SET seq = @Seq, hash = @Hash WHERE id = 1";

    private const string InsertSql = """
        INSERT INTO audit_log (id, occurred_at, action, outcome, client_bsn, user_id, user_name, user_role,
            on_behalf_of, purpose, object_type, object_id, source_system, check_authorisation,
            check_treatment_relation, check_consent, check_emergency_access, correlation_id, seq, prev_hash, hash)
        VALUES (@Id, @OccurredAt, @Action, @Outcome, @ClientBsn, @UserId, @UserName, @UserRole,
            @OnBehalfOf, @Purpose, @ObjectType, @ObjectId, @SourceSystem, @CheckAuthorisation,
            @CheckTreatmentRelationship, @CheckConsent, @CheckEmergencyAccess, @CorrelationId, @Seq, @PrevHash, @Hash)
        """;

    /// <summary>
    /// Writes one entry, in <paramref name="transaction"/> when the access is a write; with no
    /// transaction the entry is written in a short transaction of its own.
    /// </summary>
    public static Task WriteAsync(
        DbConnection connection, DbTransaction? transaction, AuditEntry entry, DateTime occurredAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return WriteManyAsync(connection, transaction, [entry], occurredAtUtc, cancellationToken);
    }

    /// <summary>
    /// Writes several entries (e.g. one per family member shown) as consecutive links of the chain,
    /// locking the chain head once; in <paramref name="transaction"/>, or in a short transaction of
    /// their own when it is null.
    /// </summary>
    public static async Task WriteManyAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyCollection<AuditEntry> entries, DateTime occurredAtUtc, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        // The head must be read and extended in one transaction, or two writers would link to the same entry.
        var own = transaction is null ? await connection.BeginTransactionAsync(cancellationToken) : null;
        try
        {
            var tx = transaction ?? own!;
            var lockHead = connection is Microsoft.Data.SqlClient.SqlConnection ? LockHeadSqlServer : LockHeadSql;
            var head = await connection.QuerySingleAsync<ChainedEntry>(new CommandDefinition(lockHead, transaction: tx, cancellationToken: cancellationToken));
            var seq = head.Seq;
            var hash = head.Hash;
            // NEN 7513 asks for the time to the second.
            var occurredAt = new DateTime(occurredAtUtc.Ticks - (occurredAtUtc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
            foreach (var entry in entries)
            {
                ArgumentNullException.ThrowIfNull(entry);
                var row = Row(entry, occurredAt, seq + 1, hash);
                await connection.ExecuteAsync(new CommandDefinition(InsertSql, row, tx, cancellationToken: cancellationToken));
                seq = row.Seq;
                hash = row.Hash;
            }

            await connection.ExecuteAsync(new CommandDefinition(MoveHeadSql, new { Seq = seq, Hash = hash }, tx, cancellationToken: cancellationToken));
            if (own is not null)
            {
                await own.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private static ChainedEntry Row(AuditEntry entry, DateTime occurredAt, long seq, string prevHash)
    {
        var row = new ChainedEntry
        {
            Seq = seq,
            Id = Guid.NewGuid().ToString("D"),
            OccurredAt = occurredAt,
            Action = Code(entry.Action),
            Outcome = entry.Outcome,
            ClientBsn = entry.ClientBsn,
            UserId = entry.UserId,
            UserName = entry.UserName,
            UserRole = entry.UserRole,
            OnBehalfOf = entry.OnBehalfOf,
            Purpose = entry.Purpose,
            ObjectType = entry.ObjectType,
            ObjectId = entry.ObjectId,
            SourceSystem = entry.SourceSystem,
            CheckAuthorisation = entry.CheckAuthorisation,
            CheckTreatmentRelationship = entry.CheckTreatmentRelationship,
            CheckConsent = entry.CheckConsent,
            CheckEmergencyAccess = entry.CheckEmergencyAccess,
            CorrelationId = CorrelationContext.Current,
            PrevHash = prevHash,
        };
        row.Hash = AuditChain.HashOf(row);
        return row;
    }

    private static string Code(AuditAction action) => action switch
    {
        AuditAction.Create => "C",
        AuditAction.Read => "R",
        AuditAction.Update => "U",
        AuditAction.Delete => "D",
        AuditAction.Execute => "E",
        _ => throw new ArgumentOutOfRangeException(nameof(action)),
    };
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;

namespace Coordination.Data.Audit;

/// <summary>Why a link of the audit chain is broken.</summary>
public enum AuditChainFault
{
    /// <summary>The entry's fields no longer give its stored hash: the entry was changed.</summary>
    HashMismatch,

    /// <summary>The entry does not point at the hash of the entry before it: an entry was removed, inserted or rewritten before it.</summary>
    PrevHashMismatch,

    /// <summary>The entry's sequence number does not follow the one before it: entries are missing.</summary>
    SequenceGap,

    /// <summary>The chain head names a last entry the log does not end with: entries at the end were removed.</summary>
    HeadMismatch,

    /// <summary>The log holds a different number of unchained entries than it had when the chain began.</summary>
    UnchainedEntries,
}

/// <summary>The first broken link of the audit chain.</summary>
/// <param name="Seq">The sequence number of the entry where the chain breaks, when there is one.</param>
/// <param name="Id">The id of that entry, when there is one.</param>
/// <param name="Fault">Why the link is broken.</param>
/// <param name="Detail">What was expected and what was found, for the operator.</param>
public sealed record AuditChainBreak(long? Seq, string? Id, AuditChainFault Fault, string Detail);

/// <summary>The last link of the chain: the entry every new entry follows.</summary>
/// <param name="Seq">The sequence number of the last entry (0 before the first).</param>
/// <param name="Hash">Its hash (64 zeros before the first).</param>
public sealed record AuditChainHead(long Seq, string Hash);

/// <summary>
/// The hash chain over the NEN 7513 access log: each entry's <c>hash</c> is SHA-256 over the hash
/// of the entry before it and a canonical form of this entry's fields, so that changing, removing
/// or reordering stored entries breaks the chain where it happened (docs/adr/0005).
/// </summary>
public static class AuditChain
{
    /// <summary>The <c>prev_hash</c> of the first entry.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string HeadSql = "SELECT seq AS Seq, hash AS Hash, legacy_rows AS LegacyRows FROM audit_chain_head WHERE id = 1";

    private const string CountUnchainedSql = "SELECT COUNT(*) FROM audit_log WHERE seq IS NULL";

    private const string ChainSql = """
        SELECT seq AS Seq, id AS Id, occurred_at AS OccurredAt, action AS Action, outcome AS Outcome,
            client_bsn AS ClientBsn, user_id AS UserId, user_name AS UserName, user_role AS UserRole,
            on_behalf_of AS OnBehalfOf, purpose AS Purpose, object_type AS ObjectType, object_id AS ObjectId,
            source_system AS SourceSystem, check_authorisation AS CheckAuthorisation,
            check_treatment_relation AS CheckTreatmentRelationship, check_consent AS CheckConsent,
            check_emergency_access AS CheckEmergencyAccess, correlation_id AS CorrelationId,
            prev_hash AS PrevHash, hash AS Hash
        FROM audit_log
        WHERE seq IS NOT NULL AND seq <= @Last
        ORDER BY seq
        """;

    /// <summary>The current head of the chain.</summary>
    public static async Task<AuditChainHead> HeadAsync(Database database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);
        var head = await connection.QuerySingleAsync<HeadRow>(new CommandDefinition(HeadSql, cancellationToken: cancellationToken));
        return new AuditChainHead(head.Seq, head.Hash);
    }

    /// <summary>
    /// Recomputes the chain from the first entry to the current head; returns the first broken
    /// link, or null when the chain is intact. Entries written while it runs are left for the next run.
    /// </summary>
    public static async Task<AuditChainBreak?> VerifyAsync(Database database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        await using var connection = await database.OpenAsync(cancellationToken);

        // The head first: every entry up to it was committed with it, so all of them are visible below.
        var head = await connection.QuerySingleAsync<HeadRow>(new CommandDefinition(HeadSql, cancellationToken: cancellationToken));
        var unchained = await connection.ExecuteScalarAsync<long>(new CommandDefinition(CountUnchainedSql, cancellationToken: cancellationToken));
        if (unchained != head.LegacyRows)
        {
            return new AuditChainBreak(null, null, AuditChainFault.UnchainedEntries,
                $"{unchained} entries without a link; {head.LegacyRows} were there when the chain began");
        }

        long seq = 0;
        var hash = GenesisHash;
        // Streamed: the log of five years is read one entry at a time.
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            ChainSql, new { Last = head.Seq }, cancellationToken: cancellationToken));
        var parse = reader.GetRowParser<ChainedEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = parse(reader);
            if (row.Seq != seq + 1)
            {
                return new AuditChainBreak(row.Seq, row.Id, AuditChainFault.SequenceGap, $"entry {row.Seq} follows entry {seq}");
            }

            if (!string.Equals(row.PrevHash, hash, StringComparison.Ordinal))
            {
                return new AuditChainBreak(row.Seq, row.Id, AuditChainFault.PrevHashMismatch,
                    $"prev_hash {row.PrevHash} is not the hash {hash} of entry {seq}");
            }

            var computed = HashOf(row);
            if (!string.Equals(row.Hash, computed, StringComparison.Ordinal))
            {
                return new AuditChainBreak(row.Seq, row.Id, AuditChainFault.HashMismatch,
                    $"the fields give hash {computed}, the entry holds {row.Hash}");
            }

            seq = row.Seq;
            hash = row.Hash;
        }

        if (seq != head.Seq || !string.Equals(hash, head.Hash, StringComparison.Ordinal))
        {
            return new AuditChainBreak(head.Seq, null, AuditChainFault.HeadMismatch,
                $"the head names entry {head.Seq} with hash {head.Hash}; the log ends at entry {seq} with hash {hash}");
        }

        return null;
    }

    /// <summary>
    /// SHA-256 (lower-case hex) over the UTF-8 bytes of the canonical form: one line per field,
    /// <c>name=null</c> or <c>name=&lt;UTF-8 byte length&gt;:&lt;value&gt;</c>, starting with
    /// <c>prev_hash</c>, then the entry's columns in table order; <c>occurred_at</c> as ISO 8601 UTC
    /// to the second (<c>yyyy-MM-ddTHH:mm:ssZ</c>). The length prefix keeps any value unambiguous.
    /// </summary>
    internal static string HashOf(ChainedEntry entry)
    {
        var text = new StringBuilder(512);
        void Field(string name, string? value)
        {
            text.Append(name).Append('=');
            if (value is null)
            {
                text.Append("null");
            }
            else
            {
                text.Append(Encoding.UTF8.GetByteCount(value).ToString(CultureInfo.InvariantCulture)).Append(':').Append(value);
            }

            text.Append('\n');
        }

        Field("prev_hash", entry.PrevHash);
        Field("seq", entry.Seq.ToString(CultureInfo.InvariantCulture));
        Field("id", entry.Id);
        Field("occurred_at", Iso8601(entry.OccurredAt));
        Field("action", entry.Action);
        Field("outcome", entry.Outcome);
        Field("client_bsn", entry.ClientBsn);
        Field("user_id", entry.UserId);
        Field("user_name", entry.UserName);
        Field("user_role", entry.UserRole);
        Field("on_behalf_of", entry.OnBehalfOf);
        Field("purpose", entry.Purpose);
        Field("object_type", entry.ObjectType);
        Field("object_id", entry.ObjectId);
        Field("source_system", entry.SourceSystem);
        Field("check_authorisation", entry.CheckAuthorisation);
        Field("check_treatment_relation", entry.CheckTreatmentRelationship);
        Field("check_consent", entry.CheckConsent);
        Field("check_emergency_access", entry.CheckEmergencyAccess);
        Field("correlation_id", entry.CorrelationId);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string Iso8601(DateTime instant)
    {
        var utc = instant.Kind switch
        {
            DateTimeKind.Utc => instant,
            DateTimeKind.Local => instant.ToUniversalTime(),
            _ => DateTime.SpecifyKind(instant, DateTimeKind.Utc),
        };
        return utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class HeadRow
    {
        public long Seq { get; set; }

        public string Hash { get; set; } = string.Empty;

        public long LegacyRows { get; set; }
    }
}

/// <summary>One stored entry with its link, as written and as read back for verification (and, without its link, for a client's access log).</summary>
internal sealed class ChainedEntry
{
    public long Seq { get; set; }

    public string Id { get; set; } = string.Empty;

    public DateTime OccurredAt { get; set; }

    public string Action { get; set; } = string.Empty;

    public string Outcome { get; set; } = string.Empty;

    public string? ClientBsn { get; set; }

    public string UserId { get; set; } = string.Empty;

    public string? UserName { get; set; }

    public string UserRole { get; set; } = string.Empty;

    public string? OnBehalfOf { get; set; }

    public string Purpose { get; set; } = string.Empty;

    public string ObjectType { get; set; } = string.Empty;

    public string? ObjectId { get; set; }

    public string SourceSystem { get; set; } = string.Empty;

    public string CheckAuthorisation { get; set; } = string.Empty;

    public string CheckTreatmentRelationship { get; set; } = string.Empty;

    public string CheckConsent { get; set; } = string.Empty;

    public string CheckEmergencyAccess { get; set; } = string.Empty;

    public string? CorrelationId { get; set; }

    public string PrevHash { get; set; } = string.Empty;

    public string Hash { get; set; } = string.Empty;
}

using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Outbox;
using Dapper;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Api.Data;

/// <summary>What <see cref="ReferralStore.SubmitAsync"/> did.</summary>
public enum SubmitOutcome
{
    Created,
    Replayed,
    KeyReusedWithOtherBody,
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class ReferralRow
{
    public Guid Id { get; set; }
    public Guid FamilyId { get; set; }
    public string SubjectBsn { get; set; } = string.Empty;
    public string SubjectName { get; set; } = string.Empty;
    public string Domain { get; set; } = string.Empty;
    public string Reason { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    public string ReferrerAgb { get; set; } = string.Empty;
    public string? ReferrerName { get; set; }
    public string? SuspectedDsmCode { get; set; }
    public DateTime SubmittedAt { get; set; }
}

/// <summary>
/// Stores referrals. One transaction holds the referral, the household index, the idempotency
/// key, the <see cref="ReferralSubmitted"/> outbox row and the audit entry: all or nothing.
/// </summary>
public sealed class ReferralStore(Database database, TimeProvider time)
{
    public const string SourceSystem = "coordination-referral";

    private const string FindKeySql = "SELECT referral_id AS ReferralId, request_hash AS RequestHash FROM idempotency_keys WHERE caller = @Caller AND idem_key = @Key";
    private const string InsertKeySql = "INSERT INTO idempotency_keys (caller, idem_key, request_hash, referral_id, created_at) VALUES (@Caller, @Key, @Hash, @ReferralId, @CreatedAt)";
    private const string FamilyOfSql = "SELECT bsn AS Bsn, family_id AS FamilyId FROM family_index WHERE bsn = @Bsn";
    private const string IndexMemberSql = "INSERT INTO family_index (bsn, family_id) VALUES (@Bsn, @FamilyId)";
    private const string InsertSql = """
        INSERT INTO referrals (id, family_id, subject_bsn, subject_name, subject_birth_date, municipality_code, uzovi,
            household_json, domain, reason, suspected_dsm_code, suspected_dsm_description, care_level, urgent,
            referrer_agb, referrer_type, referrer_name, author_role, author_id, status, submitted_at)
        VALUES (@Id, @FamilyId, @SubjectBsn, @SubjectName, @SubjectBirthDate, @MunicipalityCode, @Uzovi,
            @HouseholdJson, @Domain, @Reason, @SuspectedDsmCode, @SuspectedDsmDescription, @CareLevel, @Urgent,
            @ReferrerAgb, @ReferrerType, @ReferrerName, @AuthorRole, @AuthorId, @Status, @SubmittedAt)
        """;
    private const string SelectSql = """
        SELECT id AS Id, family_id AS FamilyId, subject_bsn AS SubjectBsn, subject_name AS SubjectName, domain AS Domain,
            reason AS Reason, status AS Status, referrer_agb AS ReferrerAgb, referrer_name AS ReferrerName,
            suspected_dsm_code AS SuspectedDsmCode, submitted_at AS SubmittedAt
        FROM referrals WHERE id = @Id
        """;

    /// <summary>
    /// Stores a referral, or with a known idempotency key returns the referral stored under it.
    /// <paramref name="access"/> says who submits it, as the access log records them; the store adds
    /// the client and the referral's id.
    /// A race on the same key or the same new family ends in a unique-key violation; the
    /// transaction is then rolled back and tried again, and finds the winner's rows.
    /// </summary>
    public async Task<(SubmitOutcome Outcome, ReferralRow? Referral)> SubmitAsync(
        ValidReferral referral, AuditEntry access, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(access);
        var hash = Hash(referral);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TrySubmitAsync(referral, access, idempotencyKey, hash, cancellationToken);
            }
            catch (DbException ex) when (Database.IsUniqueViolation(ex) && attempt < 3)
            {
                // Someone else committed the same key or family member first: look again.
            }
        }
    }

    private async Task<(SubmitOutcome, ReferralRow?)> TrySubmitAsync(
        ValidReferral referral, AuditEntry access, string? idempotencyKey, string hash, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;

        if (idempotencyKey is not null)
        {
            var existing = await connection.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
                FindKeySql, new { Caller = access.UserId, Key = idempotencyKey }, tx, cancellationToken: ct));
            if (existing is { } found)
            {
                if (found.RequestHash != hash)
                {
                    return (SubmitOutcome.KeyReusedWithOtherBody, null);
                }

                var stored = await connection.QuerySingleAsync<ReferralRow>(new CommandDefinition(SelectSql, new { Id = found.ReferralId }, tx, cancellationToken: ct));
                return (SubmitOutcome.Replayed, stored);
            }
        }

        var bsns = referral.Household.Select(m => m.Bsn).Prepend(referral.Subject.Bsn).ToList();
        // One look-up per member: a household is small, and a list parameter is spelled differently per dialect.
        var known = new List<IndexRow>();
        foreach (var bsn in bsns)
        {
            known.AddRange(await connection.QueryAsync<IndexRow>(new CommandDefinition(FamilyOfSql, new { Bsn = bsn }, tx, cancellationToken: ct)));
        }

        // A household already seen keeps its family; when its members sit in two families, the
        // subject's own family wins (merging families is a decision for people, not for a referral).
        var familyId = known.Where(k => k.Bsn == referral.Subject.Bsn).Select(k => (Guid?)k.FamilyId).FirstOrDefault()
            ?? known.Select(k => (Guid?)k.FamilyId).FirstOrDefault()
            ?? Guid.NewGuid();
        foreach (var bsn in bsns.Where(b => known.All(k => k.Bsn != b)))
        {
            await connection.ExecuteAsync(new CommandDefinition(IndexMemberSql, new { Bsn = bsn, FamilyId = familyId }, tx, cancellationToken: ct));
        }

        var id = Guid.NewGuid();
        var row = new ReferralRow
        {
            Id = id,
            FamilyId = familyId,
            SubjectBsn = referral.Subject.Bsn,
            SubjectName = referral.Subject.Name,
            Domain = referral.Domain,
            Reason = referral.Reason,
            Status = "received",
            ReferrerAgb = referral.ReferrerAgb,
            ReferrerName = referral.ReferrerName,
            SuspectedDsmCode = referral.SuspectedDsm?.Code,
            SubmittedAt = now,
        };
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = id,
            FamilyId = familyId,
            SubjectBsn = referral.Subject.Bsn,
            SubjectName = referral.Subject.Name,
            SubjectBirthDate = referral.Subject.BirthDate,
            referral.Subject.MunicipalityCode,
            referral.Subject.Uzovi,
            HouseholdJson = JsonSerializer.Serialize(referral.Household),
            referral.Domain,
            referral.Reason,
            SuspectedDsmCode = referral.SuspectedDsm?.Code,
            SuspectedDsmDescription = referral.SuspectedDsm?.Description,
            referral.CareLevel,
            referral.Urgent,
            referral.ReferrerAgb,
            referral.ReferrerType,
            referral.ReferrerName,
            AuthorRole = access.UserRole,
            AuthorId = access.UserId,
            row.Status,
            SubmittedAt = now,
        }, tx, cancellationToken: ct));

        if (idempotencyKey is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertKeySql,
                new { Caller = access.UserId, Key = idempotencyKey, Hash = hash, ReferralId = id, CreatedAt = now }, tx, cancellationToken: ct));
        }

        var submitted = new ReferralSubmitted(id, familyId, referral.Subject, referral.Household,
            new ReferrerInfo(referral.ReferrerAgb, referral.ReferrerType, referral.ReferrerName, access.UserRole, access.UserId),
            referral.Domain, referral.Reason, referral.SuspectedDsm, referral.CareLevel, referral.Urgent, new DateTimeOffset(now));
        await Outbox.EnqueueAsync(connection, tx, submitted, now, ct);
        await AuditLog.WriteAsync(connection, tx, access with { ClientBsn = referral.Subject.Bsn, ObjectId = id.ToString() }, now, ct);
        await tx.CommitAsync(ct);
        return (SubmitOutcome.Created, row);
    }

    /// <summary>A referral by id, or null.</summary>
    public async Task<ReferralRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(SelectSql, new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes a read (or a refused read) to the audit log.</summary>
    public async Task AuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await AuditLog.WriteAsync(connection, null, entry, time.GetUtcNow().UtcDateTime, cancellationToken);
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class KeyRow
    {
        public Guid ReferralId { get; set; }
        public string RequestHash { get; set; } = string.Empty;
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class IndexRow
    {
        public string Bsn { get; set; } = string.Empty;
        public Guid FamilyId { get; set; }
    }

    private static string Hash(ValidReferral referral) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(referral))));
}

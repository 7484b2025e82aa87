using Consent.Contracts;
using Consent.Api.Domain;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace Consent.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class ConsentRow
{
    public Guid Id { get; set; }
    public Guid SubjectMemberId { get; set; }
    public Guid FamilyId { get; set; }
    public string Purpose { get; set; } = string.Empty;
    public string RecipientKind { get; set; } = string.Empty;
    public string RecipientId { get; set; } = string.Empty;
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public DateTime? WithdrawnAt { get; set; }
    public Guid? WithdrawnBy { get; set; }
    public string? WithdrawnReason { get; set; }
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class DeclarationRow
{
    public Guid ConsentId { get; set; }
    public Guid MemberId { get; set; }
    public string Capacity { get; set; } = string.Empty;
    public DateTime DeclaredAt { get; set; }

    public StoredDeclaration ToDeclaration() => new(MemberId, Capacities.Parse(Capacity));
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class EmergencyAccessRow
{
    public Guid Id { get; set; }
    public Guid SubjectMemberId { get; set; }
    public string UserId { get; set; } = string.Empty;
    public string Reason { get; set; } = string.Empty;
    public DateTime StartedAt { get; set; }
    public DateTime EndsAt { get; set; }
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class MeasureRow
{
    public Guid Id { get; set; }
    public Guid SubjectMemberId { get; set; }
    public string OrganisationAgb { get; set; } = string.Empty;
    public string Measure { get; set; } = string.Empty;
    public string Decision { get; set; } = string.Empty;
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidUntil { get; set; }
}

/// <summary>A decision with its declarations.</summary>
public sealed record StoredConsent(ConsentRow Consent, IReadOnlyList<DeclarationRow> Declarations);

/// <summary>What a declaration did: created a decision, joined one, found it already there, or met one with another period.</summary>
public enum DeclareOutcome
{
    Created,
    Joined,
    AlreadyDeclared,
    PeriodDiffers,
    BeginsInPast,
}

/// <summary>A declaration to store: who declares in what capacity, about whom, for what, to whom, when (<paramref name="PeriodGiven"/>: whether the declarant named the period).</summary>
public sealed record NewDeclaration(
    KnownMember Subject, Guid DeclarantMemberId, DeclarantKind Capacity, string Purpose, string RecipientKind, string RecipientId,
    DateOnly ValidFrom, DateOnly? ValidUntil, bool PeriodGiven, DateOnly Today);

/// <summary>
/// Stores consent decisions, their declarations and withdrawals, child-protection measures and
/// emergency access, each change with its access-log entry in one unit of work.
/// </summary>
public sealed class ConsentStore(Database database, UnitOfWork unitOfWork)
{
    private const string ConsentColumns = """
        id AS Id, subject_member_id AS SubjectMemberId, family_id AS FamilyId, purpose AS Purpose, recipient_kind AS RecipientKind,
        recipient_id AS RecipientId, valid_from AS ValidFrom, valid_until AS ValidUntil, created_at AS CreatedAt, closed_at AS ClosedAt,
        withdrawn_at AS WithdrawnAt, withdrawn_by AS WithdrawnBy, withdrawn_reason AS WithdrawnReason
        """;
    private const string OpenSql = $"""
        SELECT {ConsentColumns} FROM consents
        WHERE subject_member_id = @SubjectMemberId AND purpose = @Purpose AND recipient_kind = @RecipientKind AND recipient_id = @RecipientId
            AND closed_at IS NULL
        """;
    private const string ByIdSql = $"SELECT {ConsentColumns} FROM consents WHERE id = @Id";
    private const string BySubjectSql = $"SELECT {ConsentColumns} FROM consents WHERE subject_member_id = @SubjectMemberId ORDER BY created_at DESC";
    private const string OpenBySubjectSql = $"SELECT {ConsentColumns} FROM consents WHERE subject_member_id = @SubjectMemberId AND closed_at IS NULL";
    private const string DeclarationsSql = """
        SELECT consent_id AS ConsentId, member_id AS MemberId, capacity AS Capacity, declared_at AS DeclaredAt
        FROM declarations WHERE consent_id = @ConsentId ORDER BY declared_at
        """;
    private const string CloseSql = "UPDATE consents SET closed_at = @Now WHERE id = @Id AND closed_at IS NULL";
    private const string InsertConsentSql = """
        INSERT INTO consents (id, subject_member_id, family_id, purpose, recipient_kind, recipient_id, valid_from, valid_until, created_at)
        VALUES (@Id, @SubjectMemberId, @FamilyId, @Purpose, @RecipientKind, @RecipientId, @ValidFrom, @ValidUntil, @CreatedAt)
        """;
    private const string InsertDeclarationSql = """
        INSERT INTO declarations (consent_id, member_id, capacity, declared_at, user_id) VALUES (@ConsentId, @MemberId, @Capacity, @DeclaredAt, @UserId)
        """;
    private const string WithdrawSql = """
        UPDATE consents SET withdrawn_at = @Now, withdrawn_by = @By, withdrawn_reason = @Reason, closed_at = @Now
        WHERE id = @Id AND closed_at IS NULL
        """;
    private const string InsertEmergencySql = """
        INSERT INTO emergency_access (id, subject_member_id, user_id, user_name, user_role, reason, started_at, ends_at)
        VALUES (@Id, @SubjectMemberId, @UserId, @UserName, @UserRole, @Reason, @StartedAt, @EndsAt)
        """;
    private const string ActiveEmergencySql = """
        SELECT id AS Id, subject_member_id AS SubjectMemberId, user_id AS UserId, reason AS Reason, started_at AS StartedAt, ends_at AS EndsAt
        FROM emergency_access WHERE subject_member_id = @SubjectMemberId AND user_id = @UserId AND started_at <= @Now AND ends_at > @Now
        """;
    private const string InsertMeasureSql = """
        INSERT INTO protection_measures (id, subject_member_id, organisation_agb, measure, decision_reference, valid_from, valid_until, recorded_at, recorded_by)
        VALUES (@Id, @SubjectMemberId, @OrganisationAgb, @Measure, @Decision, @ValidFrom, @ValidUntil, @RecordedAt, @RecordedBy)
        """;
    private const string EmergencyByIdSql = """
        SELECT id AS Id, subject_member_id AS SubjectMemberId, user_id AS UserId, reason AS Reason, started_at AS StartedAt, ends_at AS EndsAt
        FROM emergency_access WHERE id = @Id
        """;
    private const string MeasureByIdSql = """
        SELECT id AS Id, subject_member_id AS SubjectMemberId, organisation_agb AS OrganisationAgb, measure AS Measure,
            decision_reference AS Decision, valid_from AS ValidFrom, valid_until AS ValidUntil
        FROM protection_measures WHERE id = @Id
        """;
    private const string MeasuresSql = """
        SELECT id AS Id, subject_member_id AS SubjectMemberId, organisation_agb AS OrganisationAgb, measure AS Measure,
            decision_reference AS Decision, valid_from AS ValidFrom, valid_until AS ValidUntil
        FROM protection_measures WHERE subject_member_id = @SubjectMemberId AND organisation_agb = @OrganisationAgb
        """;

    /// <summary>
    /// Adds a declaration: to the open decision on the same subject, purpose and recipient when
    /// there is one (a second declarant joins it), else to a new decision. An open decision whose
    /// period has ended is closed first. Two first declarations racing end in a unique-key
    /// violation on the open decision; the unit of work runs again and the second joins.
    /// </summary>
    public Task<(DeclareOutcome Outcome, Guid ConsentId)> DeclareAsync(NewDeclaration declaration, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            var (connection, tx, now) = (write.Connection, write.Transaction, write.NowUtc);
            var d = declaration;
            var open = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(OpenSql,
                new { SubjectMemberId = d.Subject.MemberId, d.Purpose, d.RecipientKind, d.RecipientId }, tx, cancellationToken: write.CancellationToken));
            if (open is { ValidUntil: { } until } && until < d.Today)
            {
                await connection.ExecuteAsync(new CommandDefinition(CloseSql, new { open.Id, Now = now }, tx, cancellationToken: write.CancellationToken));
                open = null;
            }

            // A declarant who names no period joins the open decision's; one who names another is refused.
            if (open is not null && d.PeriodGiven && (open.ValidFrom != d.ValidFrom || open.ValidUntil != d.ValidUntil))
            {
                return (DeclareOutcome.PeriodDiffers, open.Id);
            }

            if (open is null && d.ValidFrom < d.Today)
            {
                return (DeclareOutcome.BeginsInPast, Guid.Empty);
            }

            var outcome = DeclareOutcome.Joined;
            var consentId = open?.Id ?? Guid.NewGuid();
            if (open is null)
            {
                outcome = DeclareOutcome.Created;
                await connection.ExecuteAsync(new CommandDefinition(InsertConsentSql, new
                {
                    Id = consentId,
                    SubjectMemberId = d.Subject.MemberId,
                    d.Subject.FamilyId,
                    d.Purpose,
                    d.RecipientKind,
                    d.RecipientId,
                    d.ValidFrom,
                    d.ValidUntil,
                    CreatedAt = now,
                }, tx, cancellationToken: write.CancellationToken));
            }
            else
            {
                var declared = await connection.QueryAsync<DeclarationRow>(new CommandDefinition(DeclarationsSql, new { ConsentId = consentId }, tx, cancellationToken: write.CancellationToken));
                if (declared.Any(x => x.MemberId == d.DeclarantMemberId))
                {
                    // Nothing changes; the declarant reads the decision as it stands.
                    write.Audit(access with { Action = AuditAction.Read, ClientBsn = d.Subject.Bsn, ObjectId = consentId.ToString() });
                    return (DeclareOutcome.AlreadyDeclared, consentId);
                }
            }

            await connection.ExecuteAsync(new CommandDefinition(InsertDeclarationSql, new
            {
                ConsentId = consentId,
                MemberId = d.DeclarantMemberId,
                Capacity = Capacities.Of(d.Capacity),
                DeclaredAt = now,
                access.UserId,
            }, tx, cancellationToken: write.CancellationToken));
            write.Audit(access with { ClientBsn = d.Subject.Bsn, ObjectId = consentId.ToString() });
            return (outcome, consentId);
        }, ct);
    }

    /// <summary>
    /// Withdraws an open decision at once and announces it (<see cref="ConsentWithdrawn"/>); false
    /// when it was already closed (withdrawn or expired and replaced), which announces nothing.
    /// </summary>
    public Task<bool> WithdrawAsync(ConsentRow consent, Guid byMemberId, string? reason, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            var changed = await write.Connection.ExecuteAsync(new CommandDefinition(WithdrawSql,
                new { consent.Id, Now = write.NowUtc, By = byMemberId, Reason = reason }, write.Transaction, cancellationToken: write.CancellationToken));
            write.Audit(access with { ObjectId = consent.Id.ToString() });
            if (changed == 1)
            {
                write.Publish(new ConsentWithdrawn(consent.Id, consent.FamilyId, consent.SubjectMemberId, consent.Purpose, consent.RecipientKind, consent.RecipientId,
                    new DateTimeOffset(write.NowUtc, TimeSpan.Zero)));
            }

            return changed == 1;
        }, ct);
    }

    /// <summary>A decision with its declarations, or null.</summary>
    public async Task<StoredConsent?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var consent = await connection.QuerySingleOrDefaultAsync<ConsentRow>(new CommandDefinition(ByIdSql, new { Id = id }, cancellationToken: ct));
        return consent is null ? null : new StoredConsent(consent, await DeclarationsAsync(connection, consent.Id, ct));
    }

    /// <summary>Every decision about <paramref name="subjectId"/>, newest first; only the open ones when <paramref name="openOnly"/>.</summary>
    public async Task<IReadOnlyList<StoredConsent>> ForSubjectAsync(Guid subjectId, bool openOnly, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var consents = await connection.QueryAsync<ConsentRow>(new CommandDefinition(openOnly ? OpenBySubjectSql : BySubjectSql, new { SubjectMemberId = subjectId }, cancellationToken: ct));
        var result = new List<StoredConsent>();
        foreach (var consent in consents)
        {
            result.Add(new StoredConsent(consent, await DeclarationsAsync(connection, consent.Id, ct)));
        }

        return result;
    }

    /// <summary>Records emergency access and its access-log entry.</summary>
    public Task RecordEmergencyAccessAsync(EmergencyAccessRow grant, string? userName, string userRole, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(grant);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertEmergencySql, new
            {
                grant.Id, grant.SubjectMemberId, grant.UserId, UserName = userName, UserRole = userRole, grant.Reason, grant.StartedAt, grant.EndsAt,
            }, write.Transaction, cancellationToken: write.CancellationToken));
            write.Audit(access);
        }, ct);
    }

    /// <summary>The emergency access of <paramref name="userId"/> to <paramref name="subjectId"/> running at <paramref name="nowUtc"/>, or null.</summary>
    public async Task<EmergencyAccessRow?> ActiveEmergencyAccessAsync(Guid subjectId, string userId, DateTime nowUtc, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<EmergencyAccessRow>(new CommandDefinition(ActiveEmergencySql,
            new { SubjectMemberId = subjectId, UserId = userId, Now = nowUtc }, cancellationToken: ct))).MaxBy(g => g.EndsAt);
    }

    /// <summary>An emergency access by id, or null.</summary>
    public async Task<EmergencyAccessRow?> FindEmergencyAccessAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<EmergencyAccessRow>(new CommandDefinition(EmergencyByIdSql, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>A child-protection measure by id, or null.</summary>
    public async Task<MeasureRow?> FindMeasureAsync(Guid id, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<MeasureRow>(new CommandDefinition(MeasureByIdSql, new { Id = id }, cancellationToken: ct));
    }

    /// <summary>Records a child-protection measure and its access-log entry.</summary>
    public Task RecordMeasureAsync(MeasureRow measure, string recordedBy, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(measure);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertMeasureSql, new
            {
                measure.Id, measure.SubjectMemberId, measure.OrganisationAgb, measure.Measure, measure.Decision, measure.ValidFrom, measure.ValidUntil,
                RecordedAt = write.NowUtc, RecordedBy = recordedBy,
            }, write.Transaction, cancellationToken: write.CancellationToken));
            write.Audit(access);
        }, ct);
    }

    /// <summary>The measure of the institution <paramref name="organisationAgb"/> for <paramref name="subjectId"/> that runs on <paramref name="today"/>, or null.</summary>
    public async Task<MeasureRow?> ActiveMeasureAsync(Guid subjectId, string organisationAgb, DateOnly today, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var measures = await connection.QueryAsync<MeasureRow>(new CommandDefinition(MeasuresSql,
            new { SubjectMemberId = subjectId, OrganisationAgb = organisationAgb }, cancellationToken: ct));
        return measures.FirstOrDefault(m => m.ValidFrom <= today && (m.ValidUntil is null || m.ValidUntil >= today));
    }

    private static async Task<IReadOnlyList<DeclarationRow>> DeclarationsAsync(System.Data.Common.DbConnection connection, Guid consentId, CancellationToken ct) =>
        (await connection.QueryAsync<DeclarationRow>(new CommandDefinition(DeclarationsSql, new { ConsentId = consentId }, cancellationToken: ct))).ToList();
}

/// <summary>The capacities as stored.</summary>
public static class Capacities
{
    public const string Subject = "subject";
    public const string Parent = "parent";

    public static string Of(DeclarantKind kind) => kind == DeclarantKind.Subject ? Subject : Parent;

    public static DeclarantKind Parse(string value) => value == Subject ? DeclarantKind.Subject : DeclarantKind.Parent;
}

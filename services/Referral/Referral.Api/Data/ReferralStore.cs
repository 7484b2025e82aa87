using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using Coordination.ServiceDefaults;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Api.Data;

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
    public bool Urgent { get; set; }
    public string? UrgentReason { get; set; }
    public string? ReceiverAgb { get; set; }
    public string? ReceiverName { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateOnly SubjectBirthDate { get; set; }
    public string MunicipalityCode { get; set; } = string.Empty;
    public string? Uzovi { get; set; }
    public string? CareLevel { get; set; }
    public string HouseholdJson { get; set; } = "[]";
    public string AuthorRole { get; set; } = string.Empty;
    public int Version { get; set; }
    public DateOnly ClockStartedOn { get; set; }
    public DateOnly? TriagedOn { get; set; }
    public DateOnly? IntakePlannedOn { get; set; }
    public DateOnly? IntakeOn { get; set; }
    public DateOnly? TreatmentStartedOn { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosureSummary { get; set; }

    /// <summary>The place of its last change in commit order; read only by the worklist sorted by the newest change.</summary>
    public long LastChange { get; set; }

    /// <summary>The day it was registered (Amsterdam): the first clock's start and the total wait's.</summary>
    public DateOnly RegisteredOn => AmsterdamTime.DateOf(new DateTimeOffset(SubmittedAt, TimeSpan.Zero));

    /// <summary>Who is party to it, for the access rules.</summary>
    public ReferralParties Parties => new(ReferrerAgb, ReceiverAgb, Domain);

    /// <summary>A copy, for a change computed before it is stored.</summary>
    public ReferralRow Clone() => (ReferralRow)MemberwiseClone();

    /// <summary>The household as the referral stated it.</summary>
    public IReadOnlyList<HouseholdMember> Household => JsonSerializer.Deserialize<List<HouseholdMember>>(HouseholdJson) ?? [];
}

/// <summary>
/// Stores referrals. One unit of work holds the referral, the household index, the events for
/// the family plan and the funding route, and the access-log entry: all or nothing.
/// </summary>
public sealed class ReferralStore(Database database, UnitOfWork unitOfWork)
{
    private const string FamilyOfSql = "SELECT bsn AS Bsn, member_id AS MemberId, family_id AS FamilyId FROM members WHERE bsn = @Bsn";
    private const string IndexMemberSql = "INSERT INTO members (bsn, member_id, family_id) VALUES (@Bsn, @MemberId, @FamilyId)";
    private const string InsertSql = """
        INSERT INTO referrals (id, family_id, subject_bsn, subject_name, subject_birth_date, municipality_code, uzovi,
            household_json, domain, reason, suspected_dsm_code, suspected_dsm_description, care_level, urgent, urgent_reason,
            receiver_agb, receiver_name, referrer_agb, referrer_type, referrer_name, author_role, author_id, status, submitted_at,
            version, clock_started_on)
        VALUES (@Id, @FamilyId, @SubjectBsn, @SubjectName, @SubjectBirthDate, @MunicipalityCode, @Uzovi,
            @HouseholdJson, @Domain, @Reason, @SuspectedDsmCode, @SuspectedDsmDescription, @CareLevel, @Urgent, @UrgentReason,
            @ReceiverAgb, @ReceiverName, @ReferrerAgb, @ReferrerType, @ReferrerName, @AuthorRole, @AuthorId, @Status, @SubmittedAt,
            1, @ClockStartedOn)
        """;
    /// <summary>The columns of a <see cref="ReferralRow"/>, for every read of one.</summary>
    public const string Columns = """
        id AS Id, family_id AS FamilyId, subject_bsn AS SubjectBsn, subject_name AS SubjectName, domain AS Domain,
            reason AS Reason, status AS Status, referrer_agb AS ReferrerAgb, referrer_name AS ReferrerName,
            suspected_dsm_code AS SuspectedDsmCode, urgent AS Urgent, urgent_reason AS UrgentReason, receiver_agb AS ReceiverAgb,
            receiver_name AS ReceiverName, submitted_at AS SubmittedAt, subject_birth_date AS SubjectBirthDate,
            municipality_code AS MunicipalityCode, uzovi AS Uzovi, care_level AS CareLevel, household_json AS HouseholdJson,
            author_role AS AuthorRole, version AS Version, clock_started_on AS ClockStartedOn, triaged_on AS TriagedOn,
            intake_planned_on AS IntakePlannedOn, intake_on AS IntakeOn, treatment_started_on AS TreatmentStartedOn,
            closed_at AS ClosedAt, closure_summary AS ClosureSummary
        """;

    /// <summary>One referral by id.</summary>
    public const string SelectSql = $"SELECT {Columns} FROM referrals WHERE id = @Id";

    /// <summary>
    /// Stores a referral. <paramref name="access"/> says who submits it, as the access log records
    /// them; the store adds the client and the referral's id. Two referrals racing to create one new
    /// family end in a unique-key violation; the unit of work runs again and finds the winner's family.
    /// </summary>
    public Task<ReferralRow> SubmitAsync(ValidReferral referral, AuditEntry access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(write => SubmitAsync(write, referral, access), cancellationToken);
    }

    private static async Task<ReferralRow> SubmitAsync(WriteContext write, ValidReferral referral, AuditEntry access)
    {
        var (connection, tx, now, ct) = (write.Connection, write.Transaction, write.NowUtc, write.CancellationToken);
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
        // A person keeps the member id they got when first seen; a new one gets a random id.
        var memberIds = known.Select(k => new MemberIdentity(k.Bsn, k.MemberId)).ToList();
        foreach (var bsn in bsns.Where(b => known.All(k => k.Bsn != b)))
        {
            var member = new MemberIdentity(bsn, Guid.NewGuid());
            await connection.ExecuteAsync(new CommandDefinition(IndexMemberSql, new { Bsn = bsn, member.MemberId, FamilyId = familyId }, tx, cancellationToken: ct));
            memberIds.Add(member);
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
            Urgent = referral.Urgent,
            UrgentReason = referral.UrgentReason,
            ReceiverAgb = referral.ReceiverAgb,
            ReceiverName = referral.ReceiverName,
            SubmittedAt = now,
            SubjectBirthDate = referral.Subject.BirthDate,
            MunicipalityCode = referral.Subject.MunicipalityCode,
            Uzovi = referral.Subject.Uzovi,
            CareLevel = referral.CareLevel,
            HouseholdJson = JsonSerializer.Serialize(referral.Household),
            AuthorRole = access.UserRole,
            Version = 1,
        };
        row.ClockStartedOn = row.RegisteredOn;
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
            referral.UrgentReason,
            referral.ReceiverAgb,
            referral.ReceiverName,
            referral.ReferrerAgb,
            referral.ReferrerType,
            referral.ReferrerName,
            AuthorRole = access.UserRole,
            AuthorId = access.UserId,
            row.Status,
            SubmittedAt = now,
            row.ClockStartedOn,
        }, tx, cancellationToken: ct));
        await Timeline.AppendAsync(write, new TimelineEntry(id, referral.ReferrerAgb, "submit", row.Status, referral.ReceiverAgb, now,
            access.UserId, access.UserName ?? referral.ReferrerName ?? referral.ReferrerAgb, access.UserRole, OrganisationAgb: null, Reason: null, Detail: null));

        var submittedAt = new DateTimeOffset(now);
        write.Publish(new ReferralSubmitted(id, familyId, referral.Subject, referral.Household,
            new ReferrerInfo(referral.ReferrerAgb, referral.ReferrerType, referral.ReferrerName, access.UserRole, access.UserId),
            referral.Domain, referral.Reason, referral.SuspectedDsm, referral.CareLevel, referral.Urgent, submittedAt, memberIds));
        // The funding route's users are financiers: it learns that a disorder is suspected, not which.
        var subject = referral.Subject;
        write.Publish(new ReferralSubmittedForFunding(id, familyId,
            new FundingSubject(subject.Bsn, subject.BirthDate, subject.MunicipalityCode, subject.Uzovi),
            referral.ReferrerAgb, referral.ReferrerType, referral.Domain, referral.SuspectedDsm is not null, referral.CareLevel, submittedAt,
            memberIds.First(m => m.Bsn == subject.Bsn).MemberId));
        write.Audit(access with { ClientBsn = referral.Subject.Bsn, ObjectId = id.ToString() });
        return row;
    }

    /// <summary>A referral by id, or null.</summary>
    public async Task<ReferralRow?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(SelectSql, new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>The referral's timeline, oldest first.</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await Timeline.OfAsync(connection, id, cancellationToken);
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class IndexRow
    {
        public string Bsn { get; set; } = string.Empty;
        public Guid MemberId { get; set; }
        public Guid FamilyId { get; set; }
    }
}

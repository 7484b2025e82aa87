using Coordination.Data;
using Dapper;
using Referral.Api.Domain;

namespace Referral.Api.Data;

/// <summary>Which referrals a list holds: the caller's, then the filters.</summary>
/// <param name="ReceiverOrg">A receiver's organisation (with <paramref name="ReceiverDomain"/>): the referrals addressed to it.</param>
/// <param name="ReceiverDomain">The receiver's domain; for a POH-GGZ receiving for their practice, null (any).</param>
/// <param name="ReferrerAgb">A referrer's AGB code: the referrals made under it.</param>
/// <param name="Status">Only this status.</param>
/// <param name="Urgent">Only urgent (true) or only not urgent (false) referrals.</param>
/// <param name="Norm"><c>breached</c>: a running clock is past its norm; <c>soon</c>: one breaches within 7 days.</param>
/// <param name="SubjectBsn">Only the referrals of this person.</param>
public sealed record WorklistFilter(string? ReceiverOrg, string? ReceiverDomain, string? ReferrerAgb, string? Status, bool? Urgent, string? Norm, string? SubjectBsn = null);

/// <summary>Where a list sorted urgent first, then the oldest, goes on: after the referral with these sort keys.</summary>
/// <param name="Urgent">Whether it is urgent.</param>
/// <param name="SubmittedAt">When it was registered.</param>
/// <param name="Id">The referral.</param>
public sealed record UrgentAfter(bool Urgent, DateTime SubmittedAt, Guid Id);

/// <summary>Where a list sorted by the newest change goes on: after the referral with these sort keys.</summary>
/// <param name="LastChange">The place of its last change in commit order.</param>
/// <param name="Id">The referral.</param>
public sealed record RecentAfter(long LastChange, Guid Id);

/// <summary>A referral's clock dates, for an organisation's Treeknorm figures.</summary>
public sealed class ClockDates
{
    public bool Urgent { get; set; }
    public DateOnly ClockStartedOn { get; set; }
    public DateOnly? TriagedOn { get; set; }
    public DateOnly? IntakeOn { get; set; }
    public DateOnly? TreatmentStartedOn { get; set; }
}

/// <summary>The referral lists: a worklist, the regional intake pool, the referrer's feed, an organisation's figures.</summary>
public sealed class ReferralQueries(Database database)
{
    public const string Breached = "breached";
    public const string Soon = "soon";

    // The statuses in which the registration-to-intake clock can still run.
    private const string BeforeIntake = "status IN ('received', 'triaged', 'accepted', 'waiting', 'redirected')";

    private const string Filter = $"""
        ((receiver_agb = @ReceiverOrg AND (domain = @ReceiverDomain OR @AnyDomain = 1)) OR referrer_agb = @ReferrerAgb)
            AND (status = @Status OR @AnyStatus = 1)
            AND (subject_bsn = @SubjectBsn OR @AnySubject = 1)
            AND (urgent = @Urgent OR @AnyUrgency = 1)
            AND (@Norm = 0
                OR (@Norm = 1 AND (
                    ({BeforeIntake} AND intake_on IS NULL AND clock_started_on < @IntakeBreachedBefore)
                    OR (status = 'waiting' AND intake_on IS NOT NULL AND treatment_started_on IS NULL AND intake_on < @TreatmentBreachedBefore)
                    OR (status IN ('received', 'redirected') AND urgent = @True AND triaged_on IS NULL AND clock_started_on <= @UrgentBreachedOnOrBefore)))
                OR (@Norm = 2 AND (
                    ({BeforeIntake} AND intake_on IS NULL AND clock_started_on >= @IntakeBreachedBefore AND clock_started_on < @IntakeSoonBefore)
                    OR (status = 'waiting' AND intake_on IS NOT NULL AND treatment_started_on IS NULL
                        AND intake_on >= @TreatmentBreachedBefore AND intake_on < @TreatmentSoonBefore)
                    OR (status IN ('received', 'redirected') AND urgent = @True AND triaged_on IS NULL AND clock_started_on > @UrgentBreachedOnOrBefore))))
        """;

    // Urgent first, then the oldest, the id last so that every referral has one place. Never OFFSET: a page
    // after a cursor holds the referrals that sort after its (urgent, submitted_at, id), where a flag sorted
    // descending goes on with the flags below it; LIMIT on SQLite and PostgreSQL, TOP on SQL Server.
    private const string UrgentOrder = "urgent DESC, submitted_at, id";
    private const string AfterUrgent =
        "(urgent < @AfterUrgent OR (urgent = @AfterUrgent AND (submitted_at > @AfterAt OR (submitted_at = @AfterAt AND id > @AfterId))))";
    private const string WorklistSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY {UrgentOrder} LIMIT @Take
        """;
    private const string WorklistSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY {UrgentOrder}
        """;
    private const string WorklistAfterSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter} AND {AfterUrgent}
        ORDER BY {UrgentOrder} LIMIT @Take
        """;
    private const string WorklistAfterSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns} FROM referrals WHERE {Filter} AND {AfterUrgent}
        ORDER BY {UrgentOrder}
        """;

    // The newest change first (a referrer following their referrals): the last entry of each timeline, in commit order,
    // selected too as the cursor's key. Every referral has one from its submission; COALESCE only keeps the key a number.
    private const string LastChange = "(SELECT COALESCE(MAX(t.seq), 0) FROM referral_timeline t WHERE t.referral_id = referrals.id)";
    private const string RecentOrder = $"{LastChange} DESC, id";
    private const string AfterRecent = $"({LastChange} < @AfterSeq OR ({LastChange} = @AfterSeq AND id > @AfterId))";
    private const string RecentSql = $"""
        SELECT {ReferralStore.Columns}, {LastChange} AS LastChange FROM referrals WHERE {Filter}
        ORDER BY {RecentOrder} LIMIT @Take
        """;
    private const string RecentSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns}, {LastChange} AS LastChange FROM referrals WHERE {Filter}
        ORDER BY {RecentOrder}
        """;
    private const string RecentAfterSql = $"""
        SELECT {ReferralStore.Columns}, {LastChange} AS LastChange FROM referrals WHERE {Filter} AND {AfterRecent}
        ORDER BY {RecentOrder} LIMIT @Take
        """;
    private const string RecentAfterSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns}, {LastChange} AS LastChange FROM referrals WHERE {Filter} AND {AfterRecent}
        ORDER BY {RecentOrder}
        """;

    private const string PoolFilter = "receiver_agb IS NULL AND domain = @Domain AND status IN ('received', 'redirected')";
    private const string PoolSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {PoolFilter}
        ORDER BY {UrgentOrder} LIMIT @Take
        """;
    private const string PoolSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns} FROM referrals WHERE {PoolFilter}
        ORDER BY {UrgentOrder}
        """;
    private const string PoolAfterSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {PoolFilter} AND {AfterUrgent}
        ORDER BY {UrgentOrder} LIMIT @Take
        """;
    private const string PoolAfterSqlServer = $"""
        SELECT TOP (@Take) {ReferralStore.Columns} FROM referrals WHERE {PoolFilter} AND {AfterUrgent}
        ORDER BY {UrgentOrder}
        """;

    private const string ClockDatesSql = """
        SELECT urgent AS Urgent, clock_started_on AS ClockStartedOn, triaged_on AS TriagedOn, intake_on AS IntakeOn,
            treatment_started_on AS TreatmentStartedOn
        FROM referrals
        WHERE receiver_agb = @Org AND ((triaged_on >= @From AND triaged_on <= @To)
            OR (intake_on >= @From AND intake_on <= @To) OR (treatment_started_on >= @From AND treatment_started_on <= @To))
        """;

    /// <summary>
    /// Up to <paramref name="take"/> of the referrals <paramref name="filter"/> selects, urgent first then the oldest,
    /// after <paramref name="after"/> (the keys of the last referral of the page before) when given.
    /// </summary>
    public Task<IReadOnlyList<ReferralRow>> WorklistAsync(WorklistFilter filter, DateOnly today, UrgentAfter? after, int take, CancellationToken ct) =>
        QueryAsync(after is null ? database.Sql(WorklistSql, sqlServer: WorklistSqlServer) : database.Sql(WorklistAfterSql, sqlServer: WorklistAfterSqlServer),
            Args(filter, today, take, after?.Urgent, after?.SubmittedAt, null, after?.Id), ct);

    /// <summary>
    /// Up to <paramref name="take"/> of the referrals <paramref name="filter"/> selects, the newest change first, after
    /// <paramref name="after"/> when given; each with the place of its last change (<see cref="ReferralRow.LastChange"/>).
    /// </summary>
    public Task<IReadOnlyList<ReferralRow>> RecentWorklistAsync(WorklistFilter filter, DateOnly today, RecentAfter? after, int take, CancellationToken ct) =>
        QueryAsync(after is null ? database.Sql(RecentSql, sqlServer: RecentSqlServer) : database.Sql(RecentAfterSql, sqlServer: RecentAfterSqlServer),
            Args(filter, today, take, null, null, after?.LastChange, after?.Id), ct);

    /// <summary>
    /// Up to <paramref name="take"/> referrals of the regional intake pool of <paramref name="domain"/> (unaddressed),
    /// urgent first, then the oldest, after <paramref name="after"/> when given.
    /// </summary>
    public Task<IReadOnlyList<ReferralRow>> PoolAsync(string domain, UrgentAfter? after, int take, CancellationToken ct) =>
        QueryAsync(after is null ? database.Sql(PoolSql, sqlServer: PoolSqlServer) : database.Sql(PoolAfterSql, sqlServer: PoolAfterSqlServer),
            new { Domain = domain, Take = take, AfterUrgent = after?.Urgent, AfterAt = after?.SubmittedAt, AfterId = after?.Id }, ct);

    /// <summary>The changes to <paramref name="referrerAgb"/>'s referrals after <paramref name="after"/>, in commit order.</summary>
    public Task<IReadOnlyList<(TimelineEntry Entry, string SubjectBsn)>> FeedAsync(string referrerAgb, long after, int take, CancellationToken ct) =>
        Timeline.FeedAsync(database, referrerAgb, after, take, ct);

    /// <summary>The clock dates of the referrals <paramref name="org"/> received whose triage, intake or treatment start fell from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<ClockDates>> ClockDatesAsync(string org, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ClockDates>(new CommandDefinition(ClockDatesSql, new { Org = org, From = from, To = to }, cancellationToken: ct))).ToList();
    }

    private static object Args(WorklistFilter filter, DateOnly today, int take, bool? afterUrgent, DateTime? afterAt, long? afterSeq, Guid? afterId)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var t = WaitingTimeNorms.Thresholds(today);
        return new
        {
            filter.ReceiverOrg,
            filter.ReceiverDomain,
            AnyDomain = filter.ReceiverDomain is null ? 1 : 0,
            filter.ReferrerAgb,
            filter.Status,
            AnyStatus = filter.Status is null ? 1 : 0,
            filter.SubjectBsn,
            AnySubject = filter.SubjectBsn is null ? 1 : 0,
            Urgent = filter.Urgent ?? false,
            AnyUrgency = filter.Urgent is null ? 1 : 0,
            Norm = filter.Norm switch { Breached => 1, Soon => 2, _ => 0 },
            True = true,
            t.IntakeBreachedBefore,
            t.IntakeSoonBefore,
            t.TreatmentBreachedBefore,
            t.TreatmentSoonBefore,
            t.UrgentBreachedOnOrBefore,
            Take = take,
            AfterUrgent = afterUrgent,
            AfterAt = afterAt,
            AfterSeq = afterSeq,
            AfterId = afterId,
        };
    }

    private async Task<IReadOnlyList<ReferralRow>> QueryAsync(string sql, object args, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ReferralRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }
}

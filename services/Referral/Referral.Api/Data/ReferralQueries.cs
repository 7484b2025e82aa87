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
public sealed record WorklistFilter(string? ReceiverOrg, string? ReceiverDomain, string? ReferrerAgb, string? Status, bool? Urgent, string? Norm);

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

    // Urgent first, then the oldest.
    private const string WorklistSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY urgent DESC, submitted_at, id LIMIT @Take OFFSET @Skip
        """;
    private const string WorklistSqlServer = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY urgent DESC, submitted_at, id OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY
        """;
    private const string WorklistCountSql = $"SELECT COUNT(*) FROM referrals WHERE {Filter}";

    // The newest change first (a referrer following their referrals): the last entry of each timeline, in commit order.
    private const string LastChange = "(SELECT MAX(t.seq) FROM referral_timeline t WHERE t.referral_id = referrals.id)";
    private const string RecentSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY {LastChange} DESC, id LIMIT @Take OFFSET @Skip
        """;
    private const string RecentSqlServer = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {Filter}
        ORDER BY {LastChange} DESC, id OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY
        """;

    private const string PoolFilter = "receiver_agb IS NULL AND domain = @Domain AND status IN ('received', 'redirected')";
    private const string PoolSql = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {PoolFilter}
        ORDER BY urgent DESC, submitted_at, id LIMIT @Take OFFSET @Skip
        """;
    private const string PoolSqlServer = $"""
        SELECT {ReferralStore.Columns} FROM referrals WHERE {PoolFilter}
        ORDER BY urgent DESC, submitted_at, id OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY
        """;
    private const string PoolCountSql = $"SELECT COUNT(*) FROM referrals WHERE {PoolFilter}";

    private const string ClockDatesSql = """
        SELECT urgent AS Urgent, clock_started_on AS ClockStartedOn, triaged_on AS TriagedOn, intake_on AS IntakeOn,
            treatment_started_on AS TreatmentStartedOn
        FROM referrals
        WHERE receiver_agb = @Org AND ((triaged_on >= @From AND triaged_on <= @To)
            OR (intake_on >= @From AND intake_on <= @To) OR (treatment_started_on >= @From AND treatment_started_on <= @To))
        """;

    /// <summary>
    /// One page of the referrals <paramref name="filter"/> selects, urgent first then the oldest (or, <paramref name="recent"/>,
    /// the newest change first), and how many there are in all.
    /// </summary>
    public async Task<(IReadOnlyList<ReferralRow> Page, int Total)> WorklistAsync(WorklistFilter filter, DateOnly today, int skip, int take, CancellationToken ct, bool recent = false)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var t = WaitingTimeNorms.Thresholds(today);
        var args = new
        {
            filter.ReceiverOrg,
            filter.ReceiverDomain,
            AnyDomain = filter.ReceiverDomain is null ? 1 : 0,
            filter.ReferrerAgb,
            filter.Status,
            AnyStatus = filter.Status is null ? 1 : 0,
            Urgent = filter.Urgent ?? false,
            AnyUrgency = filter.Urgent is null ? 1 : 0,
            Norm = filter.Norm switch { Breached => 1, Soon => 2, _ => 0 },
            True = true,
            t.IntakeBreachedBefore,
            t.IntakeSoonBefore,
            t.TreatmentBreachedBefore,
            t.TreatmentSoonBefore,
            t.UrgentBreachedOnOrBefore,
            Skip = skip,
            Take = take,
        };
        await using var connection = await database.OpenAsync(ct);
        var sql = recent ? database.Sql(RecentSql, sqlServer: RecentSqlServer) : database.Sql(WorklistSql, sqlServer: WorklistSqlServer);
        var page = (await connection.QueryAsync<ReferralRow>(new CommandDefinition(sql, args, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(WorklistCountSql, args, cancellationToken: ct));
        return (page, total);
    }

    /// <summary>One page of the regional intake pool of <paramref name="domain"/>: unaddressed referrals, urgent first, then the oldest.</summary>
    public async Task<(IReadOnlyList<ReferralRow> Page, int Total)> PoolAsync(string domain, int skip, int take, CancellationToken ct)
    {
        var args = new { Domain = domain, Skip = skip, Take = take };
        await using var connection = await database.OpenAsync(ct);
        var page = (await connection.QueryAsync<ReferralRow>(new CommandDefinition(database.Sql(PoolSql, sqlServer: PoolSqlServer), args, cancellationToken: ct))).ToList();
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(PoolCountSql, args, cancellationToken: ct));
        return (page, total);
    }

    /// <summary>The changes to <paramref name="referrerAgb"/>'s referrals after <paramref name="after"/>, in commit order.</summary>
    public Task<IReadOnlyList<(TimelineEntry Entry, string SubjectBsn)>> FeedAsync(string referrerAgb, long after, int take, CancellationToken ct) =>
        Timeline.FeedAsync(database, referrerAgb, after, take, ct);

    /// <summary>The clock dates of the referrals <paramref name="org"/> received whose triage, intake or treatment start fell from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<IReadOnlyList<ClockDates>> ClockDatesAsync(string org, DateOnly from, DateOnly to, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<ClockDates>(new CommandDefinition(ClockDatesSql, new { Org = org, From = from, To = to }, cancellationToken: ct))).ToList();
    }
}

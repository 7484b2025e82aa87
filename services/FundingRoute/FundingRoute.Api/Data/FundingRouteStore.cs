using System.Text.Json;
using Coordination.Data;
using Dapper;
using FundingRoute.Api.Domain;

namespace FundingRoute.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class FundingRouteRow
{
    public Guid ReferralId { get; set; }
    public string SubjectBsn { get; set; } = string.Empty;
    public DateOnly? SubjectBirthDate { get; set; }
    public string Law { get; set; } = string.Empty;
    public string FinancierType { get; set; } = string.Empty;
    public string? FinancierCode { get; set; }
    public string? ProductCategory { get; set; }
    public string RuleId { get; set; } = string.Empty;
    public string RuleText { get; set; } = string.Empty;
    public string PaperworkJson { get; set; } = "[]";
    public bool DeductibleApplies { get; set; }
    public DateTime DecidedAt { get; set; }
    public int Version { get; set; }

    /// <summary>What of the route decides who may read it.</summary>
    public RoutePayer Payer => new(Law, FinancierType, FinancierCode);

    public IReadOnlyList<string> Paperwork => JsonSerializer.Deserialize<List<string>>(PaperworkJson) ?? [];
}

/// <summary>
/// Reads funding routes for the financiers who pay them, and logs each read. The table holds no
/// clinical content (the funding route never receives any), and the queries select only what a
/// financier's answer shows, so nothing else can slip into it.
/// </summary>
public sealed class FundingRouteStore(Database database)
{
    // The columns every read selects, in one place so the single read and the list cannot drift apart.
    private const string Columns = """
        referral_id AS ReferralId, subject_bsn AS SubjectBsn, subject_birth_date AS SubjectBirthDate, law AS Law,
            financier_type AS FinancierType, financier_code AS FinancierCode, product_category AS ProductCategory,
            rule_id AS RuleId, rule_text AS RuleText, paperwork_json AS PaperworkJson, deductible_applies AS DeductibleApplies,
            decided_at AS DecidedAt, version AS Version
        """;

    private const string FindSql = $"""
        SELECT {Columns}
        FROM funding_routes WHERE referral_id = @ReferralId
        """;

    // A financier's routes, newest first: one range of ix_funding_routes_financier_newest. The law
    // list has two places; a financier that pays under one law fills both with it.
    private const string NewestSql = $"""
        SELECT {Columns}
        FROM funding_routes
        WHERE financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
        ORDER BY decided_at DESC, referral_id DESC
        LIMIT @Take
        """;
    private const string NewestSqlServer = $"""
        SELECT TOP (@Take) {Columns}
        FROM funding_routes
        WHERE financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
        ORDER BY decided_at DESC, referral_id DESC
        """;

    // The page after a cursor: the routes that sort after its (decided_at, referral_id).
    private const string OlderSql = $"""
        SELECT {Columns}
        FROM funding_routes
        WHERE financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
            AND (decided_at < @DecidedAt OR (decided_at = @DecidedAt AND referral_id < @ReferralId))
        ORDER BY decided_at DESC, referral_id DESC
        LIMIT @Take
        """;
    private const string OlderSqlServer = $"""
        SELECT TOP (@Take) {Columns}
        FROM funding_routes
        WHERE financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
            AND (decided_at < @DecidedAt OR (decided_at = @DecidedAt AND referral_id < @ReferralId))
        ORDER BY decided_at DESC, referral_id DESC
        """;

    /// <summary>The route decided for a referral, or null.</summary>
    public async Task<FundingRouteRow?> FindAsync(Guid referralId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<FundingRouteRow>(new CommandDefinition(FindSql, new { ReferralId = referralId }, cancellationToken: ct));
    }

    /// <summary>
    /// Up to <paramref name="take"/> routes <paramref name="financier"/> pays, newest first, after
    /// <paramref name="after"/> (the decision time and referral of the last route of the page before) when given.
    /// </summary>
    public async Task<IReadOnlyList<FundingRouteRow>> ListAsync(Financier financier, (DateTime DecidedAt, Guid Id)? after, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(financier);
        await using var connection = await database.OpenAsync(ct);
        var command = after is not { } cursor
            ? new CommandDefinition(database.Sql(NewestSql, sqlServer: NewestSqlServer), new
            {
                FinancierType = financier.Type,
                FinancierCode = financier.Code,
                financier.Law,
                financier.OtherLaw,
                Take = take,
            }, cancellationToken: ct)
            : new CommandDefinition(database.Sql(OlderSql, sqlServer: OlderSqlServer), new
            {
                FinancierType = financier.Type,
                FinancierCode = financier.Code,
                financier.Law,
                financier.OtherLaw,
                cursor.DecidedAt,
                ReferralId = cursor.Id,
                Take = take,
            }, cancellationToken: ct);
        return (await connection.QueryAsync<FundingRouteRow>(command)).AsList();
    }
}

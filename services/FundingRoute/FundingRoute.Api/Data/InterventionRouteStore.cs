using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Dapper;
using FamilyPlan.Contracts;
using FundingRoute.Api.Domain;
using FundingRoute.Api.Domain.Engine;
using FundingRoute.Api.Endpoints;
using FundingRoute.Contracts;

namespace FundingRoute.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class InterventionRouteRow
{
    public Guid InterventionId { get; set; }
    public string? SubjectBsn { get; set; }
    public DateOnly? SubjectBirthDate { get; set; }
    public string? Kind { get; set; }
    public string? Status { get; set; }
    public DateOnly? StartOn { get; set; }
    public DateOnly? EndOn { get; set; }
    public int? PlannedSessions { get; set; }
    public string? Law { get; set; }
    public string? FinancierType { get; set; }
    public string? FinancierCode { get; set; }
    public string? ProductCategory { get; set; }
    public bool DeductibleApplies { get; set; }
    public string PaperworkJson { get; set; } = "[]";
    public string RulesJson { get; set; } = "[]";
    public DateTime DecidedAt { get; set; }
    public int DecisionVersion { get; set; }
    public string? CostCase { get; set; }

    /// <summary>What of the route decides who may read it; a route nobody pays has no law a financier reads.</summary>
    public RoutePayer Payer => new(Law ?? string.Empty, FinancierType ?? string.Empty, FinancierCode);

    public IReadOnlyList<string> Paperwork => JsonSerializer.Deserialize<List<string>>(PaperworkJson) ?? [];

    /// <summary>The rules that decided: id and article only (their facts name members; their sentences are the book's).</summary>
    public IReadOnlyList<CitedRule> Rules => JsonSerializer.Deserialize<List<CitedRule>>(RulesJson, InterventionRouteStore.Json) ?? [];
}

/// <summary>A rule as an intervention route keeps it.</summary>
public sealed record CitedRule(string Id, string Article);

/// <summary>A financier's filters on its intervention routes; null: any.</summary>
public sealed record InterventionRouteFilter(string? Law, string? Status, string? Kind);

/// <summary>
/// The funding answer per intervention of the family plan: decided and kept here (by the
/// intervention's events and by the daily review), read by the financiers who pay it. The table
/// holds no clinical content: the intervention events carry none.
/// </summary>
public sealed class InterventionRouteStore(Database database)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string Columns = """
        intervention_id AS InterventionId, subject_bsn AS SubjectBsn, subject_birth_date AS SubjectBirthDate, kind AS Kind, status AS Status,
            start_on AS StartOn, end_on AS EndOn, planned_sessions AS PlannedSessions, law AS Law, financier_type AS FinancierType,
            financier_code AS FinancierCode, product_category AS ProductCategory, deductible_applies AS DeductibleApplies,
            paperwork_json AS PaperworkJson, rules_json AS RulesJson, decided_at AS DecidedAt, decision_version AS DecisionVersion,
            cost_case AS CostCase
        """;

    private const string FindSql = $"SELECT {Columns} FROM intervention_routes WHERE intervention_id = @Id";

    // The financier's own routes under its laws, filtered; both placeholders of the law list carry the filter's law when one is given.
    private const string Scope = """
        financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
            AND (@Status IS NULL OR status = @Status) AND (@Kind IS NULL OR kind = @Kind)
        """;
    private const string NewestSql = $"SELECT {Columns} FROM intervention_routes WHERE {Scope} ORDER BY decided_at DESC, intervention_id DESC LIMIT @Take";
    private const string NewestSqlServer = $"SELECT TOP (@Take) {Columns} FROM intervention_routes WHERE {Scope} ORDER BY decided_at DESC, intervention_id DESC";
    private const string After = "(decided_at < @AfterAt OR (decided_at = @AfterAt AND intervention_id < @AfterId))";
    private const string OlderSql = $"SELECT {Columns} FROM intervention_routes WHERE {Scope} AND {After} ORDER BY decided_at DESC, intervention_id DESC LIMIT @Take";
    private const string OlderSqlServer = $"SELECT TOP (@Take) {Columns} FROM intervention_routes WHERE {Scope} AND {After} ORDER BY decided_at DESC, intervention_id DESC";

    // A financier's planned and running family therapies, for the cost–benefit sums.
    private const string FamilyTherapiesSql = $"""
        SELECT {Columns} FROM intervention_routes
        WHERE financier_type = @FinancierType AND financier_code = @FinancierCode AND law IN (@Law, @OtherLaw)
            AND kind IN ('family-therapy', 'family-sessions') AND status IN ('planned', 'active')
        """;

    private const string HeldSql = """
        SELECT intervention_version AS InterventionVersion, decision_version AS DecisionVersion
        FROM intervention_routes WHERE intervention_id = @Id
        """;
    // The member, and whether the municipality of their new address has assigned help since a move.
    private const string MemberSql = """
        SELECT m.member_id AS MemberId, m.bsn AS Bsn, m.birth_date AS BirthDate, m.municipality_code AS MunicipalityCode, m.uzovi AS Uzovi,
            m.suspected_disorder AS SuspectedDisorder, m.previous_municipality AS PreviousMunicipality, m.moved_on AS MovedOn,
            (SELECT COUNT(*) FROM assignments a WHERE a.subject_bsn = m.bsn AND a.municipality_code = m.municipality_code
                AND a.status IN ('assigned', 'started', 'stopped')) AS NewAssignments
        FROM funding_members m WHERE m.member_id = @Id
        """;

    private const string MovedMembersSql = "SELECT member_id FROM funding_members WHERE bsn = @Bsn AND previous_municipality IS NOT NULL";

    // The open interventions of a member, as last heard of: to decide again when the member's facts change.
    private const string OpenOfMemberSql = """
        SELECT intervention_json FROM intervention_routes
        WHERE member_id = @MemberId AND status IN ('planned', 'active') AND intervention_json IS NOT NULL
        """;
    private const string FamilyBirthDatesSql = "SELECT birth_date FROM funding_members WHERE family_id = @FamilyId";
    private const string InsertSql = """
        INSERT INTO intervention_routes (intervention_id, family_id, member_id, intervention_version, decision_version, intervention_json, cost_case,
            subject_bsn, subject_birth_date, kind, status, start_on, end_on, planned_sessions, law, financier_type, financier_code,
            product_category, deductible_applies, options_json, rules_json, paperwork_json, decided_at, decided_on, transition_json, transition_on)
        VALUES (@InterventionId, @FamilyId, @MemberId, @InterventionVersion, @DecisionVersion, @InterventionJson, @CostCase,
            @SubjectBsn, @SubjectBirthDate, @Kind, @Status, @StartOn, @EndOn, @PlannedSessions, @Law, @FinancierType, @FinancierCode,
            @ProductCategory, @DeductibleApplies, @OptionsJson, @RulesJson, @PaperworkJson, @DecidedAt, @DecidedOn, @TransitionJson, @TransitionOn)
        """;
    private const string UpdateSql = """
        UPDATE intervention_routes SET member_id = @MemberId, intervention_version = @InterventionVersion, decision_version = @DecisionVersion,
            intervention_json = @InterventionJson, cost_case = @CostCase, subject_bsn = @SubjectBsn, subject_birth_date = @SubjectBirthDate, kind = @Kind,
            status = @Status, start_on = @StartOn, end_on = @EndOn, planned_sessions = @PlannedSessions, law = @Law,
            financier_type = @FinancierType, financier_code = @FinancierCode, product_category = @ProductCategory,
            deductible_applies = @DeductibleApplies, options_json = @OptionsJson, rules_json = @RulesJson, paperwork_json = @PaperworkJson,
            decided_at = @DecidedAt, decided_on = @DecidedOn, transition_json = @TransitionJson,
            transition_on = CASE WHEN @TransitionJson IS NULL THEN NULL ELSE COALESCE(transition_on, @TransitionOn) END
        WHERE intervention_id = @InterventionId AND decision_version = @DecisionVersion - 1
        """;

    // A cancelled intervention keeps its last answer, so its financier sees it was cancelled and when.
    private const string CancelSql = """
        UPDATE intervention_routes SET intervention_version = @Version, status = @Status, end_on = @EndOn, intervention_json = @InterventionJson
        WHERE intervention_id = @InterventionId AND intervention_version < @Version
        """;

    /// <summary>The route of an intervention, or null.</summary>
    public async Task<InterventionRouteRow?> FindAsync(Guid interventionId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<InterventionRouteRow>(new CommandDefinition(FindSql, new { Id = interventionId }, cancellationToken: ct));
    }

    /// <summary>
    /// Up to <paramref name="take"/> routes <paramref name="financier"/> pays, newest first, after <paramref name="after"/>
    /// (the decision time and intervention of the last route of the page before) when given.
    /// </summary>
    public async Task<IReadOnlyList<InterventionRouteRow>> ListAsync(
        Financier financier, InterventionRouteFilter filter, (DateTime DecidedAt, Guid Id)? after, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(financier);
        ArgumentNullException.ThrowIfNull(filter);
        await using var connection = await database.OpenAsync(ct);
        var parameters = new DynamicParameters(new
        {
            FinancierType = financier.Type,
            FinancierCode = financier.Code,
            Law = filter.Law ?? financier.Law,
            OtherLaw = filter.Law ?? financier.OtherLaw,
            filter.Status,
            filter.Kind,
            Take = take,
            AfterAt = after?.DecidedAt,
            AfterId = after?.Id,
        });
        var sql = after is null ? database.Sql(NewestSql, sqlServer: NewestSqlServer) : database.Sql(OlderSql, sqlServer: OlderSqlServer);
        return (await connection.QueryAsync<InterventionRouteRow>(new CommandDefinition(sql, parameters, cancellationToken: ct))).AsList();
    }

    /// <summary>The planned and running family therapies <paramref name="financier"/> pays.</summary>
    public async Task<IReadOnlyList<InterventionRouteRow>> FamilyTherapiesAsync(Financier financier, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(financier);
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<InterventionRouteRow>(new CommandDefinition(FamilyTherapiesSql, new
        {
            FinancierType = financier.Type,
            FinancierCode = financier.Code,
            financier.Law,
            financier.OtherLaw,
        }, cancellationToken: ct))).AsList();
    }

    /// <summary>
    /// Decides who pays for <paramref name="intervention"/> on <paramref name="on"/>, keeps the
    /// answer as the intervention's next decision and publishes it, in <paramref name="write"/>'s
    /// unit of work. A version of the intervention older than the one held changes nothing, nor the
    /// same version again unless <paramref name="again"/> (the facts changed, not the intervention);
    /// a cancelled one keeps its last answer with its new status. Returns the answer, or null when
    /// nothing was decided. <paramref name="access"/> logs the decision as the service's own.
    /// </summary>
    public static async Task<FundingAnswer?> DecideAsync(WriteContext write, AccessLogWriter access, InterventionChanged intervention, DateOnly on, bool again = false)
    {
        ArgumentNullException.ThrowIfNull(write);
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(intervention);
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        var held = await connection.QuerySingleOrDefaultAsync<Held>(new CommandDefinition(HeldSql, new { Id = intervention.InterventionId }, tx, cancellationToken: ct));
        if (held is not null && (held.InterventionVersion > intervention.Version || (held.InterventionVersion == intervention.Version && !again)))
        {
            return null;
        }

        var interventionJson = JsonSerializer.Serialize(intervention, Json);
        if (intervention.Status == "cancelled")
        {
            if (held is not null && held.InterventionVersion < intervention.Version)
            {
                await connection.ExecuteAsync(new CommandDefinition(CancelSql, new
                {
                    intervention.InterventionId,
                    intervention.Version,
                    intervention.Status,
                    intervention.EndOn,
                    InterventionJson = interventionJson,
                }, tx, cancellationToken: ct));
            }

            return null;
        }

        var known = new List<MemberFacts>();
        foreach (var id in (intervention.MemberId is { } member ? [member] : intervention.ParticipantIds).Distinct())
        {
            var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(MemberSql, new { Id = id }, tx, cancellationToken: ct));
            known.AddRange(rows.Select(r => r.Facts));
        }

        var (facts, undecided) = InterventionFacts.Of(intervention, known, on);
        var answer = facts is null ? new FundingAnswer([], [undecided!]) : FundingEngine.Decide(facts);
        var subject = InterventionFacts.Subject(intervention, known);
        var first = answer.First;
        // Youth help of a member turning 18 within 90 days, up to the birthday: the transition to prepare.
        var today = AmsterdamTime.DateOf(new DateTimeOffset(write.NowUtc, TimeSpan.Zero));
        var youthHelp = facts is not null && intervention.StartOn < AmsterdamTime.BirthdayAt(facts.BirthDate, 18);
        var transition = youthHelp && AgeTransition.Prepare(facts!, today) is { } prepared ? TransitionOf(prepared) : null;
        var version = (held?.DecisionVersion ?? 0) + 1;
        string? costCase = null;
        if (facts?.Help == HelpKind.FamilyTherapy && subject is not null)
        {
            var birthDates = await connection.QueryAsync<DateOnly>(new CommandDefinition(FamilyBirthDatesSql, new { intervention.FamilyId }, tx, cancellationToken: ct));
            costCase = CostBenefit.ClosestCase(AmsterdamTime.AgeOn(subject.BirthDate, facts.On), birthDates.Select(b => AmsterdamTime.AgeOn(b, facts.On))).CaseType;
        }

        var stored = await connection.ExecuteAsync(new CommandDefinition(held is null ? InsertSql : UpdateSql, new
        {
            intervention.InterventionId,
            intervention.FamilyId,
            MemberId = subject?.MemberId,
            InterventionVersion = intervention.Version,
            DecisionVersion = version,
            InterventionJson = interventionJson,
            CostCase = costCase,
            SubjectBsn = subject?.Bsn,
            SubjectBirthDate = subject?.BirthDate,
            intervention.Kind,
            intervention.Status,
            intervention.StartOn,
            intervention.EndOn,
            intervention.PlannedSessions,
            first?.Law,
            first?.FinancierType,
            first?.FinancierCode,
            first?.ProductCategory,
            DeductibleApplies = first?.DeductibleApplies ?? false,
            OptionsJson = JsonSerializer.Serialize(answer.Options, Json),
            RulesJson = JsonSerializer.Serialize(answer.Rules.Select(r => new { r.Rule.Id, r.Rule.Article, r.Facts }), Json),
            PaperworkJson = JsonSerializer.Serialize(first?.Paperwork ?? [], Json),
            DecidedAt = write.NowUtc,
            DecidedOn = facts?.On ?? intervention.StartOn,
            TransitionJson = transition is null ? null : JsonSerializer.Serialize(transition, Json),
            TransitionOn = transition is null ? (DateOnly?)null : today,
        }, tx, cancellationToken: ct));
        if (stored == 0)
        {
            // Another decision of this intervention was stored since it was read (the review and an event at once): that one stands.
            return null;
        }

        write.Audit(access.BySystem(held is null ? AuditAction.Create : AuditAction.Update, FundingRouteEndpoints.Purpose,
            "InterventionRoute", intervention.InterventionId.ToString(), subject?.Bsn, onBehalfOf: null));
        write.Publish(new InterventionFundingDecided(intervention.InterventionId, intervention.FamilyId,
            answer.Options.Select(o => new FundingOption(o.Law, o.FinancierType, o.FinancierCode, o.ProductCategory, o.DeductibleApplies)).ToList(),
            answer.Rules.Select(r => new FundingRuleCitation(r.Rule.Id, r.Rule.Article, r.Rule.Nl, r.Rule.En)).ToList(),
            first?.Paperwork ?? [], new DateTimeOffset(write.NowUtc, TimeSpan.Zero), version, transition));
        return answer;
    }

    /// <summary>
    /// Decides again each open intervention of <paramref name="memberId"/> on the day of
    /// <paramref name="write"/>: their facts changed (a move, an assignment by the new municipality).
    /// </summary>
    public static async Task<int> DecideAgainForMemberAsync(WriteContext write, AccessLogWriter access, Guid memberId)
    {
        ArgumentNullException.ThrowIfNull(write);
        var today = AmsterdamTime.DateOf(new DateTimeOffset(write.NowUtc, TimeSpan.Zero));
        var open = await write.Connection.QueryAsync<string>(new CommandDefinition(OpenOfMemberSql, new { MemberId = memberId }, write.Transaction, cancellationToken: write.CancellationToken));
        var decided = 0;
        foreach (var json in open.AsList())
        {
            var intervention = JsonSerializer.Deserialize<InterventionChanged>(json, Json)!;
            decided += await DecideAsync(write, access, intervention, today, again: true) is null ? 0 : 1;
        }

        return decided;
    }

    /// <summary>After the new municipality of a moved member (by BSN) assigned help: their open interventions are decided again.</summary>
    public static async Task<int> DecideAgainForMovedAsync(WriteContext write, AccessLogWriter access, string bsn)
    {
        ArgumentNullException.ThrowIfNull(write);
        var members = await write.Connection.QueryAsync<Guid>(new CommandDefinition(MovedMembersSql, new { Bsn = bsn }, write.Transaction, cancellationToken: write.CancellationToken));
        var decided = 0;
        foreach (var member in members.AsList())
        {
            decided += await DecideAgainForMemberAsync(write, access, member);
        }

        return decided;
    }

    private static FundingTransition TransitionOf(PreparedTransition prepared)
    {
        var (due, takesOver) = (prepared.Transition, prepared.TakesOver);
        return new FundingTransition(due.BirthdayOn, due.TaskFrom, due.Continues, takesOver?.Law, takesOver?.FinancierType, takesOver?.FinancierCode,
            due.StopReason, prepared.NewReferralNeeded, new FundingRuleCitation(due.Rule.Rule.Id, due.Rule.Rule.Article, due.Rule.Rule.Nl, due.Rule.Rule.En));
    }

    private sealed class Held
    {
        public int InterventionVersion { get; set; }
        public int DecisionVersion { get; set; }
    }

    private sealed class MemberRow
    {
        public Guid MemberId { get; set; }
        public string Bsn { get; set; } = string.Empty;
        public DateOnly BirthDate { get; set; }
        public string MunicipalityCode { get; set; } = string.Empty;
        public string? Uzovi { get; set; }
        public bool SuspectedDisorder { get; set; }
        public string? PreviousMunicipality { get; set; }
        public DateOnly? MovedOn { get; set; }
        public long NewAssignments { get; set; }

        public MemberFacts Facts => new(MemberId, Bsn, BirthDate, MunicipalityCode, Uzovi, SuspectedDisorder, PreviousMunicipality, MovedOn, NewAssignments > 0);
    }
}

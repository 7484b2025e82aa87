using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Contracts;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Engine;
using FundingRoute.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>
/// Decides who pays for each planned or changed intervention of the family plan (issue 10), from
/// what the referrals told of its member, keeps the answer per intervention and publishes it
/// (<see cref="InterventionFundingDecided"/>), versioned by the intervention's version: a late,
/// older version changes nothing. A cancelled intervention keeps its last answer.
/// </summary>
public sealed class InterventionChangedConsumer(Database database, UnitOfWork unitOfWork, ILogger<InterventionChangedConsumer> logger)
    : InboxConsumer<InterventionChanged>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FundingRouteInterventionChanged;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string VersionSql = "SELECT intervention_version FROM intervention_routes WHERE intervention_id = @Id";
    private const string MemberSql = """
        SELECT member_id AS MemberId, bsn AS Bsn, birth_date AS BirthDate, municipality_code AS MunicipalityCode, uzovi AS Uzovi,
            suspected_disorder AS SuspectedDisorder
        FROM funding_members WHERE member_id = @Id
        """;
    private const string InsertSql = """
        INSERT INTO intervention_routes (intervention_id, family_id, member_id, intervention_version, law, financier_type, financier_code,
            product_category, deductible_applies, options_json, rules_json, decided_at)
        VALUES (@InterventionId, @FamilyId, @MemberId, @Version, @Law, @FinancierType, @FinancierCode, @ProductCategory, @DeductibleApplies,
            @OptionsJson, @RulesJson, @DecidedAt)
        """;
    private const string UpdateSql = """
        UPDATE intervention_routes SET member_id = @MemberId, intervention_version = @Version, law = @Law, financier_type = @FinancierType,
            financier_code = @FinancierCode, product_category = @ProductCategory, deductible_applies = @DeductibleApplies,
            options_json = @OptionsJson, rules_json = @RulesJson, decided_at = @DecidedAt
        WHERE intervention_id = @InterventionId AND intervention_version < @Version
        """;

    protected override async Task HandleAsync(InterventionChanged m, WriteContext write)
    {
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        var held = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(VersionSql, new { Id = m.InterventionId }, tx, cancellationToken: ct));
        if (held >= m.Version || m.Status == "cancelled")
        {
            return;
        }

        var known = new List<MemberFacts>();
        foreach (var id in (m.MemberId is { } member ? [member] : m.ParticipantIds).Distinct())
        {
            var rows = await connection.QueryAsync<MemberRow>(new CommandDefinition(MemberSql, new { Id = id }, tx, cancellationToken: ct));
            known.AddRange(rows.Select(r => r.Facts));
        }

        var (facts, undecided) = InterventionFacts.Of(m, known);
        var answer = facts is null ? new FundingAnswer([], [undecided!]) : FundingEngine.Decide(facts);
        var subject = InterventionFacts.Subject(m, known);
        var first = answer.First;
        var row = new
        {
            m.InterventionId,
            m.FamilyId,
            MemberId = subject?.MemberId,
            m.Version,
            first?.Law,
            first?.FinancierType,
            first?.FinancierCode,
            first?.ProductCategory,
            DeductibleApplies = first?.DeductibleApplies ?? false,
            OptionsJson = JsonSerializer.Serialize(answer.Options, Json),
            RulesJson = JsonSerializer.Serialize(answer.Rules.Select(r => new { r.Rule.Id, r.Rule.Article, r.Facts }), Json),
            DecidedAt = write.NowUtc,
        };
        await connection.ExecuteAsync(new CommandDefinition(held is null ? InsertSql : UpdateSql, row, tx, cancellationToken: ct));
        write.Audit(AuditEntry.BySystem(FundingRouteStore.SourceSystem, AuditAction.Create, "funding", "InterventionRoute", m.InterventionId.ToString(), subject?.Bsn, onBehalfOf: null));
        write.Publish(new InterventionFundingDecided(m.InterventionId, m.FamilyId,
            answer.Options.Select(o => new FundingOption(o.Law, o.FinancierType, o.FinancierCode, o.ProductCategory, o.DeductibleApplies)).ToList(),
            answer.Rules.Select(r => new FundingRuleCitation(r.Rule.Id, r.Rule.Article, r.Rule.Nl, r.Rule.En)).ToList(),
            first?.Paperwork ?? [], new DateTimeOffset(write.NowUtc, TimeSpan.Zero), m.Version));
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class MemberRow
    {
        public Guid MemberId { get; set; }
        public string Bsn { get; set; } = string.Empty;
        public DateOnly BirthDate { get; set; }
        public string MunicipalityCode { get; set; } = string.Empty;
        public string? Uzovi { get; set; }
        public bool SuspectedDisorder { get; set; }

        public MemberFacts Facts => new(MemberId, Bsn, BirthDate, MunicipalityCode, Uzovi, SuspectedDisorder);
    }
}

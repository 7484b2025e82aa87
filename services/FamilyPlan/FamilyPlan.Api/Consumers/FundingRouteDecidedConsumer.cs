using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using FundingRoute.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Puts the funding route beside the referral in the family plan (it may arrive first). A decision
/// replaces the one held only when its version is newer, so a late older decision changes nothing.
/// </summary>
public sealed class FundingRouteDecidedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<FundingRouteDecidedConsumer> logger)
    : InboxConsumer<FundingRouteDecided>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanFundingRouteDecided;

    private const string UpsertSql = """
        INSERT INTO plan_funding_routes (referral_id, family_id, subject_bsn, law, financier_type, financier_code,
            product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at, version)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @Law, @FinancierType, @FinancierCode,
            @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt, @Version)
        ON CONFLICT (referral_id) DO UPDATE SET law = excluded.law, financier_type = excluded.financier_type,
            financier_code = excluded.financier_code, product_category = excluded.product_category, rule_id = excluded.rule_id,
            rule_text = excluded.rule_text, paperwork_json = excluded.paperwork_json, deductible_applies = excluded.deductible_applies,
            decided_at = excluded.decided_at, version = excluded.version
        WHERE plan_funding_routes.version < excluded.version
        """;
    private const string UpsertSqlServer = """
        UPDATE plan_funding_routes SET law = @Law, financier_type = @FinancierType, financier_code = @FinancierCode,
            product_category = @ProductCategory, rule_id = @RuleId, rule_text = @Rule, paperwork_json = @PaperworkJson,
            deductible_applies = @DeductibleApplies, decided_at = @DecidedAt, version = @Version
        WHERE referral_id = @ReferralId AND version < @Version;
        INSERT INTO plan_funding_routes (referral_id, family_id, subject_bsn, law, financier_type, financier_code,
            product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at, version)
        SELECT @ReferralId, @FamilyId, @SubjectBsn, @Law, @FinancierType, @FinancierCode,
            @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt, @Version
        WHERE NOT EXISTS (SELECT 1 FROM plan_funding_routes WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId);
        """;

    protected override async Task HandleAsync(FundingRouteDecided m, WriteContext write)
    {
        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(UpsertSql, sqlServer: UpsertSqlServer), new
        {
            m.ReferralId,
            m.FamilyId,
            m.SubjectBsn,
            m.Law,
            m.FinancierType,
            m.FinancierCode,
            m.ProductCategory,
            m.RuleId,
            m.Rule,
            PaperworkJson = JsonSerializer.Serialize(m.Paperwork),
            m.DeductibleApplies,
            DecidedAt = m.DecidedAt.UtcDateTime,
            m.Version,
        }, write.Transaction, cancellationToken: write.CancellationToken));
        write.Audit(access.BySystem(AuditAction.Update, "family-plan", "FundingRoute", m.ReferralId.ToString(), m.SubjectBsn, onBehalfOf: null));
    }
}

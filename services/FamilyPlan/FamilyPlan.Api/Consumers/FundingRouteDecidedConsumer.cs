using System.Data.Common;
using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Inbox;
using Coordination.Data.Outbox;
using Dapper;
using FamilyPlan.Api.Data;
using FundingRoute.Contracts;
using MassTransit;

namespace FamilyPlan.Api.Consumers;

/// <summary>Puts the funding route beside the referral in the family plan (it may arrive first).</summary>
public sealed class FundingRouteDecidedConsumer(Database database, OutboxSignal signal, TimeProvider time, ILogger<FundingRouteDecidedConsumer> logger)
    : InboxConsumer<FundingRouteDecided>(database, signal, time, logger)
{
    private const string DeleteSql = "DELETE FROM plan_funding_routes WHERE referral_id = @ReferralId";
    private const string InsertSql = """
        INSERT INTO plan_funding_routes (referral_id, family_id, subject_bsn, law, financier_type, financier_code,
            product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @Law, @FinancierType, @FinancierCode,
            @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt)
        """;

    protected override async Task HandleAsync(ConsumeContext<FundingRouteDecided> context, DbConnection connection, DbTransaction transaction)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        var now = Time.GetUtcNow().UtcDateTime;
        await FamilyWrites.EnsureFamilyAsync(connection, transaction, m.FamilyId, now, ct);
        await AuditLog.WriteAsync(connection, transaction, AuditEntry.BySystem(
            PlanStore.SourceSystem, AuditAction.Update, "family-plan", "FundingRoute", m.ReferralId.ToString(), m.SubjectBsn, onBehalfOf: null), now, ct);
        // A later decision for the same referral replaces the earlier one.
        await connection.ExecuteAsync(new CommandDefinition(DeleteSql, new { m.ReferralId }, transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
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
        }, transaction, cancellationToken: ct));
    }
}

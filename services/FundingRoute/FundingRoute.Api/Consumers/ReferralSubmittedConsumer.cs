using System.Data.Common;
using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Inbox;
using Coordination.Data.Outbox;
using Dapper;
using FundingRoute.Api.Domain;
using FundingRoute.Contracts;
using MassTransit;
using Referral.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>Decides the first funding route for a referred person and publishes it.</summary>
public sealed class ReferralSubmittedConsumer(Database database, OutboxSignal signal, TimeProvider time, ILogger<ReferralSubmittedConsumer> logger)
    : InboxConsumer<ReferralSubmitted>(database, signal, time, logger)
{
    public const string SourceSystem = "coordination-funding-route";

    private const string InsertSql = """
        INSERT INTO funding_routes (referral_id, family_id, subject_bsn, municipality_code, uzovi, law, financier_type,
            financier_code, product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @MunicipalityCode, @Uzovi, @Law, @FinancierType,
            @FinancierCode, @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt)
        """;

    protected override async Task HandleAsync(ConsumeContext<ReferralSubmitted> context, DbConnection connection, DbTransaction transaction)
    {
        var referral = context.Message;
        var now = Time.GetUtcNow();
        var decision = FundingRules.DecideFirstRoute(FundingCase.Of(referral));

        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            referral.ReferralId,
            referral.FamilyId,
            SubjectBsn = referral.Subject.Bsn,
            referral.Subject.MunicipalityCode,
            referral.Subject.Uzovi,
            decision.Law,
            decision.FinancierType,
            decision.FinancierCode,
            decision.ProductCategory,
            decision.RuleId,
            decision.Rule,
            PaperworkJson = JsonSerializer.Serialize(decision.Paperwork),
            decision.DeductibleApplies,
            DecidedAt = now.UtcDateTime,
        }, transaction, cancellationToken: context.CancellationToken));

        await AuditLog.WriteAsync(connection, transaction, AuditEntry.BySystem(
            SourceSystem, AuditAction.Create, "funding", "FundingRoute", referral.ReferralId.ToString(), referral.Subject.Bsn, referral.Referrer.Agb),
            now.UtcDateTime, context.CancellationToken);
        await Outbox.EnqueueAsync(connection, transaction, new FundingRouteDecided(
            referral.ReferralId, referral.FamilyId, referral.Subject.Bsn, decision.Law, decision.FinancierType, decision.FinancierCode,
            decision.ProductCategory, decision.RuleId, decision.Rule, decision.Paperwork, decision.DeductibleApplies, now),
            now.UtcDateTime, context.CancellationToken);
    }
}

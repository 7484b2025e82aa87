using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain;
using FundingRoute.Contracts;
using Referral.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>Decides the first funding route for a referred person and publishes it.</summary>
public sealed class ReferralSubmittedForFundingConsumer(Database database, UnitOfWork unitOfWork, ILogger<ReferralSubmittedForFundingConsumer> logger)
    : InboxConsumer<ReferralSubmittedForFunding>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FundingRouteReferralSubmitted;

    public const string SourceSystem = FundingRouteStore.SourceSystem;

    /// <summary>The first decision for a referral is version 1; a later re-decision raises it.</summary>
    private const int FirstVersion = 1;

    private const string InsertSql = """
        INSERT INTO funding_routes (referral_id, family_id, subject_bsn, subject_birth_date, municipality_code, uzovi, law, financier_type,
            financier_code, product_category, rule_id, rule_text, paperwork_json, deductible_applies, decided_at, version)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @SubjectBirthDate, @MunicipalityCode, @Uzovi, @Law, @FinancierType,
            @FinancierCode, @ProductCategory, @RuleId, @Rule, @PaperworkJson, @DeductibleApplies, @DecidedAt, @Version)
        """;

    protected override async Task HandleAsync(ReferralSubmittedForFunding referral, WriteContext write)
    {
        var now = write.NowUtc;
        var decision = FundingRules.DecideFirstRoute(FundingCase.Of(referral));

        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            referral.ReferralId,
            referral.FamilyId,
            SubjectBsn = referral.Subject.Bsn,
            SubjectBirthDate = referral.Subject.BirthDate,
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
            DecidedAt = now,
            Version = FirstVersion,
        }, write.Transaction, cancellationToken: write.CancellationToken));

        write.Audit(AuditEntry.BySystem(
            SourceSystem, AuditAction.Create, "funding", "FundingRoute", referral.ReferralId.ToString(), referral.Subject.Bsn, referral.ReferrerAgb));
        write.Publish(new FundingRouteDecided(
            referral.ReferralId, referral.FamilyId, referral.Subject.Bsn, decision.Law, decision.FinancierType, decision.FinancierCode,
            decision.ProductCategory, decision.RuleId, decision.Rule, decision.Paperwork, decision.DeductibleApplies, new DateTimeOffset(now), FirstVersion));
    }
}

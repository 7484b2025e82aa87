using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using Referral.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Records that the referrer supplemented a referral: one row per supplement, keyed by the
/// referral's version after it, so a copy or a late arrival changes nothing and the plan counts
/// each supplement once and shows the last one's time. It may arrive before the referral itself.
/// </summary>
public sealed class ReferralSupplementedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralSupplementedConsumer> logger)
    : InboxConsumer<ReferralSupplemented>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanReferralSupplemented;

    private const string InsertSql = """
        INSERT INTO plan_referral_supplements (referral_id, version, family_id, attachment_count, supplemented_at)
        VALUES (@ReferralId, @Version, @FamilyId, @AttachmentCount, @SupplementedAt)
        ON CONFLICT DO NOTHING
        """;
    private const string InsertSqlServer = """
        INSERT INTO plan_referral_supplements (referral_id, version, family_id, attachment_count, supplemented_at)
        SELECT @ReferralId, @Version, @FamilyId, @AttachmentCount, @SupplementedAt
        WHERE NOT EXISTS (SELECT 1 FROM plan_referral_supplements WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId AND version = @Version)
        """;

    protected override async Task HandleAsync(ReferralSupplemented m, WriteContext write)
    {
        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        var added = await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(InsertSql, sqlServer: InsertSqlServer), new
        {
            m.ReferralId,
            m.Version,
            m.FamilyId,
            m.AttachmentCount,
            SupplementedAt = m.SupplementedAt.UtcDateTime,
        }, write.Transaction, cancellationToken: write.CancellationToken));
        if (added == 0)
        {
            return;
        }

        write.Audit(access.BySystem(AuditAction.Update, "family-plan", "Referral", m.ReferralId.ToString(),
            await FamilyWrites.SubjectOfReferralAsync(write, m.ReferralId), m.By.Agb));
    }
}

using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using Referral.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Follows a referral's status (the closed loop). A change applies only when its version is newer
/// than the one held, so a late older change is ignored; and it may arrive before the referral
/// itself: its row is keyed by the referral id alone, and the submission (version 1) never
/// overwrites it, since the plan reads a status change's status before the submitted one.
/// </summary>
public sealed class ReferralStatusChangedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralStatusChangedConsumer> logger)
    : InboxConsumer<ReferralStatusChanged>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanReferralStatusChanged;

    private const string UpsertSql = """
        INSERT INTO plan_referral_progress (referral_id, family_id, status, version, changed_at)
        VALUES (@ReferralId, @FamilyId, @Status, @Version, @ChangedAt)
        ON CONFLICT (referral_id) DO UPDATE SET status = excluded.status, version = excluded.version, changed_at = excluded.changed_at
        WHERE plan_referral_progress.version < excluded.version
        """;

    // Insert first, under a key-range lock, then update: a second writer of a new referral waits for the first and still applies when newer.
    private const string UpsertSqlServer = """
        INSERT INTO plan_referral_progress (referral_id, family_id, status, version, changed_at)
        SELECT @ReferralId, @FamilyId, @Status, @Version, @ChangedAt
        WHERE NOT EXISTS (SELECT 1 FROM plan_referral_progress WITH (UPDLOCK, HOLDLOCK) WHERE referral_id = @ReferralId);
        UPDATE plan_referral_progress SET status = @Status, version = @Version, changed_at = @ChangedAt
        WHERE referral_id = @ReferralId AND version < @Version;
        """;

    protected override async Task HandleAsync(ReferralStatusChanged m, WriteContext write)
    {
        if (m.Version <= 1)
        {
            // Version 1 is the submission itself; a change carries a later one.
            Logger.LogWarning("Status change of referral {ReferralId} carries version {Version}; the submission is version 1, so it is ignored", m.ReferralId, m.Version);
            return;
        }

        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        var applied = await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(UpsertSql, sqlServer: UpsertSqlServer), new
        {
            m.ReferralId,
            m.FamilyId,
            m.Status,
            m.Version,
            ChangedAt = m.OccurredAt.UtcDateTime,
        }, write.Transaction, cancellationToken: write.CancellationToken));
        if (applied == 0)
        {
            Logger.LogInformation("Status change of referral {ReferralId} to version {Version} is older than the one held; ignored", m.ReferralId, m.Version);
            return;
        }

        write.Audit(access.BySystem(AuditAction.Update, "family-plan", "Referral", m.ReferralId.ToString(),
            await FamilyWrites.SubjectOfReferralAsync(write, m.ReferralId), m.By.OrganisationAgb ?? m.By.Agb));
    }
}

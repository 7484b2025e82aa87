using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using Referral.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Creates or extends the family with the referral, and records what the referral stated about
/// the subject and the household, as that referral's statement: another referrer never sees it.
/// </summary>
public sealed class ReferralSubmittedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralSubmittedConsumer> logger)
    : InboxConsumer<ReferralSubmitted>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanReferralSubmitted;

    private const string InsertMemberSql = """
        INSERT INTO stated_members (referral_id, family_id, bsn, name, birth_date) VALUES (@ReferralId, @FamilyId, @Bsn, @Name, @BirthDate)
        """;
    private const string InsertRelationSql = """
        INSERT INTO stated_relations (referral_id, family_id, subject_bsn, member_bsn, relation, custody)
        VALUES (@ReferralId, @FamilyId, @SubjectBsn, @MemberBsn, @Relation, @Custody)
        """;
    private const string InsertReferralSql = """
        INSERT INTO plan_referrals (id, family_id, subject_bsn, domain, reason, status, referrer_agb, referrer_name,
            suspected_dsm_code, suspected_dsm_description, submitted_at)
        VALUES (@Id, @FamilyId, @SubjectBsn, @Domain, @Reason, @Status, @ReferrerAgb, @ReferrerName,
            @SuspectedDsmCode, @SuspectedDsmDescription, @SubmittedAt)
        """;

    // A person's member id never changes: the first event that names it stores it.
    private const string InsertMemberIdSql = "INSERT INTO plan_members (bsn, member_id) VALUES (@Bsn, @MemberId) ON CONFLICT DO NOTHING";
    private const string InsertMemberIdSqlServer = """
        INSERT INTO plan_members (bsn, member_id)
        SELECT @Bsn, @MemberId WHERE NOT EXISTS (SELECT 1 FROM plan_members WITH (UPDLOCK, HOLDLOCK) WHERE bsn = @Bsn)
        """;

    protected override async Task HandleAsync(ReferralSubmitted m, WriteContext write)
    {
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);

        // The inbox has already made sure this referral is applied once: its own rows are new.
        await connection.ExecuteAsync(new CommandDefinition(InsertReferralSql, new
        {
            Id = m.ReferralId,
            m.FamilyId,
            SubjectBsn = m.Subject.Bsn,
            m.Domain,
            m.Reason,
            Status = "received",
            ReferrerAgb = m.Referrer.Agb,
            ReferrerName = m.Referrer.Name,
            SuspectedDsmCode = m.SuspectedDsm?.Code,
            SuspectedDsmDescription = m.SuspectedDsm?.Description,
            SubmittedAt = m.SubmittedAt.UtcDateTime,
        }, tx, cancellationToken: ct));

        var members = m.Household.Select(h => (h.Bsn, (string?)h.Name, h.BirthDate)).Prepend((m.Subject.Bsn, m.Subject.Name, m.Subject.BirthDate));
        await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql,
            members.Select(s => new { m.ReferralId, m.FamilyId, Bsn = s.Item1, Name = s.Item2, BirthDate = s.Item3 }), tx, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(InsertRelationSql,
            m.Household.Select(h => new { m.ReferralId, m.FamilyId, SubjectBsn = m.Subject.Bsn, MemberBsn = h.Bsn, h.Relation, h.Custody }), tx, cancellationToken: ct));

        foreach (var member in m.MemberIds ?? [])
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Database.Sql(InsertMemberIdSql, sqlServer: InsertMemberIdSqlServer), new { member.Bsn, member.MemberId }, tx, cancellationToken: ct));
        }

        // The access log shows whose data the plan now holds, stored on the referrer's behalf.
        write.Audit(access.BySystem(AuditAction.Create, "family-plan", "Referral", m.ReferralId.ToString(), m.Subject.Bsn, m.Referrer.Agb));
        foreach (var member in m.Household)
        {
            write.Audit(access.BySystem(AuditAction.Update, "family-plan", "FamilyMember", m.FamilyId.ToString(), member.Bsn, m.Referrer.Agb));
        }
    }
}

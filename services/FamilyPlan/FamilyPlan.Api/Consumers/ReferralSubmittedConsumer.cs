using System.Data.Common;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Data.Inbox;
using Coordination.Data.Outbox;
using Dapper;
using FamilyPlan.Api.Data;
using MassTransit;
using Referral.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>Creates or extends the family with the referred member, the household and the referral.</summary>
public sealed class ReferralSubmittedConsumer(Database database, OutboxSignal signal, TimeProvider time, ILogger<ReferralSubmittedConsumer> logger)
    : InboxConsumer<ReferralSubmitted>(database, signal, time, logger)
{
    private const string MemberExistsSql = "SELECT COUNT(*) FROM family_members WHERE family_id = @FamilyId AND bsn = @Bsn";
    private const string InsertMemberSql = "INSERT INTO family_members (family_id, bsn, name, birth_date, is_client) VALUES (@FamilyId, @Bsn, @Name, @BirthDate, @IsClient)";
    private const string MarkClientSql = "UPDATE family_members SET is_client = @IsClient, name = COALESCE(@Name, name) WHERE family_id = @FamilyId AND bsn = @Bsn";
    private const string FillNameSql = "UPDATE family_members SET name = @Name WHERE family_id = @FamilyId AND bsn = @Bsn AND name IS NULL";
    private const string RelationExistsSql = "SELECT COUNT(*) FROM family_relations WHERE family_id = @FamilyId AND subject_bsn = @SubjectBsn AND member_bsn = @MemberBsn";
    private const string InsertRelationSql = "INSERT INTO family_relations (family_id, subject_bsn, member_bsn, relation, custody) VALUES (@FamilyId, @SubjectBsn, @MemberBsn, @Relation, @Custody)";
    private const string InsertReferralSql = """
        INSERT INTO plan_referrals (id, family_id, subject_bsn, domain, reason, status, referrer_agb, referrer_name,
            suspected_dsm_code, suspected_dsm_description, submitted_at)
        VALUES (@Id, @FamilyId, @SubjectBsn, @Domain, @Reason, @Status, @ReferrerAgb, @ReferrerName,
            @SuspectedDsmCode, @SuspectedDsmDescription, @SubmittedAt)
        """;

    protected override async Task HandleAsync(ConsumeContext<ReferralSubmitted> context, DbConnection connection, DbTransaction transaction)
    {
        var m = context.Message;
        var ct = context.CancellationToken;
        await FamilyWrites.EnsureFamilyAsync(connection, transaction, m.FamilyId, Time.GetUtcNow().UtcDateTime, ct);

        await UpsertMemberAsync(connection, transaction, m.FamilyId, m.Subject.Bsn, m.Subject.Name, m.Subject.BirthDate, isClient: true, ct);
        foreach (var member in m.Household)
        {
            await UpsertMemberAsync(connection, transaction, m.FamilyId, member.Bsn, member.Name, member.BirthDate, isClient: false, ct);
            var relation = new { m.FamilyId, SubjectBsn = m.Subject.Bsn, MemberBsn = member.Bsn, member.Relation, member.Custody };
            if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(RelationExistsSql, relation, transaction, cancellationToken: ct)) == 0)
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertRelationSql, relation, transaction, cancellationToken: ct));
            }
        }

        // The access log shows whose data the plan now holds, stored on the referrer's behalf.
        var now = Time.GetUtcNow().UtcDateTime;
        await AuditLog.WriteAsync(connection, transaction, AuditEntry.BySystem(
            PlanStore.SourceSystem, AuditAction.Create, "family-plan", "Referral", m.ReferralId.ToString(), m.Subject.Bsn, m.Referrer.Agb), now, ct);
        foreach (var member in m.Household)
        {
            await AuditLog.WriteAsync(connection, transaction, AuditEntry.BySystem(
                PlanStore.SourceSystem, AuditAction.Update, "family-plan", "FamilyMember", m.FamilyId.ToString(), member.Bsn, m.Referrer.Agb), now, ct);
        }

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
        }, transaction, cancellationToken: ct));
    }

    private static async Task UpsertMemberAsync(DbConnection connection, DbTransaction tx, Guid familyId, string bsn, string? name, DateOnly birthDate, bool isClient, CancellationToken ct)
    {
        var args = new { FamilyId = familyId, Bsn = bsn, Name = name, BirthDate = birthDate, IsClient = isClient };
        if (await connection.ExecuteScalarAsync<long>(new CommandDefinition(MemberExistsSql, args, tx, cancellationToken: ct)) == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql, args, tx, cancellationToken: ct));
        }
        else
        {
            // A member is a client once referred; a relative never stops being one because of a later household list.
            await connection.ExecuteAsync(new CommandDefinition(isClient ? MarkClientSql : FillNameSql, args, tx, cancellationToken: ct));
        }
    }
}

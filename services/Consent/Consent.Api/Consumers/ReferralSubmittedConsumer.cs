using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using Referral.Contracts;

namespace Consent.Api.Consumers;

/// <summary>
/// Learns the household from each referral: every member with their member id and birth date
/// (for the age rules), what the referral said about parents and custody (for who may declare),
/// and the referrer (the family's care team until the family plan keeps one).
/// </summary>
public sealed class ReferralSubmittedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<ReferralSubmittedConsumer> logger)
    : InboxConsumer<ReferralSubmitted>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.ConsentReferralSubmitted;

    // A person's name and birth date come from the latest referral about them; an older one arriving
    // late changes nothing. Another referral's household entry never rewrites them, nor anyone's family:
    // a person stays in the family the referral service first put them in.
    private const string UpdateSubjectSql = """
        UPDATE household_members SET name = @Name, birth_date = @BirthDate, stated_at = @StatedAt
        WHERE member_id = @MemberId AND stated_at <= @StatedAt
        """;
    private const string InsertMemberSql = """
        INSERT INTO household_members (member_id, family_id, bsn, name, birth_date, stated_at)
        SELECT @MemberId, @FamilyId, @Bsn, @Name, @BirthDate, @StatedAt
        WHERE NOT EXISTS (SELECT 1 FROM household_members WHERE member_id = @MemberId)
        """;
    private const string InsertParenthoodSql = """
        INSERT INTO parenthood_statements (referral_id, parent_member_id, child_member_id, custody)
        VALUES (@ReferralId, @ParentMemberId, @ChildMemberId, @Custody)
        """;
    private const string InsertReferrerSql = """
        INSERT INTO care_team_referrers (family_id, agb)
        SELECT @FamilyId, @Agb WHERE NOT EXISTS (SELECT 1 FROM care_team_referrers WHERE family_id = @FamilyId AND agb = @Agb)
        """;

    protected override async Task HandleAsync(ReferralSubmitted m, WriteContext write)
    {
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        if (m.MemberIds is not { Count: > 0 })
        {
            // An event from before member ids existed names nobody a consent could be about.
            Logger.LogWarning("Referral {ReferralId} carries no member ids; its household is not recorded for consent", m.ReferralId);
            return;
        }

        var ids = m.MemberIds.ToDictionary(i => i.Bsn, i => i.MemberId, StringComparer.Ordinal);
        var people = m.Household.Select(h => (h.Bsn, h.Name, h.BirthDate)).Prepend((m.Subject.Bsn, (string?)m.Subject.Name, m.Subject.BirthDate));
        foreach (var (bsn, name, birthDate) in people.Where(p => ids.ContainsKey(p.Bsn)))
        {
            var args = new { MemberId = ids[bsn], m.FamilyId, Bsn = bsn, Name = name, BirthDate = birthDate, StatedAt = m.SubmittedAt.UtcDateTime };
            if (bsn == m.Subject.Bsn)
            {
                await connection.ExecuteAsync(new CommandDefinition(UpdateSubjectSql, args, tx, cancellationToken: ct));
            }

            await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql, args, tx, cancellationToken: ct));
        }

        var subject = ids.GetValueOrDefault(m.Subject.Bsn);
        foreach (var member in m.Household.Where(h => ids.ContainsKey(h.Bsn)))
        {
            // "parent": the member is the subject's parent; "child": the subject is the member's parent.
            var (parent, child) = member.Relation switch
            {
                "parent" => (ids[member.Bsn], subject),
                "child" => (subject, ids[member.Bsn]),
                _ => (Guid.Empty, Guid.Empty),
            };
            if (parent != Guid.Empty && child != Guid.Empty)
            {
                await connection.ExecuteAsync(new CommandDefinition(InsertParenthoodSql,
                    new { m.ReferralId, ParentMemberId = parent, ChildMemberId = child, member.Custody }, tx, cancellationToken: ct));
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertReferrerSql, new { m.FamilyId, m.Referrer.Agb }, tx, cancellationToken: ct));
        foreach (var bsn in ids.Keys)
        {
            write.Audit(access.BySystem(AuditAction.Update, "consent", "HouseholdMember", ids[bsn].ToString(), bsn, m.Referrer.Agb));
        }
    }
}

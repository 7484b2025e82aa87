using Coordination.Data;
using Coordination.Messaging;
using Dapper;
using Referral.Contracts;

namespace MdoScheduling.Api.Consumers;

/// <summary>
/// Learns each family's members (whom an MDO may discuss or invite, and which client is which
/// member) and its referring practices (on the care team by their AGB code).
/// </summary>
public sealed class ReferralSubmittedConsumer(Database database, UnitOfWork unitOfWork, ILogger<ReferralSubmittedConsumer> logger)
    : InboxConsumer<ReferralSubmitted>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.MdoSchedulingReferralSubmitted;

    // A person stays in the family the referral service first put them in; a name is filled in once known.
    private const string InsertMemberSql = """
        INSERT INTO family_members (member_id, family_id, bsn, name)
        SELECT @MemberId, @FamilyId, @Bsn, @Name
        WHERE NOT EXISTS (SELECT 1 FROM family_members WHERE member_id = @MemberId)
        """;
    private const string NameSql = "UPDATE family_members SET name = @Name WHERE member_id = @MemberId AND name IS NULL";
    private const string InsertReferrerSql = """
        INSERT INTO family_referrers (family_id, agb)
        SELECT @FamilyId, @Agb WHERE NOT EXISTS (SELECT 1 FROM family_referrers WHERE family_id = @FamilyId AND agb = @Agb)
        """;

    protected override async Task HandleAsync(ReferralSubmitted m, WriteContext write)
    {
        var (connection, tx, ct) = (write.Connection, write.Transaction, write.CancellationToken);
        if (m.MemberIds is not { Count: > 0 })
        {
            Logger.LogWarning("Referral {ReferralId} carries no member ids; its household is not recorded for MDOs", m.ReferralId);
            return;
        }

        var names = m.Household.GroupBy(h => h.Bsn, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);
        names[m.Subject.Bsn] = m.Subject.Name;
        foreach (var identity in m.MemberIds)
        {
            var args = new { identity.MemberId, m.FamilyId, identity.Bsn, Name = names.GetValueOrDefault(identity.Bsn) };
            await connection.ExecuteAsync(new CommandDefinition(InsertMemberSql, args, tx, cancellationToken: ct));
            await connection.ExecuteAsync(new CommandDefinition(NameSql, args, tx, cancellationToken: ct));
        }

        await connection.ExecuteAsync(new CommandDefinition(InsertReferrerSql, new { m.FamilyId, m.Referrer.Agb }, tx, cancellationToken: ct));
    }
}

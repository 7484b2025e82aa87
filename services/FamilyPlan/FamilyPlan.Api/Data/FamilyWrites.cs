using Coordination.Data;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>The small insert-if-absent writes the consumers share.</summary>
internal static class FamilyWrites
{
    private const string EnsureFamilySql = "INSERT INTO families (id, created_at) VALUES (@Id, @CreatedAt) ON CONFLICT DO NOTHING";
    private const string EnsureFamilySqlServer = """
        INSERT INTO families (id, created_at) SELECT @Id, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM families WITH (UPDLOCK, HOLDLOCK) WHERE id = @Id)
        """;
    private const string SubjectOfReferralSql = "SELECT subject_bsn FROM plan_referrals WHERE id = @Id";
    private const string BsnOfMemberSql = "SELECT bsn FROM plan_members WHERE member_id = @Id";

    /// <summary>Creates the family row unless it exists; two messages about one new family do not collide.</summary>
    public static Task EnsureFamilyAsync(Database database, WriteContext write, Guid familyId) =>
        write.Connection.ExecuteAsync(new CommandDefinition(database.Sql(EnsureFamilySql, sqlServer: EnsureFamilySqlServer),
            new { Id = familyId, CreatedAt = write.NowUtc }, write.Transaction, cancellationToken: write.CancellationToken));

    /// <summary>
    /// The BSN of the referral's subject, for the access log; null while the referral itself has
    /// not arrived (an event about it may come first), and the entry then names no client.
    /// </summary>
    public static Task<string?> SubjectOfReferralAsync(WriteContext write, Guid referralId) =>
        write.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(SubjectOfReferralSql, new { Id = referralId }, write.Transaction, cancellationToken: write.CancellationToken));

    /// <summary>The BSN of a member, for the access log; null while no referral naming them has arrived.</summary>
    public static Task<string?> BsnOfMemberAsync(WriteContext write, Guid memberId) =>
        write.Connection.ExecuteScalarAsync<string?>(new CommandDefinition(BsnOfMemberSql, new { Id = memberId }, write.Transaction, cancellationToken: write.CancellationToken));
}

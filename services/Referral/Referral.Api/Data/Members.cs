using Coordination.Data;
using Dapper;

namespace Referral.Api.Data;

/// <summary>The member ids the referral service gave each person (ADR 0010).</summary>
internal static class Members
{
    private const string IdOfSql = "SELECT member_id FROM members WHERE bsn = @Bsn";

    /// <summary>The member id of each of <paramref name="bsns"/>, read in the unit of work; every referral's people have one.</summary>
    public static async Task<IReadOnlyDictionary<string, Guid>> IdsAsync(WriteContext write, IEnumerable<string> bsns)
    {
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        // One look-up per member: a household is small, and a list parameter is spelled differently per dialect.
        foreach (var bsn in bsns.Distinct(StringComparer.Ordinal))
        {
            ids[bsn] = await write.Connection.QuerySingleAsync<Guid>(new CommandDefinition(IdOfSql, new { Bsn = bsn }, write.Transaction, cancellationToken: write.CancellationToken));
        }

        return ids;
    }
}

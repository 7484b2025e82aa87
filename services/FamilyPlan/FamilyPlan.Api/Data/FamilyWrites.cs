using System.Data.Common;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>The small upserts the consumers share, written portably (no MERGE or ON CONFLICT).</summary>
internal static class FamilyWrites
{
    private const string FamilyExistsSql = "SELECT COUNT(*) FROM families WHERE id = @Id";
    private const string InsertFamilySql = "INSERT INTO families (id, created_at) VALUES (@Id, @CreatedAt)";

    /// <summary>Creates the family row unless it exists.</summary>
    public static async Task EnsureFamilyAsync(DbConnection connection, DbTransaction tx, Guid familyId, DateTime now, CancellationToken ct)
    {
        var exists = await connection.ExecuteScalarAsync<long>(new CommandDefinition(FamilyExistsSql, new { Id = familyId }, tx, cancellationToken: ct));
        if (exists == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertFamilySql, new { Id = familyId, CreatedAt = now }, tx, cancellationToken: ct));
        }
    }
}

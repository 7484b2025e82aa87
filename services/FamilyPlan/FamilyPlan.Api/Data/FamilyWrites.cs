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

    /// <summary>Creates the family row unless it exists; two messages about one new family do not collide.</summary>
    public static Task EnsureFamilyAsync(Database database, WriteContext write, Guid familyId) =>
        write.Connection.ExecuteAsync(new CommandDefinition(database.Sql(EnsureFamilySql, sqlServer: EnsureFamilySqlServer),
            new { Id = familyId, CreatedAt = write.NowUtc }, write.Transaction, cancellationToken: write.CancellationToken));
}

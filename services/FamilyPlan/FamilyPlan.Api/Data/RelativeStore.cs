using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Api.Data;

/// <summary>Stores relatives who are not clients: the entry and its access-log entry in one unit of work.</summary>
public sealed class RelativeStore(UnitOfWork unitOfWork)
{
    private const string InsertSql = """
        INSERT INTO plan_relatives (id, family_id, relative_of, name, relation, added_by, added_at)
        VALUES (@Id, @FamilyId, @RelativeOf, @Name, @Relation, @AddedBy, @AddedAt)
        """;

    /// <summary>Names <paramref name="relative"/> in the family's plan.</summary>
    public Task AddAsync(Guid familyId, RelativeView relative, AuditEntry access, string byName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(relative);
        return unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                relative.Id,
                FamilyId = familyId,
                relative.RelativeOf,
                relative.Name,
                relative.Relation,
                AddedBy = access.UserId,
                AddedAt = write.NowUtc,
            }, write.Transaction, cancellationToken: write.CancellationToken));
            await PlanChanges.RecordAsync(write, familyId, new PlanChange(access.UserId, byName, relative.RelativeOf, "relative", relative.Id.ToString(), "added"));
            write.Audit(access);
        }, ct);
    }
}

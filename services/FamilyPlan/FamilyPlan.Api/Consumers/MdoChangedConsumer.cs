using System.Text.Json;
using Coordination.Data;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using MdoScheduling.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Keeps the family's MDOs for the plan: when, their status and who takes part, as the MDO service
/// announces every change. A late announcement of an older version changes nothing.
/// </summary>
public sealed class MdoChangedConsumer(Database database, UnitOfWork unitOfWork, ILogger<MdoChangedConsumer> logger)
    : InboxConsumer<MdoChanged>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanMdoChanged;

    private const string UpdateSql = """
        UPDATE plan_mdos SET status = @Status, starts_at = @StartsAt, ends_at = @EndsAt, participants_json = @ParticipantsJson, version = @Version,
            updated_at = @At
        WHERE mdo_id = @MdoId AND version < @Version
        """;
    private const string InsertSql = """
        INSERT INTO plan_mdos (mdo_id, family_id, status, starts_at, ends_at, participants_json, version, updated_at)
        SELECT @MdoId, @FamilyId, @Status, @StartsAt, @EndsAt, @ParticipantsJson, @Version, @At
        WHERE NOT EXISTS (SELECT 1 FROM plan_mdos WHERE mdo_id = @MdoId)
        """;

    protected override async Task HandleAsync(MdoChanged m, WriteContext write)
    {
        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        var args = new
        {
            m.MdoId,
            m.FamilyId,
            m.Status,
            StartsAt = m.StartsAt.UtcDateTime,
            EndsAt = m.EndsAt.UtcDateTime,
            ParticipantsJson = JsonSerializer.Serialize(m.Participants.Select(p => new PlanMdoParticipant(p.Name, p.Required, p.Status)).ToList(), InterventionView.Json),
            m.Version,
            At = write.NowUtc,
        };
        await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, args, write.Transaction, cancellationToken: write.CancellationToken));
        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, args, write.Transaction, cancellationToken: write.CancellationToken));
    }
}

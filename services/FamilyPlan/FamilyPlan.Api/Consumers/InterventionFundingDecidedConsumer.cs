using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using FundingRoute.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Puts the funding answer beside its intervention in the plan. A decision replaces the one held
/// only when its version is newer, so a late older decision changes nothing.
/// </summary>
public sealed class InterventionFundingDecidedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<InterventionFundingDecidedConsumer> logger)
    : InboxConsumer<InterventionFundingDecided>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanInterventionFundingDecided;

    private const string UpsertSql = """
        INSERT INTO plan_intervention_funding (intervention_id, family_id, version, options_json, rules_json, paperwork_json, decided_at, transition_json)
        VALUES (@InterventionId, @FamilyId, @Version, @OptionsJson, @RulesJson, @PaperworkJson, @DecidedAt, @TransitionJson)
        ON CONFLICT (intervention_id) DO UPDATE SET version = excluded.version, options_json = excluded.options_json,
            rules_json = excluded.rules_json, paperwork_json = excluded.paperwork_json, decided_at = excluded.decided_at,
            transition_json = excluded.transition_json
        WHERE plan_intervention_funding.version < excluded.version
        """;
    private const string UpsertSqlServer = """
        UPDATE plan_intervention_funding SET version = @Version, options_json = @OptionsJson, rules_json = @RulesJson,
            paperwork_json = @PaperworkJson, decided_at = @DecidedAt, transition_json = @TransitionJson
        WHERE intervention_id = @InterventionId AND version < @Version;
        INSERT INTO plan_intervention_funding (intervention_id, family_id, version, options_json, rules_json, paperwork_json, decided_at, transition_json)
        SELECT @InterventionId, @FamilyId, @Version, @OptionsJson, @RulesJson, @PaperworkJson, @DecidedAt, @TransitionJson
        WHERE NOT EXISTS (SELECT 1 FROM plan_intervention_funding WITH (UPDLOCK, HOLDLOCK) WHERE intervention_id = @InterventionId);
        """;
    private const string MemberOfSql = "SELECT member_id FROM plan_interventions WHERE id = @Id";

    protected override async Task HandleAsync(InterventionFundingDecided m, WriteContext write)
    {
        await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(UpsertSql, sqlServer: UpsertSqlServer), new
        {
            m.InterventionId,
            m.FamilyId,
            m.Version,
            OptionsJson = JsonSerializer.Serialize(m.Options, InterventionView.Json),
            RulesJson = JsonSerializer.Serialize(m.Rules, InterventionView.Json),
            PaperworkJson = JsonSerializer.Serialize(m.Paperwork, InterventionView.Json),
            DecidedAt = m.DecidedAt.UtcDateTime,
            TransitionJson = m.Transition is null ? null : JsonSerializer.Serialize(m.Transition, InterventionView.Json),
        }, write.Transaction, cancellationToken: write.CancellationToken));
        var member = await write.Connection.ExecuteScalarAsync<Guid?>(new CommandDefinition(MemberOfSql, new { Id = m.InterventionId }, write.Transaction,
            cancellationToken: write.CancellationToken));
        write.Audit(access.BySystem(AuditAction.Update, "family-plan", "InterventionFunding", m.InterventionId.ToString(),
            member is { } id ? await FamilyWrites.BsnOfMemberAsync(write, id) : null, onBehalfOf: null));
    }
}

using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Dapper;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using MdoScheduling.Contracts;

namespace FamilyPlan.Api.Consumers;

/// <summary>
/// Makes each decision of an MDO an action in the family plan, owned by whom the meeting named and
/// due when it said. The action's id is the decision's, so a copy of the message adds nothing.
/// </summary>
public sealed class MdoDecisionsRecordedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<MdoDecisionsRecordedConsumer> logger)
    : InboxConsumer<MdoDecisionsRecorded>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FamilyPlanMdoDecisionsRecorded;

    /// <summary>The longest decision text an action holds; the MDO service refuses longer ones.</summary>
    public const int MaxDecisionLength = 1000;

    private const string ExistsSql = "SELECT COUNT(*) FROM plan_actions WHERE id = @Id";

    protected override async Task HandleAsync(MdoDecisionsRecorded m, WriteContext write)
    {
        // A text too long for the plan fails the message, which then waits in the error queue: nothing is cut short or lost.
        if (m.Decisions.FirstOrDefault(d => d.Text.Length is 0 or > MaxDecisionLength || d.OwnerUserId.Length is 0 or > 200 || d.OwnerName.Length is 0 or > 200) is { } bad)
        {
            throw new InvalidOperationException($"Decision {bad.DecisionId} of MDO {m.MdoId} does not fit an action: a text of 1 to {MaxDecisionLength} "
                + "characters and an owner's user id and name of 1 to 200 each.");
        }

        await FamilyWrites.EnsureFamilyAsync(Database, write, m.FamilyId);
        foreach (var decision in m.Decisions)
        {
            if (await write.Connection.ExecuteScalarAsync<long>(new CommandDefinition(ExistsSql, new { Id = decision.DecisionId }, write.Transaction,
                cancellationToken: write.CancellationToken)) > 0)
            {
                continue;
            }

            var action = new ActionState(decision.DecisionId, decision.MemberId, decision.Text, decision.OwnerUserId, decision.OwnerName, decision.DueOn, ActionStatuses.Open);
            await write.Connection.ExecuteAsync(new CommandDefinition(ActionStore.InsertSql,
                ActionStore.Args(m.FamilyId, action, m.RecordedBy, write.NowUtc, 1, ActionSources.Mdo, m.MdoId), write.Transaction, cancellationToken: write.CancellationToken));
            await PlanChanges.RecordAsync(write, m.FamilyId, new PlanChange(m.RecordedBy, m.RecordedByName, decision.MemberId, "action", decision.DecisionId.ToString(), "added"));
            write.Audit(access.BySystem(AuditAction.Create, "family-plan", "PlanAction", decision.DecisionId.ToString(),
                decision.MemberId is { } member ? await FamilyWrites.BsnOfMemberAsync(write, member) : null, m.RecordedBy));
        }
    }
}

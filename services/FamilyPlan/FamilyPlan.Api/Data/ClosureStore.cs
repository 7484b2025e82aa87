using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;

namespace FamilyPlan.Api.Data;

/// <summary>A relapse-prevention plan: the signals to watch for, what to do, whom to call.</summary>
public sealed record RelapsePlan(IReadOnlyList<string> Signals, IReadOnlyList<string> Steps, IReadOnlyList<RelapseContact> Contacts);

/// <summary>Whom to call when the signals come back.</summary>
/// <param name="Name">Their name, or a service's.</param>
/// <param name="Role">What they are: the GP, the wijkteam, a crisis line.</param>
/// <param name="Phone">How to reach them, if given.</param>
public sealed record RelapseContact(string Name, string Role, string? Phone);

/// <summary>How a closure ended: closed; refused for interventions still open (named); or closed already.</summary>
public sealed record ClosureOutcome(bool Closed, IReadOnlyList<FamilyFacts.InterventionRow> Open, bool AlreadyClosed);

/// <summary>
/// Closes a family's plan with its relapse-prevention plan. The open interventions are counted
/// again inside the unit of work, so one planned a moment before the closure still refuses it.
/// </summary>
public sealed class ClosureStore(Database database, UnitOfWork unitOfWork)
{
    private const string OpenSql = """
        SELECT id AS Id, member_id AS MemberId, kind AS Kind, title AS Title, status AS Status
        FROM plan_interventions WHERE family_id = @FamilyId AND status IN (@Planned, @Active)
        """;
    private const string InsertSql = """
        INSERT INTO plan_closures (family_id, closed_at, closed_by, closed_by_name, signals_json, steps_json, contacts_json)
        VALUES (@FamilyId, @At, @By, @ByName, @SignalsJson, @StepsJson, @ContactsJson)
        ON CONFLICT DO NOTHING
        """;
    private const string InsertSqlServer = """
        INSERT INTO plan_closures (family_id, closed_at, closed_by, closed_by_name, signals_json, steps_json, contacts_json)
        SELECT @FamilyId, @At, @By, @ByName, @SignalsJson, @StepsJson, @ContactsJson
        WHERE NOT EXISTS (SELECT 1 FROM plan_closures WITH (UPDLOCK, HOLDLOCK) WHERE family_id = @FamilyId)
        """;

    /// <summary>Closes the plan unless an intervention is open or it is closed already.</summary>
    public Task<ClosureOutcome> CloseAsync(Guid familyId, RelapsePlan plan, string by, string byName, AuditEntry access, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var open = (await write.Connection.QueryAsync<FamilyFacts.InterventionRow>(new CommandDefinition(OpenSql, new { FamilyId = familyId, Planned = Domain.InterventionStatuses.Planned, Active = Domain.InterventionStatuses.Active },
                write.Transaction, cancellationToken: write.CancellationToken))).ToList();
            if (open.Count > 0)
            {
                write.Audit(access with { Outcome = "denied" });
                return new ClosureOutcome(false, open, false);
            }

            var inserted = await write.Connection.ExecuteAsync(new CommandDefinition(database.Sql(InsertSql, sqlServer: InsertSqlServer), new
            {
                FamilyId = familyId,
                At = write.NowUtc,
                By = by,
                ByName = byName,
                SignalsJson = JsonSerializer.Serialize(plan.Signals),
                StepsJson = JsonSerializer.Serialize(plan.Steps),
                ContactsJson = JsonSerializer.Serialize(plan.Contacts, Domain.InterventionView.Json),
            }, write.Transaction, cancellationToken: write.CancellationToken));
            if (inserted == 0)
            {
                return new ClosureOutcome(false, [], true);
            }

            await PlanChanges.RecordAsync(write, familyId, new PlanChange(by, byName, null, "closure", familyId.ToString(), "added"));
            write.Audit(access);
            return new ClosureOutcome(true, [], false);
        }, ct);
}

using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Api.Data;

/// <summary>
/// The writes on a check: completing it (which may open the Meldcode's steps) and marking a step
/// done. Each is one unit of work with its access-log entry; a second attempt finds the row
/// changed already and is told so by the row count, never by a read before the write.
/// </summary>
public sealed class CareTaskStore(UnitOfWork unitOfWork)
{
    /// <summary>The outcome of an attempt that was not allowed to change anything, as the access log records it.</summary>
    public const string Failed = "failed";

    private const string CompleteSql = """
        UPDATE plan_tasks SET status = @Done, outcome = @Outcome, note = @Note, done_at = @DoneAt, done_by = @DoneBy
        WHERE id = @TaskId AND family_id = @FamilyId AND status = @Open
        """;
    private const string OpenStepSql = "INSERT INTO meldcode_steps (task_id, step) VALUES (@TaskId, @Step)";
    private const string MarkStepSql = """
        UPDATE meldcode_steps SET done_at = @DoneAt, done_by = @DoneBy, note = @Note
        WHERE task_id = @TaskId AND step = @Step AND done_at IS NULL
        """;

    /// <summary>
    /// Completes an open task; a kindcheck with concerns opens the five steps of the Meldcode in
    /// the same unit. False (and nothing changed but the access log) when it was done already.
    /// </summary>
    public Task<bool> CompleteAsync(Guid familyId, FamilyFacts.CareTask task, string outcome, string? note, string userId, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            var changed = await write.Connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
            {
                TaskId = task.Id,
                FamilyId = familyId,
                Done = CareTaskStatuses.Done,
                Open = CareTaskStatuses.Open,
                Outcome = outcome,
                Note = note,
                DoneAt = write.NowUtc,
                DoneBy = userId,
            }, write.Transaction, cancellationToken: write.CancellationToken));
            if (changed == 1 && CareChecks.OpensMeldcode(task.Kind, outcome))
            {
                await write.Connection.ExecuteAsync(new CommandDefinition(OpenStepSql,
                    Meldcode.Steps.Select(s => new { TaskId = task.Id, Step = s.Number }), write.Transaction, cancellationToken: write.CancellationToken));
            }

            write.Audit(changed == 1 ? access : access with { Outcome = Failed });
            return changed == 1;
        }, ct);
    }

    /// <summary>Marks one Meldcode step done with its note. False (and nothing changed but the access log) when it was done already.</summary>
    public Task<bool> MarkStepAsync(Guid taskId, int step, string note, string userId, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(access);
        return unitOfWork.RunAsync(async write =>
        {
            var changed = await write.Connection.ExecuteAsync(new CommandDefinition(MarkStepSql,
                new { TaskId = taskId, Step = step, Note = note, DoneAt = write.NowUtc, DoneBy = userId }, write.Transaction, cancellationToken: write.CancellationToken));
            write.Audit(changed == 1 ? access : access with { Outcome = Failed });
            return changed == 1;
        }, ct);
    }
}

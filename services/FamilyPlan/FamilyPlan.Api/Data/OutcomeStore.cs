using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using FamilyPlan.Api.Domain;

namespace FamilyPlan.Api.Data;

/// <summary>Stores outcome measurements: the measurement and its access-log entry in one unit of work.</summary>
public sealed class OutcomeStore(UnitOfWork unitOfWork)
{
    private const string InsertSql = """
        INSERT INTO outcome_measurements (id, family_id, member_id, instrument_id, score_hundredths, measured_on,
            recorded_by_user_id, recorded_by_name, recorded_by_role, recorded_at)
        VALUES (@Id, @FamilyId, @MemberId, @InstrumentId, @ScoreHundredths, @MeasuredOn, @UserId, @Name, @Role, @RecordedAt)
        """;

    /// <summary>Records <paramref name="outcome"/> of member <paramref name="memberId"/>; returns its id.</summary>
    public Task<Guid> RecordAsync(Guid familyId, Guid memberId, ValidOutcome outcome, OutcomeRecorder by, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(by);
        return unitOfWork.RunAsync(async write =>
        {
            var id = Guid.NewGuid();
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, new
            {
                Id = id,
                FamilyId = familyId,
                MemberId = memberId,
                InstrumentId = outcome.Instrument.Id,
                ScoreHundredths = (long)(outcome.Score * 100m),
                outcome.MeasuredOn,
                by.UserId,
                by.Name,
                by.Role,
                RecordedAt = write.NowUtc,
            }, write.Transaction, cancellationToken: write.CancellationToken));
            await PlanChanges.RecordAsync(write, familyId, new PlanChange(by.UserId, by.Name, memberId, "outcome", id.ToString(), "added"));
            write.Audit(access with { ObjectId = id.ToString() });
            return id;
        }, ct);
    }
}

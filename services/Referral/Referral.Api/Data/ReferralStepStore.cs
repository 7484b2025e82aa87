using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Dapper;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Api.Data;

/// <summary>What came of a step: the referral as it is now, or why it was refused. Every outcome was logged.</summary>
/// <param name="Referral">The referral after the step; null when refused.</param>
/// <param name="Refusal">Why the step was refused; null when it was taken.</param>
/// <param name="Version">The version answered as the ETag: the referral's after the step, or its current one when the version sent was missing or stale.</param>
public sealed record StepResult(ReferralRow? Referral, Refusal? Refusal, int? Version)
{
    /// <summary>The step was taken: <paramref name="referral"/> as it is now.</summary>
    public static StepResult Done(ReferralRow referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return new(referral, null, referral.Version);
    }

    /// <summary>The step was refused for <paramref name="refusal"/>; <paramref name="version"/> is the current version when the caller needs it.</summary>
    public static StepResult Refused(Refusal refusal, int? version = null) => new(null, refusal, version);
}

/// <summary>
/// Takes the lifecycle's steps. One unit of work reads the referral, decides, and either writes the
/// change, its timeline entry, its events and the access-log entry, or writes only the access-log
/// entry of the refusal: nothing half done, every refusal logged.
/// </summary>
public sealed class ReferralStepStore(Database database, UnitOfWork unitOfWork)
{
    private const string LockedSelectSql = $"SELECT {ReferralStore.Columns} FROM referrals WHERE id = @Id";
    private const string LockedSelectSqlServer = $"SELECT {ReferralStore.Columns} FROM referrals WITH (UPDLOCK, ROWLOCK) WHERE id = @Id";
    private const string LockedSelectPostgreSql = $"SELECT {ReferralStore.Columns} FROM referrals WHERE id = @Id FOR UPDATE";

    // The version in the WHERE makes the update the arbiter: a concurrent step that committed first leaves 0 rows here.
    private const string UpdateSql = """
        UPDATE referrals SET status = @Status, version = version + 1, receiver_agb = @ReceiverAgb, receiver_name = @ReceiverName,
            clock_started_on = @ClockStartedOn, triaged_on = @TriagedOn, intake_planned_on = @IntakePlannedOn, intake_on = @IntakeOn,
            treatment_started_on = @TreatmentStartedOn, closed_at = @ClosedAt, closure_summary = @ClosureSummary
        WHERE id = @Id AND version = @Version
        """;

    private static readonly JsonSerializerOptions DetailJson = JsonBody.Options;

    /// <summary>
    /// Takes <paramref name="change"/> on referral <paramref name="id"/> for <paramref name="viewer"/>,
    /// if <paramref name="ifMatch"/> names its current version.
    /// </summary>
    public Task<StepResult> TakeAsync(Guid id, ReferralViewer viewer, ReferralActor actor, AuditEntry access, StepChange change, IfMatch ifMatch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(change);
        return unitOfWork.RunAsync(async write =>
        {
            var row = await ReadForUpdateAsync(write, id);
            var standing = row is null ? new ReferralStanding(false, false) : ReferralAccess.Of(viewer, row.Parties);
            var refusal = ReferralStepRules.Decide(row, standing, change, ifMatch);
            var allowed = refusal is null;
            write.Audit(access with
            {
                ClientBsn = row?.SubjectBsn,
                ObjectId = id.ToString(),
                Outcome = allowed ? "success" : "denied",
                CheckAuthorisation = standing.Acts(change.Step.Party) ? CheckResult.Passed : CheckResult.Failed,
                CheckTreatmentRelationship = standing.Sees ? CheckResult.Passed : CheckResult.Failed,
            });
            if (refusal is not null)
            {
                // A missing or stale version is answered with the current one, to read again.
                return StepResult.Refused(refusal, refusal.Kind is RefusalKind.PreconditionRequired or RefusalKind.Stale ? row!.Version : null);
            }

            return await ApplyAsync(write, row!, change, actor);
        }, ct);
    }

    /// <summary>
    /// A clinician claims an unaddressed referral from the regional intake pool: their organisation
    /// becomes its receiver. The first claim wins; a later one is <see cref="ReferralStepRules.AlreadyClaimed"/>.
    /// </summary>
    public Task<StepResult> ClaimAsync(Guid id, ReferralViewer viewer, ReferralActor actor, string organisationName, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return unitOfWork.RunAsync(async write =>
        {
            var row = await ReadForUpdateAsync(write, id);
            // The pool shows a referral to clinicians of its domain; to anyone else it does not exist.
            var inDomain = row is not null && ReferralAccess.WorksFromPool(viewer, row.Domain);
            var refusal = ReferralStepRules.MayClaim(row, viewer);
            write.Audit(access with
            {
                // A look at the pool is anonymous; once claimed the referral is the organisation's and its client is named.
                ClientBsn = refusal is null ? row!.SubjectBsn : null,
                ObjectId = id.ToString(),
                Outcome = refusal is null ? "success" : "denied",
                CheckAuthorisation = inDomain ? CheckResult.Passed : CheckResult.Failed,
            });
            if (refusal is not null)
            {
                return StepResult.Refused(refusal);
            }

            var claim = new StepChange(ReferralLifecycle.Claim, To: new Receiver(viewer.Org!, organisationName));
            return await ApplyAsync(write, row!, claim, actor);
        }, ct);
    }

    private async Task<ReferralRow?> ReadForUpdateAsync(WriteContext write, Guid id) =>
        await write.Connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            database.Sql(LockedSelectSql, sqlServer: LockedSelectSqlServer, postgreSql: LockedSelectPostgreSql),
            new { Id = id }, write.Transaction, cancellationToken: write.CancellationToken));

    private static async Task<StepResult> ApplyAsync(WriteContext write, ReferralRow row, StepChange change, ReferralActor actor)
    {
        var (connection, tx, now, ct) = (write.Connection, write.Transaction, write.NowUtc, write.CancellationToken);
        var today = AmsterdamTime.DateOf(new DateTimeOffset(now, TimeSpan.Zero));
        var from = row.Status;
        var step = change.Step;
        var next = Next(row, change, today, now);
        var updated = await connection.ExecuteAsync(new CommandDefinition(UpdateSql, new
        {
            next.Id,
            next.Status,
            next.ReceiverAgb,
            next.ReceiverName,
            next.ClockStartedOn,
            next.TriagedOn,
            next.IntakePlannedOn,
            next.IntakeOn,
            next.TreatmentStartedOn,
            next.ClosedAt,
            next.ClosureSummary,
            row.Version,
        }, tx, cancellationToken: ct));
        if (updated == 0)
        {
            // Only on a server database, where another step committed between our read and our update.
            return StepResult.Refused(ReferralStepRules.Changed, row.Version + 1);
        }

        next.Version = row.Version + 1;
        await Timeline.AppendAsync(write, new TimelineEntry(
            row.Id, row.ReferrerAgb, step.Name, next.Status, next.ReceiverAgb, now, actor.UserId, actor.Name, actor.Role,
            actor.OrganisationAgb, change.Reason, Detail(change)));

        var at = new DateTimeOffset(now, TimeSpan.Zero);
        if (step == ReferralLifecycle.Supplement)
        {
            write.Publish(new ReferralSupplemented(row.Id, row.FamilyId, change.Attachments?.Count ?? 0, actor, at, next.Version));
        }
        else
        {
            write.Publish(new ReferralStatusChanged(row.Id, row.FamilyId, step.Name, from, next.Status, next.ReceiverAgb, actor, at, next.Version));
        }

        if (step == ReferralLifecycle.Accept)
        {
            write.Publish(await AcceptedAsync(write, row, actor, at, today, next.Version));
        }

        return StepResult.Done(next);
    }

    /// <summary>The referral after <paramref name="change"/>: a copy, the stored row is not touched.</summary>
    private static ReferralRow Next(ReferralRow row, StepChange change, DateOnly today, DateTime now)
    {
        var next = (ReferralRow)row.Clone();
        next.Status = change.Step.To ?? row.Status;
        var step = change.Step;
        if (step == ReferralLifecycle.Triage)
        {
            next.TriagedOn = today;
        }
        else if (step == ReferralLifecycle.Redirect || step == ReferralLifecycle.Claim)
        {
            next.ReceiverAgb = change.To!.Agb;
            next.ReceiverName = change.To.Name;
            if (step == ReferralLifecycle.Redirect)
            {
                // The receiver's clock starts again and so does triage; the timeline keeps the total wait.
                next.ClockStartedOn = today;
                next.TriagedOn = null;
            }
        }
        else if (step == ReferralLifecycle.ScheduleIntake)
        {
            next.IntakeOn = change.IntakeHeld ? change.IntakeDate : null;
            next.IntakePlannedOn = change.IntakeHeld ? null : change.IntakeDate;
        }
        else if (step == ReferralLifecycle.StartTreatment)
        {
            next.TreatmentStartedOn = change.TreatmentStart;
        }
        else if (step == ReferralLifecycle.Close)
        {
            next.ClosedAt = now;
            next.ClosureSummary = change.Summary;
        }

        return next;
    }

    private static string? Detail(StepChange change)
    {
        var detail = new TimelineDetail(change.Note, change.To, change.IntakeDate, change.Step == ReferralLifecycle.ScheduleIntake ? change.IntakeHeld : null,
            change.TreatmentStart, change.Summary, change.Text, change.Attachments is { Count: > 0 } attachments ? attachments : null);
        return detail == TimelineDetail.None ? null : JsonSerializer.Serialize(detail, DetailJson);
    }

    private static async Task<ReferralAccepted> AcceptedAsync(WriteContext write, ReferralRow row, ReferralActor actor, DateTimeOffset at, DateOnly today, int version)
    {
        var household = row.Household;
        var bsns = household.Select(m => m.Bsn).Prepend(row.SubjectBsn).ToList();
        var ids = await Members.IdsAsync(write, bsns);
        Guid IdOf(string bsn) => ids[bsn];
        return new ReferralAccepted(
            row.Id, row.FamilyId, IdOf(row.SubjectBsn), row.Domain,
            SubjectIsAdult: AmsterdamTime.AgeOn(row.SubjectBirthDate, today) >= 18,
            Minors: household.Where(m => AmsterdamTime.AgeOn(m.BirthDate, today) < 18).Select(m => IdOf(m.Bsn)).ToList(),
            Parents: household.Where(m => m.Relation == "parent").Select(m => IdOf(m.Bsn)).ToList(),
            actor, at, version);
    }
}

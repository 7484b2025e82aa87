using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Dapper;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Api.Data;

/// <summary>What came of a step: done, or refused and why. Every outcome was logged.</summary>
public abstract record StepOutcome
{
    /// <summary>The step was taken: the referral as it is now.</summary>
    public sealed record Done(ReferralRow Referral) : StepOutcome;

    /// <summary>The referral does not exist for the caller.</summary>
    public sealed record NotFound : StepOutcome;

    /// <summary>The caller sees the referral but may not take this step (the referrer accepting, say).</summary>
    public sealed record Forbidden(string Party) : StepOutcome;

    /// <summary>The update named no version (If-Match missing).</summary>
    public sealed record PreconditionRequired(int Version) : StepOutcome;

    /// <summary>The referral changed since the caller read it.</summary>
    public sealed record Stale(int Version) : StepOutcome;

    /// <summary>The step is not allowed from the referral's status; the caller's allowed steps are listed.</summary>
    public sealed record Conflict(string Status, IReadOnlyList<string> Allowed, int Version) : StepOutcome;

    /// <summary>Another clinician claimed the referral from the pool first.</summary>
    public sealed record AlreadyClaimed : StepOutcome;

    /// <summary>The step breaks a rule against the stored referral.</summary>
    public sealed record Broken(BrokenRule Rule) : StepOutcome;
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
    public Task<StepOutcome> TakeAsync(Guid id, ReferralViewer viewer, ReferralActor actor, AuditEntry access, StepChange change, IfMatch ifMatch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(change);
        return unitOfWork.RunAsync(async write =>
        {
            var row = await ReadForUpdateAsync(write, id);
            var standing = row is null ? new ReferralStanding(false, false) : ReferralAccess.Of(viewer, row.Parties);
            var outcome = Decide(row, standing, change, ifMatch);
            var allowed = outcome is null;
            write.Audit(access with
            {
                ClientBsn = row?.SubjectBsn,
                ObjectId = id.ToString(),
                Outcome = allowed ? "success" : "denied",
                CheckAuthorisation = standing.Acts(change.Step.Party) ? CheckResult.Passed : CheckResult.Failed,
                CheckTreatmentRelationship = standing.Sees ? CheckResult.Passed : CheckResult.Failed,
            });
            if (outcome is not null)
            {
                return outcome;
            }

            return await ApplyAsync(write, row!, change, actor);
        }, ct);
    }

    /// <summary>
    /// A clinician claims an unaddressed referral from the regional intake pool: their organisation
    /// becomes its receiver. The first claim wins; a later one is <see cref="StepOutcome.AlreadyClaimed"/>.
    /// </summary>
    public Task<StepOutcome> ClaimAsync(Guid id, ReferralViewer viewer, ReferralActor actor, string organisationName, AuditEntry access, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return unitOfWork.RunAsync(async write =>
        {
            var row = await ReadForUpdateAsync(write, id);
            // The pool shows a referral to clinicians of its domain; to anyone else it does not exist.
            var inDomain = row is not null && ReferralAccess.WorksFromPool(viewer, row.Domain);
            StepOutcome? outcome = !inDomain ? new StepOutcome.NotFound()
                : row!.ReceiverAgb is not null ? new StepOutcome.AlreadyClaimed()
                : ReferralLifecycle.IsEnded(row.Status) ? new StepOutcome.Conflict(row.Status, [], row.Version)
                : null;
            write.Audit(access with
            {
                // A look at the pool is anonymous; once claimed the referral is the organisation's and its client is named.
                ClientBsn = outcome is null ? row!.SubjectBsn : null,
                ObjectId = id.ToString(),
                Outcome = outcome is null ? "success" : "denied",
                CheckAuthorisation = inDomain ? CheckResult.Passed : CheckResult.Failed,
            });
            if (outcome is not null)
            {
                return outcome;
            }

            var claim = new StepChange(ReferralLifecycle.Claim, To: new Receiver(viewer.Org!, organisationName));
            return await ApplyAsync(write, row!, claim, actor);
        }, ct);
    }

    /// <summary>Why the step may not be taken, or null when it may.</summary>
    private static StepOutcome? Decide(ReferralRow? row, ReferralStanding standing, StepChange change, IfMatch ifMatch)
    {
        if (row is null || !standing.Sees)
        {
            return new StepOutcome.NotFound();
        }

        var party = change.Step.Party;
        if (!standing.Acts(party))
        {
            return new StepOutcome.Forbidden(party == ReferralParty.Referrer ? "the referrer" : "the receiving organisation");
        }

        if (!ifMatch.Given)
        {
            return new StepOutcome.PreconditionRequired(row.Version);
        }

        if (!ifMatch.Matches(IfMatch.ETagOf(row.Version)))
        {
            return new StepOutcome.Stale(row.Version);
        }

        if (!ReferralLifecycle.CanTake(row.Status, change.Step))
        {
            return new StepOutcome.Conflict(row.Status, AllowedSteps(row, standing), row.Version);
        }

        return ReferralStepRules.Check(change, row.RegisteredOn, row.IntakeOn, row.ReceiverAgb) is { } broken
            ? new StepOutcome.Broken(broken)
            : null;
    }

    /// <summary>The steps the viewer may take on the referral now.</summary>
    public static IReadOnlyList<string> AllowedSteps(ReferralRow row, ReferralStanding standing)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(standing);
        return ReferralLifecycle.Allowed(row.Status).Where(s => standing.Acts(s.Party)).Select(s => s.Name).ToList();
    }

    private async Task<ReferralRow?> ReadForUpdateAsync(WriteContext write, Guid id) =>
        await write.Connection.QuerySingleOrDefaultAsync<ReferralRow>(new CommandDefinition(
            database.Sql(LockedSelectSql, sqlServer: LockedSelectSqlServer, postgreSql: LockedSelectPostgreSql),
            new { Id = id }, write.Transaction, cancellationToken: write.CancellationToken));

    private static async Task<StepOutcome> ApplyAsync(WriteContext write, ReferralRow row, StepChange change, ReferralActor actor)
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
            return new StepOutcome.Stale(row.Version + 1);
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

        return new StepOutcome.Done(next);
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

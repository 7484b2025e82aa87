using System.Text.Json;
using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using FamilyPlan.Api.Domain;
using FamilyPlan.Contracts;

namespace FamilyPlan.Api.Data;

/// <summary>An intervention as it is to be stored: new, or the next version of one.</summary>
public sealed record InterventionState(
    Guid Id, Guid? MemberId, IReadOnlyList<Guid> ParticipantIds, string Kind, string Title, string? Description, TeamPerson Responsible,
    DateOnly StartOn, DateOnly? EndOn, int? PlannedSessions, string Status);

/// <summary>
/// Stores the plan's interventions: the intervention, its <see cref="InterventionChanged"/> event
/// for the funding route service, its line in the change history and its access-log entry, in one
/// unit of work.
/// </summary>
public sealed class InterventionStore(UnitOfWork unitOfWork)
{
    private const string InsertSql = """
        INSERT INTO plan_interventions (id, family_id, member_id, participants_json, kind, title, description, responsible_user_id, responsible_name,
            responsible_role, responsible_domain, responsible_org, start_on, end_on, planned_sessions, status, created_by, created_at, updated_at, version)
        VALUES (@Id, @FamilyId, @MemberId, @ParticipantsJson, @Kind, @Title, @Description, @ResponsibleUserId, @ResponsibleName,
            @ResponsibleRole, @ResponsibleDomain, @ResponsibleOrg, @StartOn, @EndOn, @PlannedSessions, @Status, @By, @At, @At, 1)
        """;

    // The version in the WHERE decides between two updates of one version: the second changes nothing.
    private const string UpdateSql = """
        UPDATE plan_interventions SET title = @Title, description = @Description, responsible_user_id = @ResponsibleUserId,
            responsible_name = @ResponsibleName, responsible_role = @ResponsibleRole, responsible_domain = @ResponsibleDomain,
            responsible_org = @ResponsibleOrg, start_on = @StartOn, end_on = @EndOn, planned_sessions = @PlannedSessions, status = @Status,
            updated_at = @At, version = version + 1
        WHERE id = @Id AND family_id = @FamilyId AND version = @Version
        """;

    /// <summary>Adds <paramref name="intervention"/> to the family's plan and announces it.</summary>
    public Task CreateAsync(Guid familyId, InterventionState intervention, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, Args(familyId, intervention, access, write.NowUtc, 1),
                write.Transaction, cancellationToken: write.CancellationToken));
            await CompleteAsync(write, familyId, intervention, 1, access, change);
        }, ct);

    /// <summary>Stores the next version of an intervention read at <paramref name="version"/> and announces it; false when it changed since.</summary>
    public Task<bool> UpdateAsync(Guid familyId, InterventionState intervention, int version, AuditEntry access, PlanChange change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var updated = await write.Connection.ExecuteAsync(new CommandDefinition(UpdateSql, Args(familyId, intervention, access, write.NowUtc, version),
                write.Transaction, cancellationToken: write.CancellationToken));
            if (updated == 1)
            {
                await CompleteAsync(write, familyId, intervention, version + 1, access, change);
            }

            return updated == 1;
        }, ct);

    private static async Task CompleteAsync(WriteContext write, Guid familyId, InterventionState i, int version, AuditEntry access, PlanChange change)
    {
        await PlanChanges.RecordAsync(write, familyId, change);
        write.Publish(new InterventionChanged(i.Id, familyId, i.MemberId, i.ParticipantIds, i.Kind, i.Responsible.Role, i.Responsible.Domain,
            i.Responsible.OrganisationAgb, i.StartOn, i.EndOn, i.PlannedSessions, i.Status, new DateTimeOffset(write.NowUtc, TimeSpan.Zero), version));
        write.Audit(access);
    }

    private static object Args(Guid familyId, InterventionState i, AuditEntry access, DateTime at, int version) => new
    {
        i.Id,
        FamilyId = familyId,
        i.MemberId,
        ParticipantsJson = JsonSerializer.Serialize(i.ParticipantIds),
        i.Kind,
        i.Title,
        i.Description,
        ResponsibleUserId = i.Responsible.UserId,
        ResponsibleName = i.Responsible.Name,
        ResponsibleRole = i.Responsible.Role,
        ResponsibleDomain = i.Responsible.Domain,
        ResponsibleOrg = i.Responsible.OrganisationAgb,
        i.StartOn,
        i.EndOn,
        i.PlannedSessions,
        i.Status,
        By = access.UserId,
        At = at,
        Version = version,
    };
}

using Coordination.Data;
using Coordination.Data.Audit;
using Dapper;
using FamilyPlan.Api.Domain;
using FamilyPlan.Contracts;

namespace FamilyPlan.Api.Data;

/// <summary>A change of the team: what happened (invited, accepted, declined, joined, left, removed or coordinator), to whom.</summary>
public sealed record TeamEvent(string Change, string UserId, string Role, string? OrganisationAgb, string? Domain);

/// <summary>
/// Changes the care team. Each change runs in one unit of work that first moves the team's
/// version on from the one the decision was made on (the caller's If-Match, or the version just
/// read): when someone changed the team in between, nothing is written and the change is stale.
/// </summary>
public sealed class TeamStore(Database database, UnitOfWork unitOfWork)
{
    private const string BumpSql = "UPDATE families SET team_version = team_version + 1 WHERE id = @FamilyId AND team_version = @Version";
    private const string HandOverSql = """
        UPDATE families SET team_version = team_version + 1, coordinator_user_id = @UserId WHERE id = @FamilyId AND team_version = @Version
        """;
    private const string InviteSql = """
        INSERT INTO team_members (family_id, user_id, name, role, organisation_agb, domain, status, invited_by, invited_at)
        VALUES (@FamilyId, @UserId, @Name, @Role, @OrganisationAgb, @Domain, 'invited', @InvitedBy, @At)
        """;
    private const string ReinviteSql = """
        UPDATE team_members SET name = @Name, role = @Role, organisation_agb = @OrganisationAgb, domain = @Domain, status = 'invited',
            invited_by = @InvitedBy, invited_at = @At, answered_at = NULL, left_at = NULL, reason = NULL
        WHERE family_id = @FamilyId AND user_id = @UserId
        """;
    private const string AnswerSql = """
        UPDATE team_members SET status = @Status, answered_at = @At, reason = @Reason WHERE family_id = @FamilyId AND user_id = @UserId
        """;
    private const string LeaveSql = """
        UPDATE team_members SET status = 'left', left_at = @At, reason = @Reason WHERE family_id = @FamilyId AND user_id = @UserId
        """;

    // One who joined by accepting a referral has no row yet: leaving writes one that says so.
    private const string LeaveAcceptedSql = """
        INSERT INTO team_members (family_id, user_id, name, role, organisation_agb, domain, status, invited_at, left_at, reason)
        VALUES (@FamilyId, @UserId, @Name, @Role, @OrganisationAgb, @Domain, 'left', @At, @At, @Reason)
        """;

    private const string BumpAnyVersionSql = "UPDATE families SET team_version = team_version + 1 WHERE id = @FamilyId";
    private const string VersionSql = "SELECT team_version FROM families WHERE id = @FamilyId";

    /// <summary>
    /// Moves the team's version on after a change made outside the team endpoints (a professional
    /// joined by accepting a referral), and announces it like every team change.
    /// </summary>
    internal static async Task BumpAndAnnounceAsync(WriteContext write, Guid familyId, TeamEvent change, string byUserId, string byName)
    {
        await write.Connection.ExecuteAsync(new CommandDefinition(BumpAnyVersionSql, new { FamilyId = familyId }, write.Transaction, cancellationToken: write.CancellationToken));
        var version = await write.Connection.ExecuteScalarAsync<int>(new CommandDefinition(VersionSql, new { FamilyId = familyId }, write.Transaction, cancellationToken: write.CancellationToken));
        await AnnounceAsync(write, familyId, version, change, byUserId, byName);
    }

    /// <summary>Writes the change's line of history and publishes <see cref="CareTeamChanged"/>, in the change's unit of work.</summary>
    private static async Task AnnounceAsync(WriteContext write, Guid familyId, int version, TeamEvent change, string byUserId, string byName)
    {
        await PlanChanges.RecordAsync(write, familyId, new PlanChange(byUserId, byName, null, "team", change.UserId, change.Change));
        write.Publish(new CareTeamChanged(familyId, version, change.Change, change.UserId, change.Role, change.OrganisationAgb, change.Domain, byUserId,
            new DateTimeOffset(write.NowUtc, TimeSpan.Zero)));
    }

    /// <summary>Invites <paramref name="invitation"/>; false when the team changed since <paramref name="version"/>.</summary>
    public Task<bool> InviteAsync(Guid familyId, int version, TeamInvitation invitation, bool again, AuditEntry access, string byName, CancellationToken ct) =>
        ChangeAsync(familyId, version, BumpSql, null, access, byName,
            new TeamEvent("invited", invitation.UserId, invitation.Role, invitation.OrganisationAgb, invitation.Domain), async write =>
            await write.Connection.ExecuteAsync(new CommandDefinition(again ? ReinviteSql : InviteSql, new
            {
                FamilyId = familyId,
                invitation.UserId,
                invitation.Name,
                invitation.Role,
                invitation.OrganisationAgb,
                invitation.Domain,
                InvitedBy = access.UserId,
                At = write.NowUtc,
            }, write.Transaction, cancellationToken: write.CancellationToken)), ct);

    /// <summary>The invitee accepts or declines; false when the team changed since <paramref name="version"/>.</summary>
    public Task<bool> AnswerAsync(Guid familyId, int version, FamilyFacts.TeamRow invitation, bool accept, string? reason, AuditEntry access, string byName, CancellationToken ct) =>
        ChangeAsync(familyId, version, BumpSql, null, access, byName,
            new TeamEvent(accept ? "accepted" : "declined", invitation.UserId, invitation.Role, invitation.OrganisationAgb, invitation.Domain),
            write => write.Connection.ExecuteAsync(new CommandDefinition(AnswerSql, new
        {
            FamilyId = familyId,
            invitation.UserId,
            Status = accept ? TeamStatuses.Active : TeamStatuses.Declined,
            Reason = reason,
            At = write.NowUtc,
        }, write.Transaction, cancellationToken: write.CancellationToken)), ct);

    /// <summary>Takes <paramref name="member"/> off the team; false when the team changed since <paramref name="version"/>.</summary>
    public Task<bool> RemoveAsync(Guid familyId, int version, TeamMemberView member, bool hasRow, string? reason, AuditEntry access, string byName, CancellationToken ct) =>
        ChangeAsync(familyId, version, BumpSql, null, access, byName,
            new TeamEvent(member.UserId == access.UserId ? "left" : "removed", member.UserId!, member.Role, member.OrganisationAgb, member.Domain), write => write.Connection.ExecuteAsync(new CommandDefinition(hasRow ? LeaveSql : LeaveAcceptedSql, new
        {
            FamilyId = familyId,
            member.UserId,
            member.Name,
            member.Role,
            member.OrganisationAgb,
            member.Domain,
            Reason = reason,
            At = write.NowUtc,
        }, write.Transaction, cancellationToken: write.CancellationToken)), ct);

    /// <summary>Makes <paramref name="coordinator"/> the coordinator; false when the team changed since <paramref name="version"/>.</summary>
    public Task<bool> HandOverAsync(Guid familyId, int version, TeamMemberView coordinator, AuditEntry access, string byName, CancellationToken ct) =>
        ChangeAsync(familyId, version, HandOverSql, coordinator.UserId, access, byName,
            new TeamEvent("coordinator", coordinator.UserId!, coordinator.Role, coordinator.OrganisationAgb, coordinator.Domain), _ => Task.FromResult(1), ct);

    private Task<bool> ChangeAsync(
        Guid familyId, int version, string bumpSql, string? coordinator, AuditEntry access, string byName, TeamEvent teamEvent, Func<WriteContext, Task<int>> change, CancellationToken ct) =>
        unitOfWork.RunAsync(async write =>
        {
            var moved = await write.Connection.ExecuteAsync(new CommandDefinition(bumpSql, new { FamilyId = familyId, Version = version, UserId = coordinator },
                write.Transaction, cancellationToken: write.CancellationToken));
            if (moved == 0)
            {
                return false;
            }

            await change(write);
            await AnnounceAsync(write, familyId, version + 1, teamEvent, access.UserId, byName);
            write.Audit(access);
            return true;
        }, ct);

    // The families a professional is on: invited and active, joined by acceptance and not left, or referred under their AGB code.
    private const string MineFilter = """
        SELECT family_id FROM team_members WHERE user_id = @UserId AND role = @Role AND status = 'active'
        UNION SELECT c.family_id FROM care_team_members c WHERE c.user_id = @UserId AND c.role = @Role
            AND NOT EXISTS (SELECT 1 FROM team_members t WHERE t.family_id = c.family_id AND t.user_id = c.user_id AND t.status = 'left')
        UNION SELECT family_id FROM plan_referrals WHERE referrer_agb = @Agb
        """;
    // In family_id order (the id is the whole key): the first page, and the page after a cursor's family_id. Keyset, not OFFSET,
    // so that a family joined while the caller pages neither shifts the pages nor shows twice.
    private const string MineSql = $"SELECT family_id FROM ({MineFilter}) mine ORDER BY family_id LIMIT @Take";
    private const string MineSqlServer = $"SELECT TOP (@Take) family_id FROM ({MineFilter}) mine ORDER BY family_id";
    private const string MineAfterSql = $"SELECT family_id FROM ({MineFilter}) mine WHERE family_id > @After ORDER BY family_id LIMIT @Take";
    private const string MineAfterSqlServer = $"SELECT TOP (@Take) family_id FROM ({MineFilter}) mine WHERE family_id > @After ORDER BY family_id";

    /// <summary>
    /// Up to <paramref name="take"/> of the families <paramref name="userId"/> is on, in id order,
    /// after <paramref name="after"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> MineAsync(string userId, string role, string? agb, Guid? after, int take, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var command = after is { } afterId
            ? new CommandDefinition(database.Sql(MineAfterSql, sqlServer: MineAfterSqlServer),
                new { UserId = userId, Role = role, Agb = agb, After = afterId, Take = take }, cancellationToken: ct)
            : new CommandDefinition(database.Sql(MineSql, sqlServer: MineSqlServer),
                new { UserId = userId, Role = role, Agb = agb, Take = take }, cancellationToken: ct);
        return (await connection.QueryAsync<Guid>(command)).AsList();
    }
}

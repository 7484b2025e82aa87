using Coordination.Data;
using Dapper;

namespace MdoScheduling.Api.Data;

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class FamilyMemberRow
{
    public Guid MemberId { get; set; }
    public Guid FamilyId { get; set; }
    public string Bsn { get; set; } = string.Empty;
    public string? Name { get; set; }
}

// Dapper fills rows through setters, which honour the type handlers; constructors do not.
public sealed class TeamRow
{
    public string UserId { get; set; } = string.Empty;
    public string Role { get; set; } = string.Empty;
    public bool Active { get; set; }
}

/// <summary>
/// What the MDO service knows of each family: its members and referring practices (from the
/// referrals) and its care team (from the family plan's <c>CareTeamChanged</c>).
/// </summary>
public sealed class FamilyDirectory(Database database)
{
    private const string MembersSql = "SELECT member_id AS MemberId, family_id AS FamilyId, bsn AS Bsn, name AS Name FROM family_members WHERE family_id = @FamilyId";
    private const string ByBsnSql = "SELECT member_id AS MemberId, family_id AS FamilyId, bsn AS Bsn, name AS Name FROM family_members WHERE bsn = @Bsn";
    private const string TeamSql = "SELECT user_id AS UserId, role AS Role, active AS Active FROM care_team WHERE family_id = @FamilyId";
    private const string ReferrersSql = "SELECT agb FROM family_referrers WHERE family_id = @FamilyId";

    /// <summary>The family's members by member id; empty for a family the service never heard of.</summary>
    public async Task<Dictionary<Guid, FamilyMemberRow>> MembersAsync(Guid familyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FamilyMemberRow>(new CommandDefinition(MembersSql, new { FamilyId = familyId }, cancellationToken: ct)))
            .ToDictionary(m => m.MemberId);
    }

    /// <summary>The member ids a client with <paramref name="bsn"/> has (one per family the referrals put them in).</summary>
    public async Task<IReadOnlyList<FamilyMemberRow>> ByBsnAsync(string? bsn, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(bsn))
        {
            return [];
        }

        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<FamilyMemberRow>(new CommandDefinition(ByBsnSql, new { Bsn = bsn }, cancellationToken: ct))).ToList();
    }

    /// <summary>The family's care team: the professionals on it now, and the referring practices by AGB code.</summary>
    public async Task<FamilyTeam> TeamAsync(Guid familyId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var people = await connection.QueryAsync<TeamRow>(new CommandDefinition(TeamSql, new { FamilyId = familyId }, cancellationToken: ct));
        var referrers = await connection.QueryAsync<string>(new CommandDefinition(ReferrersSql, new { FamilyId = familyId }, cancellationToken: ct));
        return new FamilyTeam(people.Where(p => p.Active).Select(p => p.UserId).ToHashSet(StringComparer.Ordinal), referrers.ToHashSet(StringComparer.Ordinal));
    }
}

/// <summary>A family's care team as the MDO service knows it.</summary>
/// <param name="People">The user ids of the professionals on it now (joined by accepting a referral or an invitation).</param>
/// <param name="ReferrerAgbs">The AGB codes of the practices that referred a member: a GP, and a POH under the GP's code, are on the team by them.</param>
public sealed record FamilyTeam(IReadOnlySet<string> People, IReadOnlySet<string> ReferrerAgbs)
{
    /// <summary>Whether the professional with <paramref name="userId"/> and (for a GP or POH) <paramref name="agb"/> is on the team.</summary>
    public bool Includes(string userId, string? role, string? agb) =>
        People.Contains(userId) || (role is Coordination.ServiceDefaults.Auth.Roles.Gp or Coordination.ServiceDefaults.Auth.Roles.Poh && agb is not null && ReferrerAgbs.Contains(agb));
}

using Consent.Api.Domain;
using Coordination.Data;
using Dapper;

namespace Consent.Api.Data;

/// <summary>A family member as the consent service knows them from the referrals.</summary>
public sealed class KnownMember
{
    public Guid MemberId { get; set; }
    public Guid FamilyId { get; set; }
    public string Bsn { get; set; } = string.Empty;
    public string? Name { get; set; }
    public DateOnly BirthDate { get; set; }
}

/// <summary>A person's parents as the referrals state them, with each one's custody as the rule reads it.</summary>
/// <param name="Parents">Each stated parent and their custody.</param>
public sealed record Parenthood(IReadOnlyDictionary<Guid, Custody> Parents)
{
    /// <summary>The custody of <paramref name="memberId"/> over the child (not a parent: not custodial).</summary>
    public Custody Of(Guid memberId) => Parents.GetValueOrDefault(memberId, Custody.NotCustodial);

    /// <summary>Whether <paramref name="memberId"/> is a stated parent at all.</summary>
    public bool IsParent(Guid memberId) => Parents.ContainsKey(memberId);

    /// <summary>The parents with custody.</summary>
    public IEnumerable<Guid> Custodial => Parents.Where(p => p.Value == Custody.Custodial).Select(p => p.Key);
}

/// <summary>Reads the household the referrals described: members, parents and custody, care team.</summary>
public sealed class Household(Database database)
{
    private const string Columns = "member_id AS MemberId, family_id AS FamilyId, bsn AS Bsn, name AS Name, birth_date AS BirthDate";
    private const string ByIdSql = $"SELECT {Columns} FROM household_members WHERE member_id = @MemberId";
    private const string ByBsnSql = $"SELECT {Columns} FROM household_members WHERE bsn = @Bsn";
    private const string ParentsSql = "SELECT parent_member_id AS ParentMemberId, custody AS Custody FROM parenthood_statements WHERE child_member_id = @ChildMemberId";
    private const string ChildrenSql = $"""
        SELECT {Columns} FROM household_members
        WHERE member_id IN (SELECT child_member_id FROM parenthood_statements WHERE parent_member_id = @ParentMemberId)
        """;
    private const string OnCareTeamSql = "SELECT COUNT(*) FROM care_team_referrers WHERE family_id = @FamilyId AND agb = @Agb";

    /// <summary>The member with <paramref name="memberId"/>, or null.</summary>
    public async Task<KnownMember?> FindAsync(Guid memberId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<KnownMember>(new CommandDefinition(ByIdSql, new { MemberId = memberId }, cancellationToken: ct));
    }

    /// <summary>The member with <paramref name="bsn"/>, or null (a BSN the referrals never named).</summary>
    public async Task<KnownMember?> FindByBsnAsync(string? bsn, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(bsn))
        {
            return null;
        }

        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<KnownMember>(new CommandDefinition(ByBsnSql, new { Bsn = bsn }, cancellationToken: ct));
    }

    /// <summary>The stated parents of <paramref name="childId"/>, each with custody: custodial when some referral states it and none denies it.</summary>
    public async Task<Parenthood> ParentsOfAsync(Guid childId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        var rows = await connection.QueryAsync<ParentRow>(new CommandDefinition(ParentsSql, new { ChildMemberId = childId }, cancellationToken: ct));
        return new Parenthood(rows.GroupBy(r => r.ParentMemberId).ToDictionary(g => g.Key, g => ConsentRules.CustodyFrom(g.Select(r => r.Custody))));
    }

    /// <summary>The stated children of <paramref name="parentId"/>.</summary>
    public async Task<IReadOnlyList<KnownMember>> ChildrenOfAsync(Guid parentId, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<KnownMember>(new CommandDefinition(ChildrenSql, new { ParentMemberId = parentId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Whether the professional with <paramref name="agb"/> is on the family's care team (for now: referred someone in it).</summary>
    public async Task<bool> IsOnCareTeamAsync(Guid familyId, string? agb, CancellationToken ct)
    {
        if (agb is null)
        {
            return false;
        }

        await using var connection = await database.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(OnCareTeamSql, new { FamilyId = familyId, Agb = agb }, cancellationToken: ct)) > 0;
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class ParentRow
    {
        public Guid ParentMemberId { get; set; }
        public bool? Custody { get; set; }
    }
}

using Coordination.Data;
using Dapper;

namespace Referral.Api.Data;

/// <summary>One organisation or professional in the directory, with work contact details only.</summary>
public sealed class DirectoryEntry
{
    public string Agb { get; set; } = string.Empty;

    /// <summary><c>organisation</c> or <c>professional</c>.</summary>
    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>For a professional: e.g. GP, POH-GGZ, psychologist, family therapist.</summary>
    public string? Profession { get; set; }

    /// <summary><c>youth</c>, <c>adult</c> or <c>both</c>; none for a GP practice or a municipality's team.</summary>
    public string? Domain { get; set; }

    /// <summary>For a professional: the AGB code of their organisation.</summary>
    public string? OrganisationAgb { get; set; }

    public string? City { get; set; }

    public string? Phone { get; set; }

    public string? Email { get; set; }
}

/// <summary>
/// The directory of organisations and professionals: searchable by name or AGB code, kind and
/// domain. In Development it can hold demo data for a newcomer (<c>Directory:DemoData</c>).
/// </summary>
public sealed class ProfessionalDirectory(Database database)
{
    public const int MaxLimit = 100;

    private const string Columns = """
        agb AS Agb, kind AS Kind, name AS Name, profession AS Profession, domain AS Domain, organisation_agb AS OrganisationAgb,
        city AS City, phone AS Phone, email AS Email
        """;
    private const string FindSql = $"SELECT {Columns} FROM directory_entries WHERE agb = @Agb";
    private const string Filter = """
        (lower(name) LIKE @Pattern OR agb = @Text) AND (kind = @Kind OR @AnyKind = 1)
            AND (domain = @Domain OR domain = 'both' OR domain IS NULL OR @AnyDomain = 1)
        """;
    private const string SearchSql = $"SELECT {Columns} FROM directory_entries WHERE {Filter} ORDER BY name, agb LIMIT @Limit";
    private const string SearchSqlServer = $"SELECT TOP (@Limit) {Columns} FROM directory_entries WHERE {Filter} ORDER BY name, agb";
    private const string InsertSql = """
        INSERT INTO directory_entries (agb, kind, name, profession, domain, organisation_agb, city, phone, email)
        SELECT @Agb, @Kind, @Name, @Profession, @Domain, @OrganisationAgb, @City, @Phone, @Email
        WHERE NOT EXISTS (SELECT 1 FROM directory_entries WHERE agb = @Agb)
        """;

    /// <summary>Entries whose name contains <paramref name="text"/> (or whose AGB code it is), of a kind and domain when given, by name.</summary>
    public async Task<IReadOnlyList<DirectoryEntry>> SearchAsync(string? text, string? kind, string? domain, int limit, CancellationToken ct)
    {
        // Searched as plain text: the wildcards of LIKE are not the caller's to use.
        var plain = (text ?? string.Empty).Trim().Replace("%", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<DirectoryEntry>(new CommandDefinition(database.Sql(SearchSql, sqlServer: SearchSqlServer), new
        {
            Pattern = $"%{plain.ToLowerInvariant()}%",
            Text = plain,
            Kind = kind ?? string.Empty,
            AnyKind = kind is null ? 1 : 0,
            Domain = domain ?? string.Empty,
            AnyDomain = domain is null ? 1 : 0,
            Limit = limit,
        }, cancellationToken: ct))).ToList();
    }

    /// <summary>The entry with AGB code <paramref name="agb"/>, or null.</summary>
    public async Task<DirectoryEntry?> FindAsync(string agb, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<DirectoryEntry>(new CommandDefinition(FindSql, new { Agb = agb }, cancellationToken: ct));
    }

    /// <summary>Adds the entries not there yet (by AGB code); an entry already there is left as it is.</summary>
    public async Task AddMissingAsync(IEnumerable<DirectoryEntry> entries, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        using var turn = await database.WriterTurnAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, entries, cancellationToken: ct));
    }
}

using System.Reflection;
using Coordination.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BuildingBlocks.Tests;

/// <summary>
/// No SQL Server runs here, so every SQL Server migration and every query the services send is
/// parsed with Microsoft's own T-SQL parser instead.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SqlServerSyntaxTests
{
    /// <summary>Every assembly that carries migrations or queries.</summary>
    public static readonly Assembly[] Assemblies =
    [
        typeof(Database).Assembly,
        typeof(global::Referral.Api.Program).Assembly,
        typeof(global::Consent.Api.Program).Assembly,
        typeof(global::FamilyPlan.Api.Program).Assembly,
        typeof(global::MdoScheduling.Api.Program).Assembly,
        typeof(global::FundingRoute.Api.Program).Assembly,
    ];

    [Fact]
    public void Every_sql_server_migration_parses()
    {
        var scripts = Assemblies.SelectMany(a => DatabaseMigrator.ScriptsOf(a, SqlDialect.SqlServer)).ToList();
        Assert.True(scripts.Count >= 4, $"expected the migrations of the building blocks and three services, found {scripts.Count}");
        Assert.All(scripts, script => Assert.Empty(ParseErrors(script.Sql)));
        Assert.Contains(scripts, s => s.Name.EndsWith("0001_outbox_inbox_audit.sql", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_query_the_services_send_parses_as_tsql()
    {
        var queries = SqlServerQueries().ToList();
        Assert.True(queries.Count >= 25, $"expected the services' queries, found {queries.Count}");
        Assert.All(queries, query => Assert.True(ParseErrors(query.Sql).Count == 0, $"{query.Name}: {string.Join("; ", ParseErrors(query.Sql))}"));
    }

    [Fact]
    public void The_parser_catches_sql_that_sql_server_would_refuse()
    {
        Assert.NotEmpty(ParseErrors("SELECT id FROM outbox ORDER BY seq LIMIT @Batch"));
        Assert.NotEmpty(ParseErrors("CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)"));
    }

    [Fact]
    public void Every_dialect_has_the_same_migrations()
    {
        foreach (var assembly in Assemblies)
        {
            string[] Names(SqlDialect d) => DatabaseMigrator.ScriptsOf(assembly, d).Select(s => s.Name.Split('.')[^2]).ToArray();
            Assert.Equal(Names(SqlDialect.Sqlite), Names(SqlDialect.SqlServer));
            Assert.Equal(Names(SqlDialect.Sqlite), Names(SqlDialect.PostgreSql));
        }
    }

    /// <summary>
    /// The const strings named <c>…Sql</c> in every assembly, except where a <c>…SqlServer</c>
    /// variant replaces them on SQL Server (as <see cref="Database.Sql"/> chooses).
    /// </summary>
    public static IEnumerable<(string Name, string Sql)> SqlServerQueries()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        foreach (var type in Assemblies.SelectMany(a => a.GetTypes()))
        {
            var constants = type.GetFields(all).Where(f => f.IsLiteral && f.FieldType == typeof(string)).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
            foreach (var (name, sql) in constants)
            {
                var replaced = constants.ContainsKey(name + "Server");
                if ((name.EndsWith("Sql", StringComparison.Ordinal) && !replaced) || name.EndsWith("SqlServer", StringComparison.Ordinal))
                {
                    yield return ($"{type.FullName}.{name}", sql);
                }
            }
        }
    }

    private static List<string> ParseErrors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(sql);
        parser.Parse(reader, out var errors);
        return errors.Select(e => $"line {e.Line}: {e.Message}").ToList();
    }
}

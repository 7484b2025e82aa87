using System.Reflection;
using Coordination.Data;
using Coordination.Testing;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BuildingBlocks.Tests;

/// <summary>
/// No SQL Server runs here, so every SQL Server migration and every query the services send is
/// parsed with Microsoft's own T-SQL parser instead.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class SqlServerSyntaxTests
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
    public void The_financier_queries_of_the_funding_route_are_parsed_in_their_sql_server_form()
    {
        var names = SqlServerQueries().Select(q => q.Name).ToList();
        const string store = "FundingRoute.Api.Data.FundingRouteStore.";
        Assert.Contains(store + "FindSql", names);
        Assert.Contains(store + "NewestSqlServer", names);
        Assert.Contains(store + "OlderSqlServer", names);
        // The LIMIT forms are for SQLite and PostgreSQL; SQL Server gets its TOP twins instead.
        Assert.DoesNotContain(store + "NewestSql", names);
        Assert.DoesNotContain(store + "OlderSql", names);
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

    [Fact]
    public void Every_query_is_a_named_constant_so_that_the_parser_sees_it()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        Assert.True(sources.Count > 20, $"found only {sources.Count} source files");
        Assert.Empty(sources.SelectMany(p => InlineQueries(Path.GetRelativePath(Repository.Root, p), File.ReadAllText(p))));
    }

    [Fact]
    public void The_inline_query_rule_fails_on_sql_written_at_the_call()
    {
        const string Violating = """
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            await connection.QueryAsync<Row>($"SELECT * FROM {table}");
            await connection.ExecuteAsync(new CommandDefinition(InsertSql, args, tx));
            """;
        Assert.Equal(2, InlineQueries("Bad.cs", Violating).Count);
    }

    /// <summary>Calls that pass SQL as a literal where a named <c>…Sql</c> constant belongs.</summary>
    public static IReadOnlyList<string> InlineQueries(string file, string source) =>
        InlineQuery().Matches(source).Select(m => $"{file}: {m.Value}").ToList();

    [System.Text.RegularExpressions.GeneratedRegex("""(CommandDefinition|Execute\w*Async|Query\w*Async(<[^>]*>)?)\(\s*\$?@?"[^"]*""")]
    private static partial System.Text.RegularExpressions.Regex InlineQuery();

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

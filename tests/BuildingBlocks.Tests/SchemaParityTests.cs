using System.Data.Common;
using Coordination.Data;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace BuildingBlocks.Tests;

/// <summary>
/// The three migration sets describe one schema: every table has the same columns, nullability and
/// kind of type on SQLite, PostgreSQL and SQL Server, and the same lengths on PostgreSQL and SQL
/// Server (SQLite keeps no lengths). PostgreSQL and SQLite are migrated for real; the SQL Server
/// scripts are replayed from Microsoft's T-SQL parser, since no SQL Server runs here.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SchemaParityTests
{
    /// <summary>A column as the comparison sees it: kind is text, integer, boolean, timestamp; length only for bounded text.</summary>
    public sealed record Column(string Table, string Name, string Kind, int? Length, bool Nullable)
    {
        public override string ToString() => $"{Table}.{Name} {Kind}{(Length is { } l ? $"({l})" : string.Empty)}{(Nullable ? " null" : " not null")}";
    }

    public static TheoryData<string> Services() => new() { Platform.Referral, Platform.Consent, Platform.FamilyPlan, Platform.MdoScheduling, Platform.FundingRoute };

    private static System.Reflection.Assembly AssemblyOf(string service) => service switch
    {
        Platform.Referral => typeof(global::Referral.Api.Program).Assembly,
        Platform.Consent => typeof(global::Consent.Api.Program).Assembly,
        Platform.FamilyPlan => typeof(global::FamilyPlan.Api.Program).Assembly,
        Platform.MdoScheduling => typeof(global::MdoScheduling.Api.Program).Assembly,
        _ => typeof(global::FundingRoute.Api.Program).Assembly,
    };

    [SkippableTheory]
    [MemberData(nameof(Services))]
    public async Task Every_table_has_the_same_columns_on_every_dialect(string service)
    {
        await using var sqlite = TestDatabase.Create(Dialects.Sqlite);
        await using var postgres = TestDatabase.Create(Dialects.Postgres);
        var assembly = AssemblyOf(service);
        DatabaseMigrator.Migrate(sqlite.For(service), assembly, NullLogger.Instance);
        DatabaseMigrator.Migrate(postgres.For(service), assembly, NullLogger.Instance);

        var pg = await PostgresColumnsAsync(postgres.For(service));
        var lite = await SqliteColumnsAsync(sqlite.For(service));
        var mssql = SqlServerColumns(DatabaseMigrator.ScriptsOf(typeof(Database).Assembly, SqlDialect.SqlServer)
            .Concat(DatabaseMigrator.ScriptsOf(assembly, SqlDialect.SqlServer)).Select(s => s.Sql));

        AssertSame("PostgreSQL", Describe(pg), "SQL Server", Describe(mssql));
        // SQLite has no lengths, and no boolean or timestamp types: its declared affinity must still fit.
        AssertSame("PostgreSQL", Describe(pg.Select(c => c with { Length = null, Kind = SqliteKind(c.Kind) })), "SQLite", Describe(lite));
    }

    [Fact]
    public void The_comparison_sees_a_length_that_differs()
    {
        var one = SqlServerColumns(["CREATE TABLE t (bsn nvarchar(9) NOT NULL, note nvarchar(max) NULL);"]);
        var other = SqlServerColumns(["CREATE TABLE t (bsn nvarchar(200) NOT NULL, note nvarchar(max) NULL);", "ALTER TABLE t ADD extra int NULL;", "ALTER TABLE t DROP COLUMN extra;"]);
        Assert.NotEqual(Describe(one), Describe(other));
        Assert.Equal(["t.bsn text(9) not null", "t.note text null"], Describe(one));
    }

    private static void AssertSame(string oneName, string[] one, string otherName, string[] other)
    {
        var onlyOne = one.Except(other).ToList();
        var onlyOther = other.Except(one).ToList();
        Assert.True(onlyOne.Count == 0 && onlyOther.Count == 0,
            $"{oneName} only: {string.Join(", ", onlyOne)}\n{otherName} only: {string.Join(", ", onlyOther)}");
    }

    /// <summary>Tables one dialect needs for a mechanism of its own, and the migration journal.</summary>
    private static readonly HashSet<string> DialectOwnTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "schemaversions",
        // SQL Server refuses TRUNCATE of a table that a foreign key references; PostgreSQL and SQLite use triggers.
        "audit_log_truncate_guard",
    };

    private static string[] Describe(IEnumerable<Column> columns) =>
        columns.Where(c => !DialectOwnTables.Contains(c.Table))
            .Select(c => c.ToString()).Order(StringComparer.Ordinal).ToArray();

    private static string SqliteKind(string kind) => kind is "boolean" or "integer" or "bigint" ? "integer" : "text";

    private const string PostgresColumnsSql = """
        SELECT table_name AS TableName, column_name AS ColumnName, data_type AS DataType,
            character_maximum_length AS MaxLength, is_nullable AS IsNullable
        FROM information_schema.columns WHERE table_schema = 'public'
        """;

    private static async Task<List<Column>> PostgresColumnsAsync(Database db)
    {
        await using DbConnection connection = await db.OpenAsync();
        var rows = await connection.QueryAsync<(string TableName, string ColumnName, string DataType, int? MaxLength, string IsNullable)>(PostgresColumnsSql);
        return rows.Select(r => new Column(r.TableName, r.ColumnName, r.DataType switch
        {
            "character varying" or "character" or "text" => "text",
            "integer" or "smallint" => "integer",
            "bigint" => "bigint",
            "boolean" => "boolean",
            "timestamp with time zone" or "timestamp without time zone" => "timestamp",
            var other => other,
        }, r.MaxLength, r.IsNullable == "YES")).ToList();
    }

    private const string SqliteTablesSql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
    private const string SqliteColumnsSql = "SELECT name AS Name, type AS Type, \"notnull\" AS Required, pk AS Pk FROM pragma_table_info(@Table)";

    private static async Task<List<Column>> SqliteColumnsAsync(Database db)
    {
        await using DbConnection connection = await db.OpenAsync();
        var columns = new List<Column>();
        foreach (var table in await connection.QueryAsync<string>(SqliteTablesSql))
        {
            foreach (var c in await connection.QueryAsync<(string Name, string Type, long NotNull, long Pk)>(SqliteColumnsSql, new { Table = table }))
            {
                var kind = c.Type.StartsWith("INT", StringComparison.OrdinalIgnoreCase) ? "integer" : "text";
                // SQLite lets a primary-key column hold NULL unless declared NOT NULL; an INTEGER PRIMARY KEY cannot.
                var nullable = c.NotNull == 0 && !(c.Pk > 0 && kind == "integer");
                columns.Add(new Column(table, c.Name, kind, null, nullable));
            }
        }

        return columns;
    }

    /// <summary>Replays CREATE TABLE, ALTER TABLE ADD / DROP COLUMN and DROP TABLE of SQL Server scripts.</summary>
    public static List<Column> SqlServerColumns(IEnumerable<string> scripts)
    {
        var tables = new Dictionary<string, List<Column>>(StringComparer.OrdinalIgnoreCase);
        foreach (var script in scripts)
        {
            var parser = new TSql160Parser(initialQuotedIdentifiers: true);
            using var reader = new StringReader(script);
            var fragment = parser.Parse(reader, out var errors);
            Assert.Empty(errors);
            foreach (var statement in ((TSqlScript)fragment).Batches.SelectMany(b => b.Statements))
            {
                switch (statement)
                {
                    case CreateTableStatement create:
                        var name = create.SchemaObjectName.BaseIdentifier.Value;
                        var primaryKey = create.Definition.TableConstraints.OfType<UniqueConstraintDefinition>()
                            .Where(u => u.IsPrimaryKey).SelectMany(u => u.Columns).Select(c => c.Column.MultiPartIdentifier.Identifiers[^1].Value)
                            .ToHashSet(StringComparer.OrdinalIgnoreCase);
                        tables[name] = create.Definition.ColumnDefinitions.Select(d => ColumnOf(name, d, primaryKey)).ToList();
                        break;
                    case AlterTableAddTableElementStatement add:
                        var target = add.SchemaObjectName.BaseIdentifier.Value;
                        tables[target].AddRange(add.Definition.ColumnDefinitions.Select(d => ColumnOf(target, d, [])));
                        break;
                    case AlterTableDropTableElementStatement drop:
                        var from = drop.SchemaObjectName.BaseIdentifier.Value;
                        foreach (var element in drop.AlterTableDropTableElements.Where(e => e.TableElementType == TableElementType.Column))
                        {
                            tables[from].RemoveAll(c => string.Equals(c.Name, element.Name.Value, StringComparison.OrdinalIgnoreCase));
                        }

                        break;
                    case DropTableStatement dropTable:
                        foreach (var table in dropTable.Objects)
                        {
                            tables.Remove(table.BaseIdentifier.Value);
                        }

                        break;
                }
            }
        }

        return tables.Values.SelectMany(t => t).ToList();
    }

    private static Column ColumnOf(string table, ColumnDefinition definition, HashSet<string> primaryKey)
    {
        var type = (SqlDataTypeReference)definition.DataType;
        var length = type.Parameters.Count == 1 && type.Parameters[0] is IntegerLiteral literal ? int.Parse(literal.Value, System.Globalization.CultureInfo.InvariantCulture) : (int?)null;
        var kind = type.SqlDataTypeOption switch
        {
            SqlDataTypeOption.NVarChar or SqlDataTypeOption.VarChar or SqlDataTypeOption.NChar or SqlDataTypeOption.Char or SqlDataTypeOption.NText => "text",
            SqlDataTypeOption.Int or SqlDataTypeOption.SmallInt => "integer",
            SqlDataTypeOption.BigInt => "bigint",
            SqlDataTypeOption.Bit => "boolean",
            SqlDataTypeOption.DateTime2 or SqlDataTypeOption.DateTimeOffset or SqlDataTypeOption.DateTime => "timestamp",
            var other => other.ToString(),
        };
        var declaredPrimaryKey = definition.Constraints.OfType<UniqueConstraintDefinition>().Any(u => u.IsPrimaryKey) || primaryKey.Contains(definition.ColumnIdentifier.Value);
        var notNull = definition.Constraints.OfType<NullableConstraintDefinition>().Any(n => !n.Nullable) || declaredPrimaryKey || definition.IdentityOptions is not null;
        return new Column(table, definition.ColumnIdentifier.Value, kind, kind == "text" ? length : null, !notNull);
    }
}

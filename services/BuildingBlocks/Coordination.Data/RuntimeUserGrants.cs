using System.Data.Common;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Data;

/// <summary>
/// After migrating, the owner gives the runtime user (<c>Database:RuntimeUser</c>) what the service
/// needs and no more: read and write on the service's tables, only insert and read on the audit
/// log, read and update of the chain head, nothing on the migration journal. Not being the owner,
/// the runtime user cannot drop or disable the audit log's triggers.
/// </summary>
internal static partial class RuntimeUserGrants
{
    // GRANT takes no parameters, so names go into the statement text: only names that match this
    // pattern, and then quoted. The placeholders are upper case, which no accepted name can be.
    private const string UserPlaceholder = "RUNTIME_USER";
    private const string TablePlaceholder = "TABLE_NAME";
    private const string SchemaPlaceholder = "SCHEMA_NAME";

    private const string CurrentSchemaSql = "SELECT current_schema()";

    private const string CurrentSchemaSqlServer = "SELECT SCHEMA_NAME()";

    private const string TablesSql = """
        SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
        """;

    private const string TablesSqlServer = """
        SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES
        WHERE TABLE_SCHEMA = SCHEMA_NAME() AND TABLE_TYPE = 'BASE TABLE'
        """;

    private const string PrepareSql = """
        GRANT USAGE ON SCHEMA "SCHEMA_NAME" TO "RUNTIME_USER";
        GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "SCHEMA_NAME" TO "RUNTIME_USER";
        """;

    // SQL Server: the login of the same name gets a user in this database, if it has none yet.
    private const string PrepareSqlServer = """
        IF USER_ID(@User) IS NULL
            CREATE USER [RUNTIME_USER] FOR LOGIN [RUNTIME_USER];
        """;

    private const string GrantTableSql = """GRANT SELECT, INSERT, UPDATE, DELETE ON "TABLE_NAME" TO "RUNTIME_USER";""";

    private const string GrantTableSqlServer = "GRANT SELECT, INSERT, UPDATE, DELETE ON [SCHEMA_NAME].[TABLE_NAME] TO [RUNTIME_USER];";

    // Whatever was granted before, the audit log ends with insert and read only. TRUNCATE, TRIGGER
    // and REFERENCES are never granted; dropping or disabling a trigger needs ownership.
    private const string GrantAuditSql = """
        REVOKE ALL ON audit_log FROM "RUNTIME_USER";
        GRANT SELECT, INSERT ON audit_log TO "RUNTIME_USER";
        REVOKE ALL ON audit_chain_head FROM "RUNTIME_USER";
        GRANT SELECT, UPDATE ON audit_chain_head TO "RUNTIME_USER";
        """;

    // DENY wins over any grant through a role. TRUNCATE TABLE and ALTER TABLE … DISABLE TRIGGER
    // need ALTER; DROP TRIGGER needs ALTER on the table.
    private const string GrantAuditSqlServer = """
        GRANT SELECT, INSERT ON [SCHEMA_NAME].audit_log TO [RUNTIME_USER];
        DENY UPDATE, DELETE, ALTER, CONTROL, TAKE OWNERSHIP, REFERENCES ON [SCHEMA_NAME].audit_log TO [RUNTIME_USER];
        GRANT SELECT, UPDATE ON [SCHEMA_NAME].audit_chain_head TO [RUNTIME_USER];
        DENY INSERT, DELETE, ALTER, CONTROL, TAKE OWNERSHIP ON [SCHEMA_NAME].audit_chain_head TO [RUNTIME_USER];
        DENY SELECT, INSERT, UPDATE, DELETE, ALTER, CONTROL, TAKE OWNERSHIP ON [SCHEMA_NAME].audit_log_truncate_guard TO [RUNTIME_USER];
        """;

    /// <summary>The tables with grants of their own, and DbUp's journal, which only the owner touches.</summary>
    private static readonly HashSet<string> NotGeneral = new(StringComparer.OrdinalIgnoreCase)
    {
        "audit_log", "audit_chain_head", "audit_log_truncate_guard", "schemaversions",
    };

    /// <summary>Throws unless <paramref name="name"/> is a plain lower-case SQL identifier.</summary>
    public static string Validate(string name, string what) =>
        Identifier().IsMatch(name)
            ? name
            : throw new InvalidOperationException($"{what} '{name}' is not a plain identifier (^[a-z_][a-z0-9_]{{0,62}}$).");

    /// <summary>Grants the runtime user its rights; run by the owner after every migration run.</summary>
    public static void Apply(Database owner, string runtimeUser, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var user = Validate(runtimeUser, "Database:RuntimeUser");
        if (owner.Dialect == SqlDialect.Sqlite)
        {
            logger.LogWarning("Database:RuntimeUser is ignored on SQLite, which has no users; the audit chain alone shows changes");
            return;
        }

        var server = owner.Dialect == SqlDialect.SqlServer;
        using DbConnection connection = server ? new SqlConnection(owner.ConnectionString) : new NpgsqlConnection(owner.ConnectionString);
        connection.Open();
        using var tx = connection.BeginTransaction();
        var schema = Validate(connection.ExecuteScalar<string>(server ? CurrentSchemaSqlServer : CurrentSchemaSql, transaction: tx)!, "Schema");
        string Bind(string template, string? table = null)
        {
            var (open, close) = server ? ("[", "]") : ("\"", "\"");
            var sql = template
                .Replace(open + UserPlaceholder + close, open + user + close, StringComparison.Ordinal)
                .Replace(open + SchemaPlaceholder + close, open + schema + close, StringComparison.Ordinal);
            return table is null ? sql : sql.Replace(open + TablePlaceholder + close, open + Validate(table, "Table") + close, StringComparison.Ordinal);
        }

        connection.Execute(Bind(server ? PrepareSqlServer : PrepareSql), server ? new { User = user } : null, tx);
        var tables = connection.Query<string>(server ? TablesSqlServer : TablesSql, transaction: tx).Where(t => !NotGeneral.Contains(t)).Order(StringComparer.Ordinal).ToList();
        foreach (var table in tables)
        {
            connection.Execute(Bind(server ? GrantTableSqlServer : GrantTableSql, table), transaction: tx);
        }

        connection.Execute(Bind(server ? GrantAuditSqlServer : GrantAuditSql), transaction: tx);
        tx.Commit();
        logger.LogInformation("Granted {User} read and write on {Tables}, insert and read on audit_log", user, string.Join(", ", tables));
    }

    // \z, not $: $ also matches before a final line break.
    [GeneratedRegex(@"\A[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();
}

using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Coordination.Data;

/// <summary>
/// Runs the forward-only numbered migrations with DbUp: first the building blocks' own scripts
/// (outbox, inbox, audit log), then the service's, each from <c>Migrations/&lt;dialect&gt;/</c>.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>The folder name of a dialect's scripts.</summary>
    public static string FolderOf(SqlDialect dialect) => dialect switch
    {
        SqlDialect.Sqlite => "sqlite",
        SqlDialect.PostgreSql => "postgresql",
        SqlDialect.SqlServer => "sqlserver",
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    /// <summary>
    /// Applies every script not yet in the journal, holding the database's migration lock so that
    /// replicas starting together run them once; then, when <paramref name="runtimeUser"/> is given
    /// (PostgreSQL, SQL Server), grants it the runtime rights. Throws when a script fails.
    /// </summary>
    /// <param name="database">The database, connected as the owner of its tables.</param>
    /// <param name="serviceAssembly">The assembly holding the service's own scripts.</param>
    /// <param name="logger">Where DbUp reports.</param>
    /// <param name="createDatabase">Create a missing PostgreSQL or SQL Server database first.</param>
    /// <param name="runtimeUser">The user the service runs as, or null when it runs as the owner.</param>
    public static void Migrate(Database database, Assembly serviceAssembly, ILogger logger, bool createDatabase = true, string? runtimeUser = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (runtimeUser is not null)
        {
            RuntimeUserGrants.Validate(runtimeUser, "Database:RuntimeUser");
        }

        var cs = database.ConnectionString;
        if (createDatabase)
        {
            EnsureDatabaseExists(database, logger);
        }

        UpgradeEngineBuilder builder = database.Dialect switch
        {
            SqlDialect.Sqlite => DeployChanges.To.SqliteDatabase(cs),
            SqlDialect.PostgreSql => DeployChanges.To.PostgresqlDatabase(cs),
            SqlDialect.SqlServer => DeployChanges.To.SqlDatabase(cs),
            _ => throw new InvalidOperationException($"Unknown dialect {database.Dialect}"),
        };

        var folder = $".Migrations.{FolderOf(database.Dialect)}.";
        var engine = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, n => n.Contains(folder, StringComparison.Ordinal), new SqlScriptOptions { RunGroupOrder = 0 })
            .WithScriptsEmbeddedInAssembly(serviceAssembly, n => n.Contains(folder, StringComparison.Ordinal), new SqlScriptOptions { RunGroupOrder = 1 })
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build();

        using (MigrationLock.Acquire(database.Dialect, cs))
        {
            var result = engine.PerformUpgrade();
            if (!result.Successful)
            {
                throw new InvalidOperationException(
                    $"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
            }

            if (runtimeUser is not null)
            {
                RuntimeUserGrants.Apply(database, runtimeUser, logger);
            }
        }
    }

    // Replicas starting together may both find the database missing; the second CREATE DATABASE
    // then fails because the first succeeded, which is what both wanted.
    private static void EnsureDatabaseExists(Database database, ILogger logger)
    {
        try
        {
            switch (database.Dialect)
            {
                case SqlDialect.PostgreSql:
                    EnsureDatabase.For.PostgresqlDatabase(database.ConnectionString, new DbUpLogger(logger));
                    break;
                case SqlDialect.SqlServer:
                    EnsureDatabase.For.SqlDatabase(database.ConnectionString, new DbUpLogger(logger));
                    break;
            }
        }
        catch (Exception ex) when (IsDuplicateDatabase(ex))
        {
            logger.LogInformation("The database was created by another migrator meanwhile");
        }
    }

    private static bool IsDuplicateDatabase(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is PostgresException { SqlState: PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation }
                || ex is SqlException { Number: 1801 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The embedded migration scripts of an assembly for a dialect, in run order.</summary>
    public static IReadOnlyList<(string Name, string Sql)> ScriptsOf(Assembly assembly, SqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var folder = $".Migrations.{FolderOf(dialect)}.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.Contains(folder, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (n, reader.ReadToEnd());
            })
            .ToList();
    }

    private sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => Log(LogLevel.Trace, null, format, args);

        public void LogDebug(string format, params object[] args) => Log(LogLevel.Debug, null, format, args);

        public void LogInformation(string format, params object[] args) => Log(LogLevel.Information, null, format, args);

        public void LogWarning(string format, params object[] args) => Log(LogLevel.Warning, null, format, args);

        public void LogError(string format, params object[] args) => Log(LogLevel.Error, null, format, args);

        public void LogError(Exception ex, string format, params object[] args) => Log(LogLevel.Error, ex, format, args);

        // DbUp hands over composite-format strings, not message templates.
        private void Log(LogLevel level, Exception? ex, string format, object[] args) =>
            logger.Log(level, ex, "{Message}", args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}

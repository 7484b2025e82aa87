using System.Reflection;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;

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

    /// <summary>Applies every script not yet in the journal; throws when one fails.</summary>
    public static void Migrate(Database database, Assembly serviceAssembly, ILogger logger, bool createDatabase = true)
    {
        ArgumentNullException.ThrowIfNull(database);
        var cs = database.ConnectionString;
        UpgradeEngineBuilder builder;
        switch (database.Dialect)
        {
            case SqlDialect.Sqlite:
                builder = DeployChanges.To.SqliteDatabase(cs);
                break;
            case SqlDialect.PostgreSql:
                if (createDatabase)
                {
                    EnsureDatabase.For.PostgresqlDatabase(cs, new DbUpLogger(logger));
                }

                builder = DeployChanges.To.PostgresqlDatabase(cs);
                break;
            case SqlDialect.SqlServer:
                if (createDatabase)
                {
                    EnsureDatabase.For.SqlDatabase(cs, new DbUpLogger(logger));
                }

                builder = DeployChanges.To.SqlDatabase(cs);
                break;
            default:
                throw new InvalidOperationException($"Unknown dialect {database.Dialect}");
        }

        var folder = $".Migrations.{FolderOf(database.Dialect)}.";
        var result = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, n => n.Contains(folder, StringComparison.Ordinal), new SqlScriptOptions { RunGroupOrder = 0 })
            .WithScriptsEmbeddedInAssembly(serviceAssembly, n => n.Contains(folder, StringComparison.Ordinal), new SqlScriptOptions { RunGroupOrder = 1 })
            .WithTransactionPerScript()
            .LogTo(new DbUpLogger(logger))
            .Build()
            .PerformUpgrade();

        if (!result.Successful)
        {
            throw new InvalidOperationException(
                $"Migration {result.ErrorScript?.Name} failed: {result.Error?.Message}", result.Error);
        }
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

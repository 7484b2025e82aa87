using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Coordination.Data;

/// <summary>
/// A service's migrations as configured: which database to migrate, as whom
/// (<c>Database:MigrationConnectionString</c>, else <c>Database:ConnectionString</c>), and which
/// runtime user to grant rights to. Run at start-up (<c>Database:MigrateOnStartup</c>) or by the
/// <c>migrate</c> host command.
/// </summary>
public sealed class DatabaseMigration
{
    /// <summary>Describes the migrations of one service.</summary>
    public DatabaseMigration(Database owner, Assembly migrationsAssembly, bool createDatabase, string? runtimeUser)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(migrationsAssembly);
        Owner = owner;
        MigrationsAssembly = migrationsAssembly;
        CreateDatabase = createDatabase;
        RuntimeUser = string.IsNullOrWhiteSpace(runtimeUser) ? null : runtimeUser;
    }

    /// <summary>The database, connected as the owner of its tables.</summary>
    public Database Owner { get; }

    /// <summary>The assembly holding the service's own scripts.</summary>
    public Assembly MigrationsAssembly { get; }

    /// <summary>Whether a missing PostgreSQL or SQL Server database is created first.</summary>
    public bool CreateDatabase { get; }

    /// <summary>The user the service runs as, granted its rights after migrating; null when the service runs as the owner.</summary>
    public string? RuntimeUser { get; }

    /// <summary>Applies the scripts not yet applied (under the migration lock) and grants the runtime rights.</summary>
    public void Run(ILogger logger) => DatabaseMigrator.Migrate(Owner, MigrationsAssembly, logger, CreateDatabase, RuntimeUser);
}

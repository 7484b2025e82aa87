namespace Coordination.Data;

/// <summary>The three database engines a service can run on.</summary>
public enum SqlDialect
{
    /// <summary>Embedded, one file per service: the default on one machine.</summary>
    Sqlite,

    /// <summary>PostgreSQL through Npgsql.</summary>
    PostgreSql,

    /// <summary>SQL Server through Microsoft.Data.SqlClient.</summary>
    SqlServer,
}

/// <summary>
/// The <c>Database</c> configuration section. With nothing configured a service uses SQLite in
/// <c>data/&lt;service&gt;.db</c>.
/// </summary>
public sealed class DatabaseOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Database";

    /// <summary><c>sqlite</c> (default), <c>postgresql</c> or <c>sqlserver</c>.</summary>
    public SqlDialect Provider { get; set; } = SqlDialect.Sqlite;

    /// <summary>The ADO.NET connection string; for SQLite it may be left empty.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The connection string migrations run with (the owner of the tables), when it differs from
    /// <see cref="ConnectionString"/>, which the service then uses at run time only.
    /// </summary>
    public string? MigrationConnectionString { get; set; }

    /// <summary>
    /// PostgreSQL and SQL Server: the database user the service runs as. After migrating, the
    /// owner grants it read and write on the service's tables but only insert and read on the
    /// audit log. It must match <c>^[a-z_][a-z0-9_]{0,62}$</c>.
    /// </summary>
    public string? RuntimeUser { get; set; }

    /// <summary>Where SQLite files go when no connection string is given.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Run the forward-only migrations at start-up (default true); production may run the <c>migrate</c> command instead.</summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>Creates the PostgreSQL or SQL Server database if it does not exist yet.</summary>
    public bool CreateDatabaseIfMissing { get; set; } = true;

    internal string ResolveConnectionString(string serviceName)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider != SqlDialect.Sqlite)
        {
            throw new InvalidOperationException(
                $"Database:ConnectionString is required when Database:Provider is {Provider}.");
        }

        var folder = Path.GetFullPath(DataFolder);
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, serviceName + ".db")}";
    }
}

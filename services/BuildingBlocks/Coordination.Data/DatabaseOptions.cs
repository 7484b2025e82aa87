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

    /// <summary>Where SQLite files go when no connection string is given.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>Run the forward-only migrations at start-up (default true).</summary>
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

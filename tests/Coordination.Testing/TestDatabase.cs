using Coordination.Data;
using Npgsql;

namespace Coordination.Testing;

/// <summary>
/// Databases of their own for one test: a temporary folder of SQLite files, or fresh PostgreSQL
/// or SQL Server databases (one per service, as in production), dropped when disposed.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _prefix = "coord_" + Guid.NewGuid().ToString("N")[..10];
    private readonly List<string> _created = [];

    private TestDatabase(string dialect)
    {
        Dialect = dialect;
        Folder = Path.Combine(Path.GetTempPath(), _prefix);
        Directory.CreateDirectory(Folder);
    }

    public string Dialect { get; }

    /// <summary>The SQLite folder (also used for nothing else).</summary>
    public string Folder { get; }

    public static TestDatabase Create(string dialect)
    {
        Infrastructure.RequireDialect(dialect);
        return new TestDatabase(dialect);
    }

    /// <summary>The <c>Database</c> settings for one service.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings(string service)
    {
        yield return new("Database:Provider", Dialect);
        yield return new("Database:DataFolder", Folder);
        var cs = ConnectionString(service);
        if (cs is not null)
        {
            yield return new("Database:ConnectionString", cs);
        }
    }

    /// <summary>A <see cref="Database"/> for reading what a service stored.</summary>
    public Database For(string service) => Dialect switch
    {
        Dialects.Sqlite => new Database(SqlDialect.Sqlite, $"Data Source={Path.Combine(Folder, service + ".db")}"),
        Dialects.Postgres => new Database(SqlDialect.PostgreSql, ConnectionString(service)!),
        _ => new Database(SqlDialect.SqlServer, ConnectionString(service)!),
    };

    private string? ConnectionString(string service)
    {
        var name = $"{_prefix}_{service.Replace('-', '_')}";
        switch (Dialect)
        {
            case Dialects.Postgres:
                if (!_created.Contains(name))
                {
                    _created.Add(name);
                }

                return new NpgsqlConnectionStringBuilder(Infrastructure.Postgres) { Database = name, Pooling = false }.ToString();
            case Dialects.SqlServer:
                if (!_created.Contains(name))
                {
                    _created.Add(name);
                }

                return new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Infrastructure.SqlServer) { InitialCatalog = name, Pooling = false }.ToString();
            default:
                return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Dialect == Dialects.Postgres)
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Infrastructure.Postgres) { Database = "postgres", Pooling = false }.ToString());
            await connection.OpenAsync();
            foreach (var name in _created)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        if (Dialect == Dialects.SqlServer)
        {
            await using var connection = new Microsoft.Data.SqlClient.SqlConnection(new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(Infrastructure.SqlServer) { InitialCatalog = "master", Pooling = false }.ToString());
            await connection.OpenAsync();
            foreach (var name in _created)
            {
                await using var drop = new Microsoft.Data.SqlClient.SqlCommand(
                    $"IF DB_ID(N'{name}') IS NOT NULL BEGIN ALTER DATABASE [{name}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{name}]; END", connection);
                await drop.ExecuteNonQueryAsync();
            }
        }

        if (Directory.Exists(Folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
        }
    }
}

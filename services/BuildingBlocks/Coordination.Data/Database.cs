using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coordination.Data;

/// <summary>
/// The one connection abstraction every service uses: opens a connection of the configured
/// dialect and knows the few places where the dialects differ.
/// </summary>
public sealed class Database
{
    /// <summary>Creates the database access for a dialect and connection string.</summary>
    public Database(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = dialect == SqlDialect.Sqlite ? TuneSqlite(connectionString) : connectionString;
        DapperTypeHandlers.Register();
    }

    /// <summary>The configured dialect.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The connection string in use.</summary>
    public string ConnectionString { get; }

    /// <summary>Opens a new connection; the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        DbConnection connection = Dialect switch
        {
            SqlDialect.Sqlite => new SqliteConnection(ConnectionString),
            SqlDialect.PostgreSql => new NpgsqlConnection(ConnectionString),
            SqlDialect.SqlServer => new SqlConnection(ConnectionString),
            _ => throw new InvalidOperationException($"Unknown dialect {Dialect}"),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (Dialect == SqlDialect.Sqlite)
            {
                await using var pragma = connection.CreateCommand();
                // WAL lets the outbox relay read while a request writes; foreign keys are off by default in SQLite.
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>True when the exception is a primary-key or unique-constraint violation.</summary>
    public static bool IsUniqueViolation(Exception exception) => exception switch
    {
        SqliteException e => e.SqliteErrorCode == 19 && e.SqliteExtendedErrorCode is 1555 or 2067,
        PostgresException e => e.SqlState == PostgresErrorCodes.UniqueViolation,
        SqlException e => e.Number is 2627 or 2601,
        _ => false,
    };

    /// <summary>
    /// Chooses the statement written for this dialect: <paramref name="portable"/> unless the
    /// dialect has a text of its own.
    /// </summary>
    public string Sql(string portable, string? sqlServer = null, string? postgreSql = null) => Dialect switch
    {
        SqlDialect.SqlServer when sqlServer is not null => sqlServer,
        SqlDialect.PostgreSql when postgreSql is not null => postgreSql,
        _ => portable,
    };

    private static string TuneSqlite(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DefaultTimeout < 30)
        {
            builder.DefaultTimeout = 30;
        }

        return builder.ToString();
    }
}

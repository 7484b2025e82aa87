using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Coordination.Data;

/// <summary>
/// The one connection abstraction every service uses: opens a connection of the configured
/// dialect and knows the few places where the dialects differ.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "The semaphore never allocates a wait handle (only WaitAsync is used), so there is nothing to dispose; a Database lives as long as its host.")]
public sealed class Database
{
    /// <summary>Creates the database access for a dialect and connection string.</summary>
    public Database(SqlDialect dialect, string connectionString)
    {
        Dialect = dialect;
        ConnectionString = dialect == SqlDialect.Sqlite ? TuneSqlite(connectionString) : connectionString;
        DapperTypeHandlers.Register();
    }

    private readonly SemaphoreSlim _sqliteWriter = new(1, 1);

    /// <summary>
    /// The SQLite connections (the native handles, which a pooled connection keeps) whose settings
    /// are made: a connection taken from the pool again needs no pragma, only a new one does.
    /// </summary>
    private static readonly ConditionalWeakTable<sqlite3, string> Configured = new();

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
            if (connection is SqliteConnection { Handle: { } handle } && !Configured.TryGetValue(handle, out _))
            {
                await using var pragma = connection.CreateCommand();
                // WAL lets the outbox relay read while a request writes; foreign keys are off by default in SQLite. Both
                // and the busy timeout hold for the native connection, which the pool keeps: set once per connection.
                pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
                Configured.AddOrUpdate(handle, "pragmas set");
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Takes this process's turn to write. SQLite has one writer per file, and a writer that finds
    /// the file locked sleeps in growing steps before it tries again; under load the waits, not
    /// the work, set the pace. So on SQLite the writers of one process queue here, in order, and
    /// reach the file one at a time. PostgreSQL and SQL Server lock rows themselves: no turn is taken.
    /// </summary>
    public async ValueTask<IDisposable> WriterTurnAsync(CancellationToken cancellationToken)
    {
        if (Dialect != SqlDialect.Sqlite)
        {
            return NoTurn.Instance;
        }

        await _sqliteWriter.WaitAsync(cancellationToken);
        return new Turn(_sqliteWriter);
    }

    private sealed class Turn(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }

    private sealed class NoTurn : IDisposable
    {
        public static readonly NoTurn Instance = new();

        public void Dispose()
        {
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

using System.Data.Common;
using Dapper;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Coordination.Data;

/// <summary>
/// One migration run per database at a time, so that replicas starting together do not apply the
/// same script twice (docs/adr/0005): PostgreSQL a session advisory lock, SQL Server a session
/// application lock, both on a connection of their own held for the run; SQLite an exclusive lock
/// on a file next to the database file.
/// </summary>
internal sealed class MigrationLock : IDisposable
{
    /// <summary>How long a replica waits for another one's migrations.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    // Advisory locks are scoped to one database, so one key serves every service. "7513" for NEN 7513.
    private const long AdvisoryKey = 7513_0001;

    private const string AcquireSql = "SELECT pg_advisory_lock(@Key)";

    private const string ReleaseSql = "SELECT pg_advisory_unlock(@Key)";

    private const string AcquireSqlServer = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = N'coordination-migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = @TimeoutMs;
        SELECT @result;
        """;

    private const string ReleaseSqlServer = "EXEC sp_releaseapplock @Resource = N'coordination-migrations', @LockOwner = 'Session'";

    private readonly DbConnection? _connection;
    private readonly FileStream? _file;

    private MigrationLock(DbConnection? connection, FileStream? file)
    {
        _connection = connection;
        _file = file;
    }

    /// <summary>Waits until this process holds the database's migration lock.</summary>
    public static MigrationLock Acquire(SqlDialect dialect, string connectionString) => dialect switch
    {
        SqlDialect.PostgreSql => AcquirePostgres(connectionString),
        SqlDialect.SqlServer => AcquireSqlServerLock(connectionString),
        SqlDialect.Sqlite => AcquireFile(connectionString),
        _ => throw new ArgumentOutOfRangeException(nameof(dialect)),
    };

    public void Dispose()
    {
        if (_connection is not null)
        {
            try
            {
                // Closing the session releases the lock as well; releasing first keeps a pooled session clean.
                _connection.Execute(_connection is SqlConnection ? ReleaseSqlServer : ReleaseSql, new { Key = AdvisoryKey });
            }
            finally
            {
                _connection.Dispose();
            }
        }

        _file?.Dispose();
    }

    private static MigrationLock AcquirePostgres(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            connection.Execute(new CommandDefinition(AcquireSql, new { Key = AdvisoryKey }, commandTimeout: (int)Timeout.TotalSeconds));
            return new MigrationLock(connection, null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static MigrationLock AcquireSqlServerLock(string connectionString)
    {
        var connection = new SqlConnection(connectionString);
        try
        {
            connection.Open();
            var result = connection.ExecuteScalar<int>(new CommandDefinition(
                AcquireSqlServer, new { TimeoutMs = (int)Timeout.TotalMilliseconds }, commandTimeout: (int)Timeout.TotalSeconds + 30));
            // 0: granted at once, 1: granted after waiting; negative: timeout, cancelled, deadlock or error.
            if (result < 0)
            {
                throw new InvalidOperationException($"The migration lock was not granted (sp_getapplock returned {result}).");
            }

            return new MigrationLock(connection, null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static MigrationLock AcquireFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource) || builder.DataSource == ":memory:")
        {
            // An in-memory database lives in one connection: nobody else can migrate it.
            return new MigrationLock(null, null);
        }

        var path = Path.GetFullPath(builder.DataSource) + ".migrate-lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            try
            {
                // .NET takes flock(LOCK_EX) for FileShare.None on Unix (a share lock on Windows); it
                // ends with the handle, also when the process dies. The file itself stays: deleting it
                // would let a third process lock a new file while a second still holds the old one.
                return new MigrationLock(null, new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another process migrates this file; a file lock cannot be awaited, so poll until the deadline.
                Thread.Sleep(TimeSpan.FromMilliseconds(100));
            }
        }
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Coordination.Data.Audit;
using Coordination.Data.Outbox;
using Dapper;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace Coordination.Data;

/// <summary>
/// What a write sees inside its unit of work: the connection and transaction, the time the unit
/// started, and the places to put its NEN 7513 entries and its events, which the unit writes in
/// the same transaction.
/// </summary>
public sealed class WriteContext
{
    private readonly List<AuditEntry> _audit = [];
    private readonly List<Func<CancellationToken, Task>> _events = [];

    internal WriteContext(DbConnection connection, DbTransaction transaction, DateTime nowUtc, CancellationToken cancellationToken)
    {
        Connection = connection;
        Transaction = transaction;
        NowUtc = nowUtc;
        CancellationToken = cancellationToken;
    }

    /// <summary>The open connection.</summary>
    public DbConnection Connection { get; }

    /// <summary>The transaction every statement of the write must join.</summary>
    public DbTransaction Transaction { get; }

    /// <summary>When the write happens (UTC), one instant for the change, its entries and its events.</summary>
    public DateTime NowUtc { get; }

    /// <summary>The request's or message's cancellation.</summary>
    public CancellationToken CancellationToken { get; }

    internal int EventCount => _events.Count;

    /// <summary>Records an access-log entry, written when the unit commits.</summary>
    public void Audit(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _audit.Add(entry);
    }

    /// <summary>Records an event, put in the outbox when the unit commits and relayed after it.</summary>
    public void Publish<T>(T message)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        _events.Add(ct => Outbox.Outbox.EnqueueAsync(Connection, Transaction, message, NowUtc, ct));
    }

    private const string LockSqlPostgreSql = "SELECT pg_advisory_xact_lock(hashtextextended(@Key, 0))";
    private const string LockSqlServer = """
        DECLARE @result int;
        EXEC @result = sp_getapplock @Resource = @Key, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 30000;
        IF @result < 0 THROW 51000, 'The lock was not granted.', 1;
        """;

    /// <summary>
    /// Holds an exclusive lock on <paramref name="key"/> until the unit commits, so that writers of
    /// the same key (one professional's diary) check and write one after the other: an advisory lock
    /// on PostgreSQL, an application lock on SQL Server. SQLite's writers already take turns.
    /// </summary>
    public async Task LockAsync(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var sql = Connection switch
        {
            NpgsqlConnection => LockSqlPostgreSql,
            SqlConnection => LockSqlServer,
            _ => null,
        };
        if (sql is not null)
        {
            await Connection.ExecuteAsync(new CommandDefinition(sql, new { Key = key }, Transaction, cancellationToken: CancellationToken));
        }
    }

    internal async Task FlushAsync()
    {
        foreach (var enqueue in _events)
        {
            await enqueue(CancellationToken);
        }

        // Last: the entries extend the audit chain under a lock on its head, held until the commit.
        if (_audit.Count > 0)
        {
            await AuditLog.WriteManyAsync(Connection, Transaction, _audit, NowUtc, CancellationToken);
        }
    }
}

/// <summary>
/// One unit of work for every write: open, begin, apply the change, write its NEN 7513 entries
/// and its events, commit, and wake the relay, in one call. A unique-key violation (two writers
/// racing for one new row) rolls the unit back and runs it again, so it sees the winner's row.
/// On SQLite, which has one writer per file and spends a disk flush on every commit, units that
/// arrive together are committed together (a group commit): the writer whose turn it is runs every
/// waiting unit in a savepoint of one transaction, each unit's failure undoes that unit alone, and
/// no caller hears "done" before the shared commit. A unit must not start another unit inside it.
/// </summary>
public sealed class UnitOfWork(Database database, OutboxSignal signal, TimeProvider time)
{
    private const int Attempts = 3;

    /// <summary>The most units one group commit takes.</summary>
    private const int MaxGroup = 64;

    private readonly ConcurrentQueue<IGroupedUnit> _waiting = new();

    /// <summary>Runs <paramref name="work"/> in one transaction and returns its result.</summary>
    public async Task<T> RunAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return database.Dialect == SqlDialect.Sqlite
                    ? await RunInGroupAsync(work, cancellationToken)
                    : await RunAloneAsync(work, cancellationToken);
            }
            catch (DbException ex) when (Database.IsUniqueViolation(ex) && attempt < Attempts)
            {
                // Someone else committed the same new row first: look again.
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction.</summary>
    public Task RunAsync(Func<WriteContext, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync<bool>(async context =>
        {
            await work(context);
            return true;
        }, cancellationToken);
    }

    /// <summary>
    /// Writes access-log entries of reads and refusals (through <see cref="Audit.AccessLogWriter"/>); the read is
    /// answered only once they are committed. On SQLite concurrent reads share one commit of their entries.
    /// </summary>
    internal Task AuditAsync(IEnumerable<AuditEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(context =>
        {
            foreach (var entry in entries)
            {
                context.Audit(entry);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<T> RunAloneAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var context = new WriteContext(connection, transaction, time.GetUtcNow().UtcDateTime, cancellationToken);
        var result = await work(context);
        await context.FlushAsync();
        await transaction.CommitAsync(cancellationToken);
        if (context.EventCount > 0)
        {
            signal.Notify();
        }

        return result;
    }

    private async Task<T> RunInGroupAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken)
    {
        var unit = new GroupedUnit<T>(work, cancellationToken);
        _waiting.Enqueue(unit);
        // Whoever has the writer's turn commits what waits; by the time this caller has it, its unit may be done.
        using (await database.WriterTurnAsync(CancellationToken.None))
        {
            while (!unit.Done.IsCompleted)
            {
                await CommitWaitingAsync();
            }
        }

        return await unit.Done;
    }

    private async Task CommitWaitingAsync()
    {
        var group = new List<IGroupedUnit>();
        while (group.Count < MaxGroup && _waiting.TryDequeue(out var next))
        {
            group.Add(next);
        }

        if (group.Count == 0)
        {
            return;
        }

        var applied = new List<IGroupedUnit>();
        var events = false;
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                var savepoint = "unit" + i.ToString(CultureInfo.InvariantCulture);
                await transaction.SaveAsync(savepoint);
                try
                {
                    events |= await group[i].ApplyAsync(connection, transaction, time.GetUtcNow().UtcDateTime);
                    await transaction.ReleaseAsync(savepoint);
                    applied.Add(group[i]);
                }
                catch (Exception ex)
                {
                    await transaction.RollbackAsync(savepoint);
                    group[i].Fail(ex);
                }
            }

            await transaction.CommitAsync(CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Nothing was committed: every unit hears why, and a unique-key race is tried again by its caller.
            foreach (var unit in group)
            {
                unit.Fail(ex);
            }

            return;
        }

        foreach (var unit in applied)
        {
            unit.Complete();
        }

        if (events)
        {
            signal.Notify();
        }
    }

    private interface IGroupedUnit
    {
        /// <summary>Applies the unit; true when it wrote events.</summary>
        Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, DateTime nowUtc);

        void Complete();

        void Fail(Exception exception);
    }

    private sealed class GroupedUnit<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken) : IGroupedUnit
    {
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Done => _done.Task;

        public async Task<bool> ApplyAsync(DbConnection connection, DbTransaction transaction, DateTime nowUtc)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var context = new WriteContext(connection, transaction, nowUtc, cancellationToken);
            _result = await work(context);
            await context.FlushAsync();
            return context.EventCount > 0;
        }

        public void Complete() => _done.TrySetResult(_result!);

        public void Fail(Exception exception) => _done.TrySetException(exception);
    }
}

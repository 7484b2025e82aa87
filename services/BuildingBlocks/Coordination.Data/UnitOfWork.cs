using System.Data.Common;
using Coordination.Data.Audit;
using Coordination.Data.Outbox;

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
/// </summary>
public sealed class UnitOfWork(Database database, OutboxSignal signal, TimeProvider time)
{
    private const int Attempts = 3;

    /// <summary>Runs <paramref name="work"/> in one transaction and returns its result.</summary>
    public async Task<T> RunAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(work, cancellationToken);
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

    /// <summary>Writes access-log entries of reads in one transaction of their own.</summary>
    public Task AuditAsync(IEnumerable<AuditEntry> entries, CancellationToken cancellationToken) =>
        RunAsync(context =>
        {
            foreach (var entry in entries)
            {
                context.Audit(entry);
            }

            return Task.CompletedTask;
        }, cancellationToken);

    private async Task<T> RunOnceAsync<T>(Func<WriteContext, Task<T>> work, CancellationToken cancellationToken)
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
}

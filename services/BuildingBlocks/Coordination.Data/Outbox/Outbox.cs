using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using Coordination.ServiceDefaults;

namespace Coordination.Data.Outbox;

/// <summary>
/// Writes an event into the outbox table inside the caller's transaction: the event exists
/// exactly when the business change it describes was committed.
/// </summary>
public static class Outbox
{
    /// <summary>How outbox bodies are written, and so how the relay reads them.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private const string InsertSql = """
        INSERT INTO outbox (id, message_type, body, correlation_id, trace_parent, created_at, attempts)
        VALUES (@Id, @MessageType, @Body, @CorrelationId, @TraceParent, @CreatedAt, 0)
        """;

    /// <summary>Adds <paramref name="message"/> to the outbox; returns the id it will be published with.</summary>
    public static async Task<Guid> EnqueueAsync<T>(
        DbConnection connection, DbTransaction transaction, T message, DateTime createdAtUtc, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var id = Guid.NewGuid();
        await connection.ExecuteAsync(new CommandDefinition(InsertSql, new
        {
            Id = id,
            MessageType = TypeName(typeof(T)),
            Body = JsonSerializer.Serialize(message, Json),
            CorrelationId = CorrelationContext.Current,
            TraceParent = Activity.Current?.Id,
            CreatedAt = createdAtUtc,
        }, transaction, cancellationToken: cancellationToken));
        return id;
    }

    internal static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

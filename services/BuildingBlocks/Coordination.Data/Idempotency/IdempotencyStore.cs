using System.Data.Common;
using Dapper;

namespace Coordination.Data.Idempotency;

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Idempotency";

    /// <summary>How long an answer is replayed for its key (default 24 hours).</summary>
    public TimeSpan Retain { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How long a first request with a key may run before a retry takes its place: only a process
    /// that died between its commit and recording its answer leaves a request running this long.
    /// </summary>
    public TimeSpan InProgressTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>A stored request under an idempotency key.</summary>
public sealed class IdempotencyRecord
{
    /// <summary>SHA-256 of the raw request body, hex.</summary>
    public string RequestHash { get; set; } = string.Empty;

    /// <summary>When the first request with the key arrived.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The answer's status; null while the first request still runs.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The answer's <c>Location</c> header.</summary>
    public string? Location { get; set; }

    /// <summary>The answer's content type.</summary>
    public string? ContentType { get; set; }

    /// <summary>The answer's body, base64, byte for byte.</summary>
    public string? Body { get; set; }
}

/// <summary>
/// Requests by (caller, route, key): the first claims the key, its completed 2xx answer is
/// stored, and a retry gets that answer again. Generic: every creating POST of every service uses it.
/// </summary>
public sealed class IdempotencyStore(Database database)
{
    private const string ClaimSql = """
        INSERT INTO idempotency_requests (caller, route, idem_key, request_hash, created_at)
        VALUES (@Caller, @Route, @Key, @RequestHash, @CreatedAt)
        ON CONFLICT DO NOTHING
        """;
    private const string ClaimSqlServer = """
        INSERT INTO idempotency_requests (caller, route, idem_key, request_hash, created_at)
        SELECT @Caller, @Route, @Key, @RequestHash, @CreatedAt
        WHERE NOT EXISTS (SELECT 1 FROM idempotency_requests WITH (UPDLOCK, HOLDLOCK) WHERE caller = @Caller AND route = @Route AND idem_key = @Key)
        """;
    private const string FindSql = """
        SELECT request_hash AS RequestHash, created_at AS CreatedAt, status_code AS StatusCode, location AS Location,
            content_type AS ContentType, body AS Body
        FROM idempotency_requests WHERE caller = @Caller AND route = @Route AND idem_key = @Key
        """;
    private const string CompleteSql = """
        UPDATE idempotency_requests SET status_code = @StatusCode, location = @Location, content_type = @ContentType, body = @Body
        WHERE caller = @Caller AND route = @Route AND idem_key = @Key
        """;
    private const string ReleaseSql = "DELETE FROM idempotency_requests WHERE caller = @Caller AND route = @Route AND idem_key = @Key AND status_code IS NULL";
    private const string ForgetSql = "DELETE FROM idempotency_requests WHERE caller = @Caller AND route = @Route AND idem_key = @Key AND created_at < @Before";

    /// <summary>
    /// Claims the key for a new request and returns null, or returns what is stored under it. An
    /// expired record, or one whose request was abandoned while running, is forgotten first.
    /// </summary>
    public async Task<IdempotencyRecord?> ClaimAsync(
        string caller, string route, string key, string requestHash, DateTime nowUtc, IdempotencyOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var id = new { Caller = caller, Route = route, Key = key };
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var claimed = await connection.ExecuteAsync(new CommandDefinition(database.Sql(ClaimSql, sqlServer: ClaimSqlServer),
                new { Caller = caller, Route = route, Key = key, RequestHash = requestHash, CreatedAt = nowUtc }, cancellationToken: cancellationToken));
            if (claimed == 1)
            {
                return null;
            }

            var existing = await connection.QuerySingleOrDefaultAsync<IdempotencyRecord>(new CommandDefinition(FindSql, id, cancellationToken: cancellationToken));
            if (existing is null)
            {
                continue;
            }

            var expired = existing.CreatedAt < nowUtc - options.Retain;
            var abandoned = existing.StatusCode is null && existing.CreatedAt < nowUtc - options.InProgressTimeout;
            if (!expired && !abandoned)
            {
                return existing;
            }

            await connection.ExecuteAsync(new CommandDefinition(ForgetSql, new { Caller = caller, Route = route, Key = key, Before = existing.CreatedAt.AddTicks(1) }, cancellationToken: cancellationToken));
        }

        throw new InvalidOperationException($"The idempotency key could not be claimed for {route}.");
    }

    /// <summary>Stores the completed answer under the key.</summary>
    public async Task CompleteAsync(string caller, string route, string key, int statusCode, string? location, string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(CompleteSql, new
        {
            Caller = caller,
            Route = route,
            Key = key,
            StatusCode = statusCode,
            Location = location,
            ContentType = contentType,
            Body = Convert.ToBase64String(body),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>Gives the key up after an answer that is not stored (not 2xx, or a failure), so a retry runs again.</summary>
    public async Task ReleaseAsync(string caller, string route, string key, CancellationToken cancellationToken)
    {
        using var turn = await database.WriterTurnAsync(cancellationToken);
        await using DbConnection connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { Caller = caller, Route = route, Key = key }, cancellationToken: cancellationToken));
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-Id</c> when it is a GUID or
/// 8 to 64 letters, digits, dots, underscores and hyphens starting with a letter or digit, else a
/// new GUID. The strict shape keeps log lines, audit entries and outbox rows free of whatever a
/// caller might smuggle in. It is echoed on the response, put in every log line's scope, on the trace, and
/// carried into outbox rows and audit entries.
/// </summary>
public sealed partial class CorrelationMiddleware(RequestDelegate next, ILogger<CorrelationMiddleware> logger)
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "X-Correlation-Id";

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsAcceptable(incoming) ? incoming : Guid.NewGuid().ToString("D");
        context.Request.Headers[HeaderName] = id;
        context.Items[HeaderName] = id;
        // Set when the response starts, so a proxied response's own copy is replaced, not doubled.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        CorrelationContext.Current = id;
        Activity.Current?.SetTag("correlation.id", id);
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    }

    /// <summary>Whether a caller's correlation id is taken as it is (otherwise a new one replaces it).</summary>
    public static bool IsAcceptable(string? id) =>
        id is not null && (Guid.TryParseExact(id, "D", out _) || SafeId().IsMatch(id));

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{7,63}\z")]
    private static partial Regex SafeId();
}

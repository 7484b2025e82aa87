using System.Diagnostics;
using System.Text.RegularExpressions;
using Coordination.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-Id</c> when it is sane,
/// else a new one. It is echoed on the response, put in every log line's scope, on the trace, and
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
        var id = SafeId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("D");
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

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex SafeId();
}

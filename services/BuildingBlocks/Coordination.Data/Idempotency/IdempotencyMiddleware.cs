using System.Security.Cryptography;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Coordination.Data.Idempotency;

/// <summary>
/// <c>Idempotency-Key</c> for every creating POST, before validation: the same caller, route
/// and key with the same raw body gets the first completed 2xx answer again, status,
/// <c>Location</c> and body byte for byte; with another body, 422; while the first still runs,
/// 409 with <c>Retry-After</c>. Answers that are not 2xx are not stored. Without the header
/// nothing is de-duplicated.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next)
{
    private const string HeaderName = IdempotencyKey.HeaderName;
    private const int MaxKeyLength = IdempotencyKey.MaxLength;

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = context.Request.Headers[HeaderName].ToString();
        if (key.Length == 0 || context.GetEndpoint()?.Metadata.GetMetadata<IdempotentAttribute>() is null || context.User.Identity?.IsAuthenticated != true)
        {
            await next(context);
            return;
        }

        if (key.Length > MaxKeyLength || key.Any(char.IsControl))
        {
            await ProblemAsync(context, StatusCodes.Status400BadRequest, $"The {HeaderName} is at most {MaxKeyLength} printable characters.");
            return;
        }

        // Resolved only here: hosts without a database (the gateway) never get this far.
        var store = context.RequestServices.GetRequiredService<IdempotencyStore>();
        var options = context.RequestServices.GetRequiredService<IOptions<IdempotencyOptions>>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var limits = context.RequestServices.GetRequiredService<RequestLimits>();
        var body = await ReadBodyAsync(context.Request, limits.MaxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            // Too large to be a request anyone may repeat: the endpoint answers its 400.
            await next(context);
            return;
        }

        var caller = context.User.Id();
        // The path itself, not the route template: a key used to withdraw one consent must not replay for another.
        var route = $"{context.Request.Method} {context.Request.Path.Value}";
        var hash = Convert.ToHexString(SHA256.HashData(body));
        var stored = await store.ClaimAsync(caller, route, key, hash, time.GetUtcNow().UtcDateTime, options.Value, context.RequestAborted);
        if (stored is not null)
        {
            await AnswerAgainAsync(context, stored, hash);
            return;
        }

        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch
        {
            await store.ReleaseAsync(caller, route, key, CancellationToken.None);
            throw;
        }
        finally
        {
            context.Response.Body = original;
        }

        var status = context.Response.StatusCode;
        if (status is >= 200 and < 300)
        {
            await store.CompleteAsync(caller, route, key, status, context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                context.Response.ContentType, buffer.ToArray(), CancellationToken.None);
        }
        else
        {
            await store.ReleaseAsync(caller, route, key, CancellationToken.None);
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private static async Task AnswerAgainAsync(HttpContext context, IdempotencyRecord stored, string hash)
    {
        if (!string.Equals(stored.RequestHash, hash, StringComparison.Ordinal))
        {
            await ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, $"This {HeaderName} was already used with a different request body.");
            return;
        }

        if (stored.StatusCode is not { } status)
        {
            context.Response.Headers.RetryAfter = "1";
            await ProblemAsync(context, StatusCodes.Status409Conflict, $"A request with this {HeaderName} is still being processed; retry after a moment.");
            return;
        }

        context.Response.StatusCode = status;
        if (stored.Location is not null)
        {
            context.Response.Headers.Location = stored.Location;
        }

        if (stored.ContentType is not null)
        {
            context.Response.ContentType = stored.ContentType;
        }

        var bytes = Convert.FromBase64String(stored.Body ?? string.Empty);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    /// <summary>The raw body, buffered so the endpoint reads it again; null when it is larger than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        request.EnableBuffering();
        using var copy = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                request.Body.Position = 0;
                return null;
            }

            copy.Write(chunk, 0, read);
        }

        request.Body.Position = 0;
        return copy.ToArray();
    }

    private static Task ProblemAsync(HttpContext context, int status, string title) =>
        context.WriteProblemAsync(new ProblemDetails { Status = status, Title = title });
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// How many header fields, header bytes and request-target characters a request may have. The
/// gateway refuses more with a problem (<see cref="UseHeaderLimits"/>). Kestrel, on every host, reads
/// twice as much (four times the target, which the gateway may percent-encode again): the gateway
/// then sees what it refuses instead of Kestrel's bare 431 or 414, and a service never refuses what
/// the gateway forwards with the headers it adds. Before, a service's Kestrel refused such a request
/// and closed the connection while the gateway still sent its body, and the caller got a 502.
/// </summary>
public static class HeaderLimits
{
    /// <summary>Header fields a request may have (Kestrel's default).</summary>
    public const int MaxHeaderCount = 100;

    /// <summary>Bytes all header fields of a request may have together (Kestrel's default).</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    /// <summary>Characters of the request target, path and query (Kestrel's default for the request line).</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Lets Kestrel read past the limits, so the gateway refuses with a problem and a service never refuses at all.</summary>
    public static IWebHostBuilder ReadPastTheHeaderLimits(this IWebHostBuilder host) =>
        host.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestHeaderCount = 2 * MaxHeaderCount;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeaderBytes;
            kestrel.Limits.MaxRequestLineSize = 4 * MaxTargetLength;
        });

    /// <summary>At the gateway: a request past a limit is answered with a 431 or 414 problem and goes no further.</summary>
    public static IApplicationBuilder UseHeaderLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var (count, bytes) = (0, 0);
            foreach (var (name, values) in request.Headers)
            {
                if (name.Equals(CorrelationMiddleware.HeaderName, StringComparison.OrdinalIgnoreCase))
                {
                    // The gateway sets that one itself (Correlation), whatever the caller sent.
                    continue;
                }

                foreach (var value in values)
                {
                    count++;
                    // As on the wire: "name: value" and its line end.
                    bytes += name.Length + (value?.Length ?? 0) + 4;
                }
            }

            var targetLength = context.Features.Get<IHttpRequestFeature>()?.RawTarget.Length ?? 0;
            var refusal = count > MaxHeaderCount || bytes > MaxHeaderBytes
                ? (Status: StatusCodes.Status431RequestHeaderFieldsTooLarge,
                    Title: $"A request has at most {MaxHeaderCount} header fields and {MaxHeaderBytes / 1024} KiB of headers; this one has {count} and {bytes} bytes.")
                : targetLength > MaxTargetLength
                    ? (Status: StatusCodes.Status414UriTooLong, Title: $"A request's path and query have at most {MaxTargetLength} characters; these have {targetLength}.")
                    : default;
            if (refusal == default)
            {
                await next(context);
                return;
            }

            await context.WriteProblemAsync(new ProblemDetails { Status = refusal.Status, Title = refusal.Title });
        });
}

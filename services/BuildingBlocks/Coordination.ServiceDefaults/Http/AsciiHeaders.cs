using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// HTTP header values are ASCII (RFC 9110). Kestrel refuses other bytes with a bare 400 that has no
/// problem body; so Kestrel is told to read them as Latin-1, which cannot fail, and this middleware
/// answers the request with a 400 problem naming the header instead.
/// </summary>
public static class AsciiHeaders
{
    /// <summary>Lets Kestrel read any header byte, so that <see cref="UseAsciiHeaders"/> can refuse it with a problem.</summary>
    public static IWebHostBuilder AcceptAnyHeaderByte(this IWebHostBuilder host) =>
        host.ConfigureKestrel(kestrel => kestrel.RequestHeaderEncodingSelector = static _ => Encoding.Latin1);

    /// <summary>Answers a request with a header value outside printable ASCII with a 400 problem naming the header.</summary>
    public static IApplicationBuilder UseAsciiHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            foreach (var (name, values) in context.Request.Headers)
            {
                if (values.Any(v => v is not null && v.Any(c => c > '~')))
                {
                    await context.WriteProblemAsync(new HttpValidationProblemDetails(new Dictionary<string, string[]>
                    {
                        [name] = ["A header value holds only ASCII characters (RFC 9110)."],
                    })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "The request is invalid.",
                    });
                    return;
                }
            }

            await next(context);
        });
}

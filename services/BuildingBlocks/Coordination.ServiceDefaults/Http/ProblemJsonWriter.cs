using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// The framework's problem writer declines when a request's <c>Accept</c> names no JSON type
/// (<c>Accept: application/xml</c>), and the status code pages then answer in plain text, the
/// problem service even throws. Every 4xx and 5xx here is an RFC 9457 problem whatever Accept says
/// (RFC 9110 lets a server ignore Accept): registered after the framework's writer, this one takes
/// what it declines and has it written as <c>application/problem+json</c> all the same.
/// </summary>
internal sealed class ProblemJsonWriter : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.HttpContext.Request.Headers.Accept = "application/problem+json";
        var writer = context.HttpContext.RequestServices.GetServices<IProblemDetailsWriter>()
            .First(w => w is not ProblemJsonWriter && w.CanWrite(context));
        return writer.WriteAsync(context);
    }
}

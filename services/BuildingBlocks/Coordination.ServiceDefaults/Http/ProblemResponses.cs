using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.ServiceDefaults.Http;

/// <summary>How a middleware answers with a problem: its status on the response, its body through the problem details service.</summary>
public static class ProblemResponses
{
    /// <summary>Answers the request with <paramref name="problem"/>, whose status it takes (500 when it has none).</summary>
    public static async Task WriteProblemAsync(this HttpContext context, ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(problem);
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
        });
    }
}

using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Coordination.ServiceDefaults.Http;

/// <summary>The one mapping of a <see cref="Refusal"/> to an RFC 9457 problem.</summary>
public static class RefusalProblems
{
    /// <summary>The status a refusal of <paramref name="kind"/> is answered with.</summary>
    public static int StatusOf(RefusalKind kind) => kind switch
    {
        RefusalKind.NotFound => StatusCodes.Status404NotFound,
        RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        RefusalKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        RefusalKind.Stale => StatusCodes.Status412PreconditionFailed,
        RefusalKind.Conflict => StatusCodes.Status409Conflict,
        RefusalKind.RuleBroken => StatusCodes.Status422UnprocessableEntity,
        RefusalKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Every kind of refusal has its status."),
    };

    /// <summary>The problem <paramref name="refusal"/> is answered with: its status and title, and its <c>rule</c> and <c>field</c> when it names them.</summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        Dictionary<string, object?>? extensions = null;
        if (refusal.Rule is not null)
        {
            extensions = new() { ["rule"] = refusal.Rule };
            if (refusal.Field is not null)
            {
                extensions["field"] = refusal.Field;
            }
        }

        return TypedResults.Problem(statusCode: StatusOf(refusal.Kind), title: refusal.Title, extensions: extensions);
    }
}

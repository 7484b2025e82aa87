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

    /// <summary>The prefix of every rule's problem <c>type</c>: a URN, stable and tied to no host (docs/adr/0021).</summary>
    public const string TypePrefix = "urn:coordination:problem:";

    /// <summary>The problem <c>type</c> of the rule <paramref name="rule"/>.</summary>
    public static string TypeOf(string rule) => TypePrefix + rule;

    /// <summary>
    /// The problem <paramref name="refusal"/> is answered with: its status, title and detail; for a
    /// named rule its <c>type</c> (<see cref="TypeOf"/>), <c>rule</c> and <c>field</c>; and its facts.
    /// </summary>
    public static ProblemHttpResult ToProblem(this Refusal refusal)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var extensions = new Dictionary<string, object?>();
        if (refusal.Rule is not null)
        {
            extensions["rule"] = refusal.Rule;
            if (refusal.Field is not null)
            {
                extensions["field"] = refusal.Field;
            }
        }

        foreach (var (name, value) in refusal.Facts)
        {
            extensions[name] = value;
        }

        return TypedResults.Problem(
            statusCode: StatusOf(refusal.Kind),
            title: refusal.Title,
            detail: refusal.Detail,
            type: refusal.Rule is null ? null : TypeOf(refusal.Rule),
            extensions: extensions.Count == 0 ? null : extensions);
    }
}

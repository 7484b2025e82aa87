using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>What the endpoints that write a part of the plan (goals, interventions, actions) share: the answers they refuse with.</summary>
internal static class PlanParts
{
    /// <summary>
    /// Why the members named (<paramref name="memberIds"/>) cannot take part, or null: an id that is
    /// a relative's is 422 (a relative is not a client), an id the family does not have is 404.
    /// </summary>
    public static Refusal? ClientsOnly(FamilyFacts facts, IEnumerable<Guid> memberIds, string what)
    {
        foreach (var id in memberIds)
        {
            if (facts.Relatives.Any(r => r.Id == id))
            {
                return Refusal.Broken(RelativeRule, $"A relative who is not a client has no {what}: name a member in care.");
            }

            if (!facts.MemberIds.Values.Contains(id))
            {
                return Refusal.NotFound("No such member of the family.");
            }
        }

        return null;
    }

    public const string RelativeRule = "member-not-a-relative";

    /// <summary>428: the update needs the part's ETag.</summary>
    public static ProblemHttpResult PreconditionRequired(string what) => Refusal.PreconditionRequired($"Send the {what}'s ETag in If-Match.").ToProblem();

    /// <summary>412: the part changed since the caller read it.</summary>
    public static ProblemHttpResult Stale(string what) => Refusal.Stale($"The {what} changed since you read it: read the plan again.").ToProblem();

    /// <summary>422: the person named is not on the team.</summary>
    public static ProblemHttpResult NotOnTeam(string field, string rule, string title) => Refusal.Broken(rule, title, field).ToProblem();

    /// <summary>The names of the fields that differ, for the change history (not their values).</summary>
    public static List<string> Changed(params (string Field, bool Differs)[] fields) =>
        fields.Where(f => f.Differs).Select(f => f.Field).ToList();

    /// <summary>Adds an error for <paramref name="field"/> when a date lies outside <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void CheckDate(DateOnly? date, string field, DateOnly from, DateOnly to, string rule, bool required, Dictionary<string, string[]> errors)
    {
        if (date is not { } d)
        {
            if (required)
            {
                errors[field] = [$"The {field} is required."];
            }
        }
        else if (d < from || d > to)
        {
            errors[field] = [rule];
        }
    }
}

namespace FamilyPlan.Api.Endpoints;

/// <summary>
/// What the endpoints that write a part of the plan (goals, interventions, actions, evaluations)
/// share in reading a request: the fields that changed, and the dates' bounds. What they refuse is
/// in <see cref="Domain.PlanPartRules"/>.
/// </summary>
internal static class PlanParts
{
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

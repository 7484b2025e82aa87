using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Coordination.ServiceDefaults.Http;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Endpoints;

/// <summary>A closure of the plan, with the relapse-prevention plan the family keeps.</summary>
public sealed record ClosureRequest(
    [Required, Description("What the family keeps after closure: the signals, what to do, whom to call.")] RelapsePlanRequest? RelapsePlan);

/// <summary>A relapse-prevention plan: the signals to watch for, what to do, whom to call.</summary>
public sealed record RelapsePlanRequest(
    [Required, Description("The signals to watch for: 1 to 10, each up to 300 characters.")] IReadOnlyList<string>? Signals,
    [Required, Description("What to do when they come: 1 to 10, each up to 300 characters.")] IReadOnlyList<string>? Steps,
    [Required, Description("Whom to call: 1 to 10.")] IReadOnlyList<RelapseContactRequest>? Contacts);

/// <summary>Whom to call when the signals come back.</summary>
public sealed record RelapseContactRequest(
    [Required, StringLength(200, MinimumLength = 1), Description("Their name, or a service's.")] string? Name,
    [Required, StringLength(200, MinimumLength = 1), Description("What they are: the GP, the wijkteam, a crisis line.")] string? Role,
    [StringLength(30), Description("A phone number: digits, spaces, +, - and parentheses.")] string? Phone);

/// <summary>The closure's request read into a relapse-prevention plan, each part checked and every error naming its field.</summary>
public static partial class EvaluationEndpoints
{
    /// <summary>The relapse-prevention plan when every part of it is valid; else the errors, each naming its field.</summary>
    private static RelapsePlan? Validate(RelapsePlanRequest? request, Dictionary<string, string[]> errors)
    {
        if (request is null)
        {
            errors["relapsePlan"] = ["The relapse-prevention plan is required."];
            return null;
        }

        var signals = Items(request.Signals, "relapsePlan.signals", errors);
        var steps = Items(request.Steps, "relapsePlan.steps", errors);
        var contacts = new List<RelapseContact>();
        if (request.Contacts is not { Count: > 0 and <= MaxItems })
        {
            errors["relapsePlan.contacts"] = [$"Name 1 to {MaxItems} people to call."];
        }
        else
        {
            for (var i = 0; i < request.Contacts.Count; i++)
            {
                var c = request.Contacts[i];
                var field = $"relapsePlan.contacts[{i}]";
                var name = TextFields.Bounded(c?.Name, $"{field}.name", 200, required: true, errors);
                var role = TextFields.Bounded(c?.Role, $"{field}.role", 200, required: true, errors);
                var phone = TextFields.Bounded(c?.Phone, $"{field}.phone", 30, required: false, errors);
                if (phone is not null && !Phone().IsMatch(phone))
                {
                    errors[$"{field}.phone"] = ["A phone number has digits, spaces, +, - and parentheses only."];
                }
                else if (name is not null && role is not null)
                {
                    contacts.Add(new RelapseContact(name, role, phone));
                }
            }
        }

        return new RelapsePlan(signals, steps, contacts);
    }

    private static List<string> Items(IReadOnlyList<string>? items, string field, Dictionary<string, string[]> errors)
    {
        var kept = new List<string>();
        if (items is not { Count: > 0 and <= MaxItems })
        {
            errors[field] = [$"Give 1 to {MaxItems}."];
            return kept;
        }

        for (var i = 0; i < items.Count; i++)
        {
            if (TextFields.Bounded(items[i], $"{field}[{i}]", 300, required: true, errors) is { } item)
            {
                kept.Add(item);
            }
        }

        return kept;
    }

    [GeneratedRegex(@"^\+?[0-9 ()\-]{3,30}$")]
    private static partial Regex Phone();
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

public sealed record RelativeRequest(
    [Required, Description("The member they are a relative of, by member id.")] Guid? RelativeOf,
    [Required, StringLength(200, MinimumLength = 1), Description("Their name.")] string? Name,
    [Required, AllowedValues("partner", "parent", "child", "sibling", "grandparent", "other"), Description("What they are to that member.")] string? Relation);

/// <summary>
/// Relatives who are not clients (issue 9): a professional who treats a member names their partner
/// or a sibling abroad. They appear beside the member, never as a member or a client.
/// </summary>
public static class RelativeEndpoints
{
    public static readonly IReadOnlyList<string> Relations = ["partner", "parent", "child", "sibling", "grandparent", "other"];

    /// <summary>The relatives' route, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapRelativeEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapPost("/{familyId:guid}/relatives", AddAsync)
            .WithName("AddPlanRelative")
            .WithSummary("A professional who treats a member names a relative of theirs who is not a client (a partner, a sibling abroad).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        return families;
    }

    private static async Task<Results<Created<RelativeView>, ValidationProblem, ProblemHttpResult>> AddAsync(
        Guid familyId, RelativeRequest request, HttpContext http, PlanStore plans, RelativeStore relatives, AccessLogWriter access, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var name = TextFields.Bounded(request.Name, "name", 200, required: true, errors);
        if (request.RelativeOf is null)
        {
            errors["relativeOf"] = ["The member they are a relative of is required."];
        }

        if (request.Relation is null || !Relations.Contains(request.Relation))
        {
            errors["relation"] = [$"Use one of: {string.Join(", ", Relations)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The relative is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        // Naming a member's relatives is part of their care: only who treats the member does it.
        var (refusal, bsn) = CareTeam.MayWritePart(facts, FamilyEndpoints.ViewerOf(http.User), request.RelativeOf);
        var entry = access.Allowed(http.User, AuditAction.Create, "family-plan", "PlanRelative", familyId.ToString(), bsn);
        if (refusal is not null)
        {
            await access.DeniedAsync(entry, ct);
            return refusal.ToProblem();
        }

        var relative = new RelativeView(Guid.NewGuid(), request.RelativeOf!.Value, name!, request.Relation!);
        await relatives.AddAsync(familyId, relative, entry with { ObjectId = relative.Id.ToString() }, FamilyEndpoints.NameOf(http.User), ct);
        return TypedResults.Created($"/api/families/{familyId}/plan", relative);
    }
}

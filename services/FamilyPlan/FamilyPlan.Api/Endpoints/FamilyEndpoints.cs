using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using FamilyPlan.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

public static class FamilyEndpoints
{
    public static IEndpointRouteBuilder MapFamilyEndpoints(this IEndpointRouteBuilder app)
    {
        var families = app.MapGroup("/api/families").WithTags("Families");
        families.MapGet("/{id:guid}/plan", GetPlanAsync)
            .WithName("GetFamilyPlan")
            .WithSummary("The one family plan: members, referrals and funding routes.");
        return app;
    }

    private static async Task<Results<Ok<FamilyPlanView>, ProblemHttpResult>> GetPlanAsync(Guid id, HttpContext http, PlanStore store, CancellationToken ct)
    {
        var user = http.User;
        // For now the referrers of the family see its plan; clinicians and the family itself
        // follow with consent. Anyone else learns nothing, not even that the family exists.
        var agb = user.Claim(ClaimNames.Agb);
        var allowed = user.HasRole(Roles.Referrers) && agb is not null && (await store.ReferrersOfAsync(id, ct)).Contains(agb);
        var plan = allowed ? await store.ReadAsync(id, ct) : null;

        AuditEntry Entry(string? bsn) =>
            user.AuditEntry(AuditAction.Read, plan is not null, "family-plan", "FamilyPlan", id.ToString(), PlanStore.SourceSystem) with
            {
                ClientBsn = bsn,
                CheckTreatmentRelationship = plan is null ? CheckResult.Failed : CheckResult.Passed,
            };

        if (plan is null)
        {
            await store.AuditAsync([Entry(null)], ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such family.");
        }

        await store.AuditAsync(plan.Members.Select(m => Entry(m.Bsn)), ct);
        return TypedResults.Ok(plan);
    }
}

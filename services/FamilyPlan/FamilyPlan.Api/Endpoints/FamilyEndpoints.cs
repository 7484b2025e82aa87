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
            .WithSummary("The one family plan: members, referrals and funding routes.")
            .WithDescription("Until consent filters the plan, a GP or POH-GGZ sees the referrals they sent and the relatives they named; "
                + "to anyone else the family does not exist (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<FamilyPlanView>, ProblemHttpResult>> GetPlanAsync(Guid id, HttpContext http, PlanStore store, CancellationToken ct)
    {
        var user = http.User;
        // Until consent filters the plan (its own issue), a GP or POH sees what they referred and
        // the relatives they named. Anyone else learns nothing, not even that the family exists.
        var agb = user.Claim(ClaimNames.Agb);
        var plan = user.HasRole(Roles.Referrers) && agb is not null ? await store.ReadForReferrerAsync(id, agb, ct) : null;

        AuditEntry Entry(MemberView? member) =>
            user.AuditEntry(AuditAction.Read, plan is not null, "family-plan", "FamilyPlan", id.ToString(), PlanStore.SourceSystem) with
            {
                ClientBsn = member?.Bsn,
                // The referrer treats the members they referred; a relative's details are what the referral itself stated.
                CheckTreatmentRelationship = member is null ? CheckResult.Failed
                    : member.IsClient ? CheckResult.Passed : CheckResult.NotApplicable,
            };

        if (plan is null)
        {
            await store.AuditAsync([Entry(null)], ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such family.");
        }

        await store.AuditAsync(plan.Members.Select(Entry), ct);
        return TypedResults.Ok(plan);
    }
}

using System.Security.Claims;
using Consent.Contracts;
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
            .WithSummary("The one family plan: members, referrals and funding routes, filtered by consent at the moment of reading.")
            .WithDescription("A GP or POH-GGZ sees the members they referred with their own referrals; a professional on the care team "
                + "(who accepted a referral) sees the clients whose referrals they accepted, with those referrals; a client sees their own part. "
                + "Another member's care data shows only when the consent service answers, now, that a consent, an emergency access "
                + "or a child-protection measure allows it; a relative the viewer's own referral named shows as name and relation only, "
                + "with consent \"not-given\" (or \"unavailable\" when the consent service did not answer in time: the read fails closed). "
                + "To a viewer who may see no one the family does not exist (404). "
                + "Each member carries the checks about them (kindcheck, oudercheck, with the Meldcode's steps) for a professional "
                + "who sees that member's care data, and always for the check's assignee; a client sees none.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>The viewer a token names: the AGB a referrer refers under, a client's BSN, anyone else's professional identity.</summary>
    private static PlanViewer ViewerOf(ClaimsPrincipal user) => new(
        user.HasRole(Roles.Referrers) ? user.Claim(ClaimNames.Agb) : null,
        user.Role() == Roles.Client ? user.Claim(ClaimNames.Bsn) : null,
        user.Role() == Roles.Client ? null : new CareProfessional(user.Id(), user.Role(), user.Claim(ClaimNames.Org), user.Claim(ClaimNames.Domain)));

    private static async Task<Results<Ok<FamilyPlanView>, ProblemHttpResult>> GetPlanAsync(
        Guid id, HttpContext http, PlanStore store, ConsentGate consent, ILoggerFactory logs, CancellationToken ct)
    {
        var user = http.User;
        var viewer = ViewerOf(user);
        var facts = await store.ReadAsync(id, ct);
        var verdicts = ConsentVerdicts.Nobody;
        if (facts is not null)
        {
            Guid? self = viewer.OwnBsn is not null && facts.MemberIds.TryGetValue(viewer.OwnBsn, out var mine) ? mine : null;
            verdicts = await consent.CheckAsync(id,
                new ConsentViewer(user.Id(), user.Role(), user.Claim(ClaimNames.Agb), user.Claim(ClaimNames.Org), self, PlanView.OnCareTeam(facts, viewer)),
                PlanView.Asked(facts, viewer), ConsentPurposes.PlanRead, ct);
            if (!verdicts.Answered)
            {
                logs.CreateLogger(typeof(FamilyEndpoints)).LogWarning(
                    "The consent service did not answer ({Failure}); plan {FamilyId} is read with every other member's data withheld", verdicts.Failure, id);
            }
        }

        var plan = facts is null ? null : PlanView.Compose(facts, viewer, verdicts);
        if (plan is null)
        {
            await store.AuditAsync([user.AuditEntry(AuditAction.Read, false, "family-plan", "FamilyPlan", id.ToString(), PlanStore.SourceSystem) with
            {
                CheckTreatmentRelationship = CheckResult.Failed,
                CheckConsent = verdicts.Answered ? CheckResult.Failed : CheckResult.Unavailable,
            }], ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such family.");
        }

        // One entry per member shown or withheld, with the checks that decided it.
        await store.AuditAsync(plan.Members.Select(member => Entry(user, id, member, facts!, viewer, verdicts)), ct);
        return TypedResults.Ok(plan);
    }

    private static AuditEntry Entry(ClaimsPrincipal user, Guid familyId, MemberView member, FamilyFacts facts, PlanViewer viewer, ConsentVerdicts verdicts)
    {
        var bsn = member.Bsn ?? facts.MemberIds.FirstOrDefault(m => m.Value == member.MemberId).Key;
        var treats = PlanView.Treats(facts, viewer, bsn);
        return user.AuditEntry(AuditAction.Read, member.Shown, "family-plan", "FamilyPlan", familyId.ToString(), PlanStore.SourceSystem) with
        {
            ClientBsn = bsn,
            CheckAuthorisation = CheckResult.Passed,
            CheckTreatmentRelationship = treats ? CheckResult.Passed : bsn == viewer.OwnBsn ? CheckResult.NotApplicable : CheckResult.Failed,
            CheckConsent = member.Consent switch
            {
                MemberConsent.Given => CheckResult.Passed,
                MemberConsent.NotGiven => CheckResult.Failed,
                MemberConsent.Unavailable => CheckResult.Unavailable,
                // An emergency read is one without consent: the consent service looks for a consent first.
                MemberConsent.EmergencyAccess => CheckResult.Failed,
                _ => CheckResult.NotApplicable,
            },
            CheckEmergencyAccess = member.Consent == MemberConsent.EmergencyAccess ? CheckResult.Passed : CheckResult.NotApplicable,
            Purpose = member.Consent == MemberConsent.ChildProtectionMeasure ? "child-protection" : "family-plan",
        };
    }
}

using System.Security.Claims;
using Consent.Contracts;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>
/// The plan itself: its read, filtered by consent at the moment of reading, and the assignee's work
/// on the checks it raised (kindcheck, oudercheck, the Meldcode's steps).
/// </summary>
public static class FamilyEndpoints
{
    /// <summary>The plan's read and the checks' routes, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapFamilyEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
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
        families.MapPost("/{familyId:guid}/tasks/{taskId:guid}/complete", CompleteTaskAsync)
            .WithName("CompleteFamilyPlanTask")
            .WithSummary("The assignee completes a kindcheck or oudercheck with its outcome; a kindcheck with concerns opens the Meldcode's five steps.")
            .WithDescription("Only the professional the check is assigned to (who accepted the referral) may complete it; to anyone else it does not exist (404). "
                + "A check is completed once: again is 409, with nothing changed, also for a retry. The answer is the check as its assignee now sees it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{familyId:guid}/tasks/{taskId:guid}/meldcode/{step:int}", MarkMeldcodeStepAsync)
            .WithName("MarkFamilyPlanMeldcodeStep")
            .WithSummary("The assignee marks one step (1 to 5) of a kindcheck's Meldcode checklist done, with a note.")
            .WithDescription("Steps 1 (map the signals), 2 (consult a colleague and, if needed, Veilig Thuis), 3 (talk with the client) and "
                + "4 (weigh the risk with the assessment framework) may be done in any order; step 5 (decide: organise help and/or report to "
                + "Veilig Thuis) only after all four (422 naming the rule). A step is marked once: again is 409. A check without a checklist, "
                + "a step outside 1 to 5, or someone other than the assignee: 404.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        // Neither takes an Idempotency-Key: each changes one row once, and a repeat is answered 409 with
        // nothing changed, which is what a retry needs to know; the key's own 409 (still running,
        // with Retry-After) would share that status in the document and could not be told apart.
        return families;
    }

    /// <summary>The viewer a token names: the AGB a referrer refers under, a client's BSN, anyone else's professional identity.</summary>
    internal static PlanViewer ViewerOf(ClaimsPrincipal user) => new(
        user.HasRole(Roles.Referrers) ? user.Claim(ClaimNames.Agb) : null,
        user.Role() == Roles.Client ? user.Claim(ClaimNames.Bsn) : null,
        user.Role() == Roles.Client ? null : new CareProfessional(user.Id(), user.Role(), user.Claim(ClaimNames.Org), user.Claim(ClaimNames.Domain)));

    /// <summary>The caller's name as the token gives it, else their user id.</summary>
    internal static string NameOf(ClaimsPrincipal user) => user.Claim(ClaimNames.Name) ?? user.Id();

    private static async Task<Results<Ok<FamilyPlanView>, ProblemHttpResult>> GetPlanAsync(
        Guid id, HttpContext http, PlanStore store, AccessLogWriter access, ConsentGate consent, ILoggerFactory logs, CancellationToken ct)
    {
        var (_, plan) = await ReadPlanAsync(id, http.User, store, access, consent, logs, ct);
        return plan is null ? PlanVisibility.NoSuchFamily.ToProblem() : TypedResults.Ok(plan);
    }

    /// <summary>
    /// The plan as <paramref name="user"/> may see it now, the consent service asked at this moment;
    /// the read is logged, one entry per member shown or withheld, or one refused entry (then the plan is null).
    /// </summary>
    internal static async Task<(FamilyFacts? Facts, FamilyPlanView? Plan)> ReadPlanAsync(
        Guid id, ClaimsPrincipal user, PlanStore store, AccessLogWriter access, ConsentGate consent, ILoggerFactory logs, CancellationToken ct)
    {
        var viewer = ViewerOf(user);
        var facts = await store.ReadAsync(id, ct);
        var verdicts = ConsentVerdicts.Nobody;
        if (facts is not null)
        {
            Guid? self = viewer.OwnBsn is not null && facts.MemberIds.TryGetValue(viewer.OwnBsn, out var mine) ? mine : null;
            verdicts = await consent.CheckAsync(id,
                new ConsentViewer(user.Id(), user.Role(), user.Claim(ClaimNames.Agb), user.Claim(ClaimNames.Org), self, PlanVisibility.OnCareTeam(facts, viewer)),
                PlanVisibility.Asked(facts, viewer), ConsentPurposes.PlanRead, ct);
            if (!verdicts.Answered)
            {
                logs.CreateLogger(typeof(FamilyEndpoints)).LogWarning(
                    "The consent service did not answer ({Failure}); plan {FamilyId} is read with every other member's data withheld", verdicts.Failure, id);
            }
        }

        var plan = facts is null ? null : PlanVisibility.Compose(facts, viewer, verdicts);
        if (plan is null)
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Read, "family-plan", "FamilyPlan", id.ToString()) with
            {
                CheckTreatmentRelationship = CheckResult.Failed,
                CheckConsent = verdicts.Answered ? CheckResult.Failed : CheckResult.Unavailable,
            }, ct);
            return (facts, null);
        }

        // One entry per member shown or withheld, with the checks that decided it.
        await access.WriteAsync(plan.Members.Select(member => Entry(access, user, id, member, facts!, viewer, verdicts)), ct);
        return (facts, plan);
    }

    private static AuditEntry Entry(AccessLogWriter access, ClaimsPrincipal user, Guid familyId, MemberView member, FamilyFacts facts, PlanViewer viewer, ConsentVerdicts verdicts)
    {
        var bsn = member.Bsn ?? facts.MemberIds.FirstOrDefault(m => m.Value == member.MemberId).Key;
        var treats = PlanVisibility.Treats(facts, viewer, bsn);
        return access.Of(user, AuditAction.Read, member.Shown, "family-plan", "FamilyPlan", familyId.ToString(), bsn) with
        {
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

    private static async Task<Results<Ok<PlanTaskView>, ValidationProblem, ProblemHttpResult>> CompleteTaskAsync(
        Guid familyId, Guid taskId, CompletePlanTaskRequest request, HttpContext http, PlanStore store, CareTaskStore tasks, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var (outcome, note, errors) = CareTaskRequests.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is invalid.");
        }

        var (facts, task, viewer, refused) = await FindOwnTaskAsync(familyId, taskId, user, store, access, AuditAction.Update, ct);
        if (refused is not null)
        {
            return refused.ToProblem();
        }

        var entry = TaskEntry(access, user, AuditAction.Update, allowed: true, facts!, task!);
        if (!await tasks.CompleteAsync(familyId, task!, outcome!, note, user.Id(), entry, ct))
        {
            return CareTaskRules.CompletedAlready.ToProblem();
        }

        return TypedResults.Ok(await AssigneeViewAsync(familyId, taskId, viewer, store, ct));
    }

    private static async Task<Results<Ok<PlanTaskView>, ValidationProblem, ProblemHttpResult>> MarkMeldcodeStepAsync(
        Guid familyId, Guid taskId, int step, PlanMeldcodeStepRequest request, HttpContext http, PlanStore store, CareTaskStore tasks, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var (note, errors) = CareTaskRequests.Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The request is invalid.");
        }

        var (facts, task, viewer, refused) = await FindOwnTaskAsync(familyId, taskId, user, store, access, AuditAction.Update, ct);
        if (refused is not null)
        {
            return refused.ToProblem();
        }

        var entry = TaskEntry(access, user, AuditAction.Update, allowed: true, facts!, task!) with { ObjectType = "MeldcodeStep" };
        if (CareTaskRules.MayMarkStep(task!, step) is { } order)
        {
            await access.WriteAsync(entry with { Outcome = CareTaskStore.Failed }, ct);
            return order.ToProblem();
        }

        if (!await tasks.MarkStepAsync(task!.Id, step, note!, user.Id(), entry, ct))
        {
            return CareTaskRules.StepDoneAlready(step).ToProblem();
        }

        return TypedResults.Ok(await AssigneeViewAsync(familyId, taskId, viewer, store, ct));
    }

    /// <summary>
    /// The task, when the caller is its assignee; otherwise the refusal to answer (not found), logged (against the
    /// task's client, who may see who tried), since nobody else learns that the task exists.
    /// </summary>
    private static async Task<(FamilyFacts? Facts, FamilyFacts.CareTask? Task, PlanViewer Viewer, Refusal? Refused)> FindOwnTaskAsync(
        Guid familyId, Guid taskId, ClaimsPrincipal user, PlanStore store, AccessLogWriter access, AuditAction action, CancellationToken ct)
    {
        var viewer = ViewerOf(user);
        var facts = await store.ReadWithoutHistoryAsync(familyId, ct);
        var task = facts?.Tasks.FirstOrDefault(t => t.Id == taskId);
        if (CareTaskRules.MayWork(facts, task, viewer) is { } refusal)
        {
            var refused = task is null
                ? access.Denied(user, action, "family-plan", "CareTask", taskId.ToString())
                : TaskEntry(access, user, action, allowed: false, facts!, task);
            await access.WriteAsync(refused with { CheckTreatmentRelationship = CheckResult.Failed }, ct);
            return (null, null, viewer, refusal);
        }

        return (facts, task, viewer, null);
    }

    /// <summary>The task as its assignee sees it now, after their change.</summary>
    private static async Task<PlanTaskView> AssigneeViewAsync(Guid familyId, Guid taskId, PlanViewer viewer, PlanStore store, CancellationToken ct) =>
        PlanVisibility.AssignedTask((await store.ReadWithoutHistoryAsync(familyId, ct))!, viewer, taskId)!;

    private static AuditEntry TaskEntry(AccessLogWriter access, ClaimsPrincipal user, AuditAction action, bool allowed, FamilyFacts facts, FamilyFacts.CareTask task) =>
        access.Of(user, action, allowed, "family-plan", "CareTask", task.Id.ToString(), facts.MemberIds.FirstOrDefault(m => m.Value == task.SubjectMemberId).Key) with
        {
            CheckTreatmentRelationship = allowed ? CheckResult.Passed : CheckResult.Failed,
        };
}

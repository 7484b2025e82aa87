using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>Why an invitation is declined or the team left; the body may be left out.</summary>
public sealed record TeamAnswerRequest(
    [StringLength(1000), Description("Why, when declining or leaving.")] string? Reason);

/// <summary>Who takes the coordinator (regisseur) role.</summary>
public sealed record CoordinatorRequest(
    [Required, StringLength(200, MinimumLength = 1), Description("The user id of the team member who takes the coordinator role.")] string? UserId);

/// <summary>
/// The changes of the care team's membership: the invitee accepts or declines, a member leaves (or
/// the coordinator removes them), the coordinator role is handed over. Each takes the team's ETag in If-Match.
/// </summary>
public static partial class TeamEndpoints
{
    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Guid id, string userId, bool accept, TeamAnswerRequest? request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct)
    {
        var (reason, problem) = ReasonOf(request);
        if (problem is not null)
        {
            return problem;
        }

        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var refusal = facts is null ? Refusal.NotFound("No such invitation.") : CareTeam.MayAnswer(facts, ViewerOf(http.User), userId);
        return await ChangeAsync(id, http, plans, access, facts, refusal, (version, entry) =>
            team.AnswerAsync(id, version, facts!.Invited.Single(t => t.UserId == userId), accept, reason, entry, FamilyEndpoints.NameOf(http.User), ct), ct);
    }

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> LeaveAsync(
        Guid id, string userId, TeamAnswerRequest? request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct)
    {
        var (reason, problem) = ReasonOf(request);
        if (problem is not null)
        {
            return problem;
        }

        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var refusal = facts is null ? Refusal.NotFound("No such family.") : CareTeam.MayRemove(facts, ViewerOf(http.User), userId);
        return await ChangeAsync(id, http, plans, access, facts, refusal, (version, entry) =>
        {
            var member = CareTeam.View(facts!).Members.Single(m => m.UserId == userId);
            return team.RemoveAsync(id, version, member, facts!.Invited.Any(t => t.UserId == userId), reason, entry, FamilyEndpoints.NameOf(http.User), ct);
        }, ct);
    }

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> HandOverAsync(
        Guid id, CoordinatorRequest request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TextFields.Bounded(request.UserId, "userId", 200, required: true, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The hand-over is invalid.");
        }

        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var refusal = facts is null ? Refusal.NotFound("No such family.") : CareTeam.MayHandOver(facts, ViewerOf(http.User), request.UserId!);
        return await ChangeAsync(id, http, plans, access, facts, refusal, (version, entry) =>
            team.HandOverAsync(id, version, CareTeam.View(facts!).Members.Single(m => m.UserId == request.UserId), entry, FamilyEndpoints.NameOf(http.User), ct), ct);
    }

    /// <summary>Refuses (logged), checks If-Match against the team's version, or makes the change and answers with the team as it is now.</summary>
    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        Guid id, HttpContext http, PlanStore plans, AccessLogWriter access, FamilyFacts? facts, Refusal? refusal, Func<int, AuditEntry, Task<bool>> change, CancellationToken ct)
    {
        if (refusal is not null)
        {
            await access.WriteAsync(access.Denied(http.User, AuditAction.Update, "care-team", "CareTeam", id.ToString()), ct);
            return refusal.ToProblem();
        }

        var ifMatch = IfMatch.Read(http.Request);
        if (!ifMatch.Given)
        {
            http.Response.Headers.ETag = IfMatch.ETagOf(facts!.TeamVersion);
            return CareTeam.VersionRequired.ToProblem();
        }

        if (!ifMatch.Matches(IfMatch.ETagOf(facts!.TeamVersion)) || !await change(facts.TeamVersion, access.Allowed(http.User, AuditAction.Update, "care-team", "CareTeam", id.ToString())))
        {
            return CareTeam.StaleTeam.ToProblem();
        }

        var now = await plans.ReadWithoutHistoryAsync(id, ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(now!.TeamVersion);
        return TypedResults.Ok(CareTeam.View(now));
    }

    private static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> CreatedAsync(Guid id, HttpContext http, PlanStore plans, CancellationToken ct)
    {
        var now = await plans.ReadWithoutHistoryAsync(id, ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(now!.TeamVersion);
        return TypedResults.Created($"/api/families/{id}/team", CareTeam.View(now));
    }

    /// <summary>The reason of an answer or a leave, trimmed; none when the body was left out.</summary>
    private static (string? Reason, ValidationProblem? Problem) ReasonOf(TeamAnswerRequest? body)
    {
        if (body is null)
        {
            return (null, null);
        }

        var errors = new Dictionary<string, string[]>();
        var reason = TextFields.Bounded(body.Reason, "reason", 1000, required: false, errors);
        return errors.Count > 0 ? (null, TypedResults.ValidationProblem(errors, title: "The reason is invalid.")) : (reason, null);
    }
}

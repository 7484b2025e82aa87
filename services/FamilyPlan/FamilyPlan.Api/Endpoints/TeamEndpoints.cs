using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Identifiers;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

public sealed record TeamInvitationRequest(
    [Required, StringLength(200, MinimumLength = 1), Description("The invitee's user id, as their token names them.")] string? UserId,
    [Required, StringLength(200, MinimumLength = 1), Description("Their name.")] string? Name,
    [Required, AllowedValues("gp", "poh", "clinician", "family-therapist", "stw", "social-domain", "youth-protection", "district-nurse"),
     Description("Their role, as their token will carry it.")] string? Role,
    [RegularExpression("^[0-9]{8}$"), Description("Their organisation's AGB code, picked from the directory.")] string? OrganisationAgb,
    [AllowedValues("youth", "adult"), Description("For a clinician: youth or adult care.")] string? Domain);

public sealed record TeamAnswerRequest(
    [StringLength(1000), Description("Why, when declining or leaving.")] string? Reason);

public sealed record CoordinatorRequest(
    [Required, StringLength(200, MinimumLength = 1), Description("The user id of the team member who takes the coordinator role.")] string? UserId);

/// <summary>One family the caller is on.</summary>
public sealed record MyFamily(Guid FamilyId);

/// <summary>One page of the families the caller is on.</summary>
public sealed record MyFamiliesPage(IReadOnlyList<MyFamily> Items, int Page, int PageSize, int Total);

/// <summary>
/// The care team (issue 9): read it, invite a professional, the invitee accepts or declines, a
/// member leaves (or the coordinator removes them), the coordinator role is handed over; and a
/// professional's own list of families. Every change takes the team's ETag in If-Match (an
/// invitation: an Idempotency-Key) and is logged.
/// </summary>
public static class TeamEndpoints
{
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapTeamEndpoints(this IEndpointRouteBuilder app)
    {
        var families = app.MapGroup("/api/families").WithTags("Families");
        families.MapGet("/", MineAsync)
            .WithName("ListMyFamilies")
            .WithSummary("The families the caller is on the care team of: referred, accepted or invited and joined. Paged.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        families.MapGet("/{id:guid}/team", ReadAsync)
            .WithName("GetCareTeam")
            .WithSummary("The care team: members (the referring practices, the professionals who accepted a referral or an invitation), invitations not yet answered, and the coordinator.")
            .WithDescription("Read by the team and by an invitee; to anyone else the family does not exist (404). The ETag is the team's version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        families.MapPost("/{id:guid}/team/invitations", InviteAsync)
            .WithName("InviteToCareTeam")
            .WithSummary("A team member invites a professional (family therapist, family-systems worker, wijkteam, youth protection, another clinician) by role and organisation.")
            .Accepts<TeamInvitationRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        families.MapPost("/{id:guid}/team/invitations/{userId}/accept", (Guid id, string userId, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct) =>
                AnswerAsync(id, userId, accept: true, http, plans, team, access, limits, ct))
            .WithName("AcceptCareTeamInvitation")
            .WithSummary("The invitee accepts: they are on the team.")
            .Accepts<TeamAnswerRequest>(isOptional: true, "application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/team/invitations/{userId}/decline", (Guid id, string userId, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct) =>
                AnswerAsync(id, userId, accept: false, http, plans, team, access, limits, ct))
            .WithName("DeclineCareTeamInvitation")
            .WithSummary("The invitee declines, with a reason.")
            .Accepts<TeamAnswerRequest>(isOptional: true, "application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/team/members/{userId}/leave", LeaveAsync)
            .WithName("LeaveCareTeam")
            .WithSummary("A member leaves the team, or the coordinator removes them: from that moment they read nothing of the family (404).")
            .Accepts<TeamAnswerRequest>(isOptional: true, "application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/coordinator", HandOverAsync)
            .WithName("HandOverCoordinator")
            .WithSummary("The coordinator hands the role to another member who joined in person; while there is none, any member takes or gives it.")
            .Accepts<CoordinatorRequest>("application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static PlanViewer ViewerOf(ClaimsPrincipal user) => FamilyEndpoints.ViewerOf(user);

    private static async Task<Results<Ok<MyFamiliesPage>, ValidationProblem, ProblemHttpResult>> MineAsync(
        int? page, int? pageSize, HttpContext http, TeamStore team, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(CareTeam.InvitableRoles))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only care professionals are on care teams.");
        }

        var errors = new Dictionary<string, string[]>();
        var paging = Paging.Read(page, pageSize, 20, MaxPageSize, "families", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The list query is invalid.");
        }

        var (ids, total) = await team.MineAsync(user.Id(), user.Role(), user.HasRole(Roles.Referrers) ? user.Claim(ClaimNames.Agb) : null, paging.Skip, paging.Size, ct);
        return TypedResults.Ok(new MyFamiliesPage(ids.Select(i => new MyFamily(i)).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> ReadAsync(Guid id, HttpContext http, PlanStore plans, AccessLogWriter access, CancellationToken ct)
    {
        var viewer = ViewerOf(http.User);
        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var allowed = facts is not null && viewer.Professional is { } p
            && (PlanView.OnCareTeam(facts, viewer) || facts.Invited.Any(t => t.UserId == p.UserId && t.Status == TeamStatuses.Invited));
        await access.WriteAsync(access.Of(http.User, AuditAction.Read, allowed, "care-team", "CareTeam", id.ToString()), ct);
        if (!allowed)
        {
            return NotFound();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(facts!.TeamVersion);
        return TypedResults.Ok(CareTeam.View(facts));
    }

    private static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid id, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<TeamInvitationRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        TextFields.Bounded(request!.UserId, "userId", 200, required: true, errors);
        TextFields.Bounded(request.Name, "name", 200, required: true, errors);
        if (request.Role is null || !CareTeam.InvitableRoles.Contains(request.Role))
        {
            errors["role"] = [$"Use one of: {string.Join(", ", CareTeam.InvitableRoles)}."];
        }

        if (request.OrganisationAgb is not null && !DutchIdentifiers.IsValidAgb(request.OrganisationAgb))
        {
            errors["organisationAgb"] = ["An organisation is named by its 8-digit AGB code."];
        }

        if (request.Domain is not null and not ("youth" or "adult"))
        {
            errors["domain"] = ["Use youth or adult."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The invitation is invalid.");
        }

        var invitation = new TeamInvitation(request.UserId!.Trim(), request.Name!.Trim(), request.Role!, request.OrganisationAgb, request.Domain);
        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var refusal = facts is null ? Refusal.NotFound("No such family.") : CareTeam.MayInvite(facts, ViewerOf(http.User), invitation);
        if (refusal is not null)
        {
            await access.WriteAsync(access.Denied(http.User, AuditAction.Create, "care-team", "CareTeam", id.ToString()), ct);
            return refusal.ToProblem();
        }

        var again = facts!.Invited.Any(t => t.UserId == invitation.UserId);
        if (!await team.InviteAsync(id, facts.TeamVersion, invitation, again, access.Allowed(http.User, AuditAction.Create, "care-team", "CareTeam", id.ToString()),
            FamilyEndpoints.NameOf(http.User), ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The team changed while inviting: read it and try again.");
        }

        return await CreatedAsync(id, http, plans, ct);
    }

    private static async Task<Results<Ok<TeamView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Guid id, string userId, bool accept, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var (reason, problem) = await ReasonAsync(http, limits, ct);
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
        Guid id, string userId, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var (reason, problem) = await ReasonAsync(http, limits, ct);
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
        Guid id, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<CoordinatorRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        TextFields.Bounded(request!.UserId, "userId", 200, required: true, errors);
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
            return TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Send the team's ETag in If-Match.");
        }

        if (!ifMatch.Matches(IfMatch.ETagOf(facts!.TeamVersion)) || !await change(facts.TeamVersion, access.Allowed(http.User, AuditAction.Update, "care-team", "CareTeam", id.ToString())))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The team changed since you read it: read it again.");
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

    private static async Task<(string? Reason, ValidationProblem? Problem)> ReasonAsync(HttpContext http, RequestLimits limits, CancellationToken ct)
    {
        if (http.Request.ContentLength is not > 0 && !http.Request.HasJsonContentType())
        {
            return (null, null);
        }

        var (body, problem) = await JsonBody.ReadAsync<TeamAnswerRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return (null, problem);
        }

        var errors = new Dictionary<string, string[]>();
        var reason = TextFields.Bounded(body!.Reason, "reason", 1000, required: false, errors);
        return errors.Count > 0 ? (null, TypedResults.ValidationProblem(errors, title: "The reason is invalid.")) : (reason, null);
    }


    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such family.");
}

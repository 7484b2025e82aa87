using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Identifiers;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>An invitation to the care team, as a team member sends it.</summary>
public sealed record TeamInvitationRequest(
    [Required, StringLength(200, MinimumLength = 1), Description("The invitee's user id, as their token names them.")] string? UserId,
    [Required, StringLength(200, MinimumLength = 1), Description("Their name.")] string? Name,
    [Required, AllowedValues("gp", "poh", "clinician", "family-therapist", "stw", "social-domain", "youth-protection", "district-nurse"),
     Description("Their role, as their token will carry it.")] string? Role,
    [RegularExpression("^[0-9]{8}$"), Description("Their organisation's AGB code, picked from the directory.")] string? OrganisationAgb,
    [AllowedValues("youth", "adult"), Description("For a clinician: youth or adult care.")] string? Domain);

/// <summary>One family the caller is on.</summary>
public sealed record MyFamily(Guid FamilyId);

/// <summary>One page of the families the caller is on, in id order.</summary>
/// <param name="Items">The families of this page.</param>
/// <param name="NextCursor">Pass it back as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record MyFamiliesPage(IReadOnlyList<MyFamily> Items, string? NextCursor);

/// <summary>
/// The care team (issue 9): read it, invite a professional, the invitee accepts or declines, a
/// member leaves (or the coordinator removes them), the coordinator role is handed over; and a
/// professional's own list of families. Every change takes the team's ETag in If-Match (an
/// invitation: an Idempotency-Key) and is logged.
/// </summary>
public static partial class TeamEndpoints
{
    /// <summary>The most families one page of <c>GET /api/families</c> lists.</summary>
    public const int MaxLimit = 100;

    /// <summary>How many families a page of <c>GET /api/families</c> lists when the caller gives no limit.</summary>
    public const int DefaultLimit = 20;

    /// <summary>The care team's routes and the caller's families, on the <c>/api/families</c> group <see cref="FamilyPlanApi.MapFamilyPlanApi"/> made.</summary>
    public static RouteGroupBuilder MapTeamEndpoints(RouteGroupBuilder families)
    {
        ArgumentNullException.ThrowIfNull(families);
        families.MapGet("/", MineAsync)
            .WithPaging("families", DefaultLimit, MaxLimit)
            .WithName("ListMyFamilies")
            .WithSummary("The families the caller is on the care team of: referred, accepted or invited and joined. Paged.")
            .WithDescription($"In family id order. Paged with limit (1 to {MaxLimit}, {DefaultLimit} when left out) and an opaque cursor: pass the page's "
                + "nextCursor back as cursor for the next page; nextCursor is null on the last page. A bad limit or cursor is a 400 naming it.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        families.MapGet("/{id:guid}/team", ReadAsync)
            .WithName("GetCareTeam")
            .WithSummary("The care team: members (the referring practices, the professionals who accepted a referral or an invitation), invitations not yet answered, and the coordinator.")
            .WithDescription("Read by the team and by an invitee; to anyone else the family does not exist (404). The ETag is the team's version.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        families.MapPost("/{id:guid}/team/invitations", InviteAsync)
            .WithName("InviteToCareTeam")
            .WithSummary("A team member invites a professional (family therapist, family-systems worker, wijkteam, youth protection, another clinician) by role and organisation.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithIdempotencyKey();
        families.MapPost("/{id:guid}/team/invitations/{userId}/accept", (Guid id, string userId, TeamAnswerRequest? request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct) =>
                AnswerAsync(id, userId, accept: true, request, http, plans, team, access, ct))
            .WithName("AcceptCareTeamInvitation")
            .WithSummary("The invitee accepts: they are on the team.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/team/invitations/{userId}/decline", (Guid id, string userId, TeamAnswerRequest? request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct) =>
                AnswerAsync(id, userId, accept: false, request, http, plans, team, access, ct))
            .WithName("DeclineCareTeamInvitation")
            .WithSummary("The invitee declines, with a reason.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/team/members/{userId}/leave", LeaveAsync)
            .WithName("LeaveCareTeam")
            .WithSummary("A member leaves the team, or the coordinator removes them: from that moment they read nothing of the family (404).")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        families.MapPost("/{id:guid}/coordinator", HandOverAsync)
            .WithName("HandOverCoordinator")
            .WithSummary("The coordinator hands the role to another member who joined in person; while there is none, any member takes or gives it.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return families;
    }

    private static PlanViewer ViewerOf(ClaimsPrincipal user) => FamilyEndpoints.ViewerOf(user);

    private static async Task<Results<Ok<MyFamiliesPage>, ValidationProblem, ProblemHttpResult>> MineAsync(
        string? limit, string? cursor, HttpContext http, TeamStore team, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(CareTeam.InvitableRoles))
        {
            return CareTeam.NotAProfessional.ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        // The list is in family id order, the id its one sort key.
        var request = PageRequest.Read(limit, cursor, 1, DefaultLimit, MaxLimit, errors);
        var after = request.Position(c => c.Id(0), errors);

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The list query is invalid.");
        }

        // One more than asked tells whether another page follows, without an empty last page.
        var ids = await team.MineAsync(user.Id(), user.Role(), user.HasRole(Roles.Referrers) ? user.Claim(ClaimNames.Agb) : null, after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(ids, i => PageCursor.After(i));
        return TypedResults.Ok(new MyFamiliesPage(page.Select(i => new MyFamily(i)).ToList(), nextCursor));
    }

    private static async Task<Results<Ok<TeamView>, ProblemHttpResult>> ReadAsync(Guid id, HttpContext http, PlanStore plans, AccessLogWriter access, CancellationToken ct)
    {
        var facts = await plans.ReadWithoutHistoryAsync(id, ct);
        var refusal = CareTeam.MayRead(facts, ViewerOf(http.User));
        await access.WriteAsync(access.Of(http.User, AuditAction.Read, refusal is null, "care-team", "CareTeam", id.ToString()), ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(facts!.TeamVersion);
        return TypedResults.Ok(CareTeam.View(facts));
    }

    private static async Task<Results<Created<TeamView>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        Guid id, TeamInvitationRequest request, HttpContext http, PlanStore plans, TeamStore team, AccessLogWriter access, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        TextFields.Bounded(request.UserId, "userId", 200, required: true, errors);
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
            return CareTeam.ChangedWhileInviting.ToProblem();
        }

        return await CreatedAsync(id, http, plans, ct);
    }
}

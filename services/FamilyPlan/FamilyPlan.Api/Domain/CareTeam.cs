using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Domain;

/// <summary>The statuses of an invitation to the care team.</summary>
public static class TeamStatuses
{
    public const string Invited = "invited";
    public const string Active = "active";
    public const string Declined = "declined";
    public const string Left = "left";
}

/// <summary>One member of the care team as the team reads it.</summary>
/// <param name="UserId">Their user id; none for a referring practice, which is on the team by its AGB code.</param>
/// <param name="Name">Their name (a practice's name for a referrer).</param>
/// <param name="Role">Their role: a token role (clinician, family-therapist, stw, …) or <c>referrer</c>.</param>
/// <param name="Agb">A referrer's AGB code.</param>
/// <param name="OrganisationAgb">Their organisation's AGB code.</param>
/// <param name="Domain">A clinician's domain.</param>
/// <param name="Basis">How they joined: <c>referrer</c>, <c>accepted-referral</c> or <c>invitation</c>.</param>
/// <param name="Status"><c>active</c>, or for an invitation not yet answered <c>invited</c>.</param>
/// <param name="Since">When they joined, or were invited.</param>
/// <param name="Coordinator">Whether they hold the coordinator (regisseur) role.</param>
public sealed record TeamMemberView(
    string? UserId, string Name, string Role, string? Agb, string? OrganisationAgb, string? Domain, string Basis, string Status, DateTime Since, bool Coordinator);

/// <summary>The care team: its members, the invitations not yet answered, and the coordinator.</summary>
public sealed record TeamView(Guid FamilyId, IReadOnlyList<TeamMemberView> Members, IReadOnlyList<TeamMemberView> Invitations, TeamMemberView? Coordinator);

/// <summary>An invitation to the team, as a team member asks for it.</summary>
public sealed record TeamInvitation(string UserId, string Name, string Role, string? OrganisationAgb, string? Domain);

/// <summary>A person who may be named responsible for part of the plan: the caller, or a person on the team.</summary>
public sealed record TeamPerson(string UserId, string Name, string Role, string? OrganisationAgb, string? Domain);

/// <summary>
/// The care team (issue 9) from the plan's facts: the referring practices, the professionals who
/// accepted a referral, and those who accepted an invitation; one coordinator. Who may change it,
/// decided in one place, each refusal a <see cref="Refusal"/> with its reason. Pure.
/// </summary>
public static class CareTeam
{
    public const string ByReferral = "referrer";
    public const string ByAcceptance = "accepted-referral";
    public const string ByInvitation = "invitation";

    /// <summary>The roles a team member may invite: the care professions (not financiers, not clients).</summary>
    public static readonly IReadOnlyList<string> InvitableRoles = Roles.Care;

    /// <summary>The team as it stands.</summary>
    public static TeamView View(FamilyFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var members = Members(facts);
        var invitations = facts.Invited.Where(t => t.Status == TeamStatuses.Invited)
            .Select(t => new TeamMemberView(t.UserId, t.Name, t.Role, null, t.OrganisationAgb, t.Domain, ByInvitation, TeamStatuses.Invited, t.InvitedAt, false))
            .ToList();
        return new TeamView(facts.FamilyId, members, invitations, members.FirstOrDefault(m => m.Coordinator));
    }

    /// <summary>The coordinator as the plan shows them, or null.</summary>
    public static TeamMemberView? Coordinator(FamilyFacts facts) => Members(facts).FirstOrDefault(m => m.Coordinator);

    /// <summary>Whether <paramref name="userId"/> is an active member who joined as a person (by acceptance or invitation) and has not left.</summary>
    public static bool IsPersonOnTeam(FamilyFacts facts, string userId)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return Members(facts).Any(m => m.UserId == userId);
    }

    /// <summary>
    /// The person <paramref name="userId"/> names when they may be responsible for part of the plan
    /// (own a goal, an intervention, an action): the caller (<paramref name="viewer"/>, named
    /// <paramref name="viewerName"/>), or a person on the team; else null.
    /// </summary>
    public static TeamPerson? Person(FamilyFacts facts, PlanViewer viewer, string viewerName, string userId)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (viewer.Professional is { } p && p.UserId == userId)
        {
            return new TeamPerson(userId, viewerName, p.Role, p.Organisation, p.Domain);
        }

        var member = Members(facts).FirstOrDefault(m => m.UserId == userId);
        return member is null ? null : new TeamPerson(userId, member.Name, member.Role, member.OrganisationAgb, member.Domain);
    }

    /// <summary>The answer to someone who asks for their families but is no care professional.</summary>
    public static readonly Refusal NotAProfessional = Refusal.Forbidden("Only care professionals are on care teams.");

    /// <summary>The answer to an invitation when the team changed while it was made.</summary>
    public static readonly Refusal ChangedWhileInviting = Refusal.Conflict("The team changed while inviting: read it and try again.");

    /// <summary>The answer to a change of the team sent without the team's version.</summary>
    public static readonly Refusal VersionRequired = Refusal.PreconditionRequired("Send the team's ETag in If-Match.");

    /// <summary>The answer to a change of the team made on a version that is no longer the team's.</summary>
    public static readonly Refusal StaleTeam = Refusal.Stale("The team changed since you read it: read it again.");

    /// <summary>
    /// Whether <paramref name="viewer"/> may read the team: a professional on it, or one invited to
    /// it who has not answered yet. To anyone else the family does not exist.
    /// </summary>
    public static Refusal? MayRead(FamilyFacts? facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return facts is not null && viewer.Professional is { } p
            && (PlanVisibility.OnCareTeam(facts, viewer) || facts.Invited.Any(t => t.UserId == p.UserId && t.Status == TeamStatuses.Invited))
            ? null
            : PlanVisibility.NoSuchFamily;
    }

    /// <summary>Whether <paramref name="viewer"/> may invite: a professional on the team. A refusal otherwise.</summary>
    public static Refusal? MayInvite(FamilyFacts facts, PlanViewer viewer, TeamInvitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        if (viewer.Professional is null || !PlanVisibility.OnCareTeam(facts, viewer))
        {
            return NotFound;
        }

        var row = facts.Invited.FirstOrDefault(t => t.UserId == invitation.UserId);
        return IsPersonOnTeam(facts, invitation.UserId) || row?.Status == TeamStatuses.Invited
            ? Refusal.Conflict("This professional is on the team or invited already.")
            : null;
    }

    /// <summary>Whether <paramref name="viewer"/> may answer the invitation of <paramref name="userId"/>: only the invitee, once.</summary>
    public static Refusal? MayAnswer(FamilyFacts facts, PlanViewer viewer, string userId)
    {
        var row = facts.Invited.FirstOrDefault(t => t.UserId == userId);
        if (row is null || viewer.Professional is not { } p || p.UserId != userId || p.Role != row.Role)
        {
            return NotFound;
        }

        return row.Status == TeamStatuses.Invited ? null : Refusal.Conflict($"The invitation was answered already: {row.Status}.");
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> may take <paramref name="userId"/> off the team: the member
    /// themselves, or the coordinator. The coordinator hands the role over before leaving.
    /// </summary>
    public static Refusal? MayRemove(FamilyFacts facts, PlanViewer viewer, string userId)
    {
        if (viewer.Professional is not { } p || !PlanVisibility.OnCareTeam(facts, viewer) || !IsPersonOnTeam(facts, userId))
        {
            return NotFound;
        }

        if (p.UserId != userId && facts.CoordinatorUserId != p.UserId)
        {
            return Refusal.Forbidden("A member leaves the team themselves, or the coordinator removes them.");
        }

        return facts.CoordinatorUserId == userId
            ? Refusal.Conflict("The coordinator hands the role over before leaving the team.")
            : null;
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> may make <paramref name="userId"/> the coordinator: the
    /// coordinator hands over; while there is none, any member may take or give the role. The new
    /// coordinator is a person on the team.
    /// </summary>
    public static Refusal? MayHandOver(FamilyFacts facts, PlanViewer viewer, string userId)
    {
        if (viewer.Professional is not { } p || !PlanVisibility.OnCareTeam(facts, viewer))
        {
            return NotFound;
        }

        if (facts.CoordinatorUserId is { } current && current != p.UserId)
        {
            return Refusal.Forbidden("Only the coordinator hands the role over.");
        }

        if (!IsPersonOnTeam(facts, userId))
        {
            return Refusal.Broken(FamilyPlanRules.CoordinatorOnTeam, "The coordinator is a member of the care team who joined in person.");
        }

        return facts.CoordinatorUserId == userId ? Refusal.Conflict("They hold the role already.") : null;
    }

    /// <summary>
    /// Who may write a member's part of the plan (a goal, an outcome, a relative) or the family's:
    /// a professional on the team; for a member's part one who treats the member, or the part's
    /// owner (<paramref name="ownerUserId"/>, for a change). Returns the refusal, and the member's
    /// BSN for the access log.
    /// </summary>
    public static (Refusal? Refusal, string? Bsn) MayWritePart(FamilyFacts? facts, PlanViewer viewer, Guid? memberId, string? ownerUserId = null)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (facts is null || viewer.Professional is null || !PlanVisibility.OnCareTeam(facts, viewer))
        {
            return (NotFound, null);
        }

        if (facts.Closure is not null)
        {
            return (Closed, null);
        }

        if (memberId is not { } member)
        {
            return (null, null);
        }

        var bsn = facts.MemberIds.FirstOrDefault(m => m.Value == member).Key;
        if (bsn is null)
        {
            return (NotFound, null);
        }

        return PlanVisibility.Treats(facts, viewer, bsn) || ownerUserId == viewer.Professional.UserId
            ? (null, bsn)
            : (Refusal.Forbidden("Only a professional who treats the member changes their part of the plan."), bsn);
    }

    private static readonly Refusal NotFound = Refusal.NotFound("No such family, or no such member of its team.");

    /// <summary>The answer to a change of a closed plan.</summary>
    public static readonly Refusal Closed = Refusal.Conflict("The plan is closed: its parts are kept as they were.", FamilyPlanRules.PlanClosed);

    /// <summary>The answer to closing a plan that is closed already.</summary>
    public static readonly Refusal ClosedAlready = Refusal.Conflict("The plan is closed already.", FamilyPlanRules.PlanClosed);

    /// <summary>
    /// Whether <paramref name="viewer"/> may close the plan: the coordinator; while there is none,
    /// any professional on the team.
    /// </summary>
    public static Refusal? MayClose(FamilyFacts? facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        if (facts is null || viewer.Professional is not { } p || !PlanVisibility.OnCareTeam(facts, viewer))
        {
            return NotFound;
        }

        if (facts.Closure is not null)
        {
            return ClosedAlready;
        }

        return facts.CoordinatorUserId is { } coordinator && coordinator != p.UserId
            ? Refusal.Forbidden("The coordinator closes the plan.")
            : null;
    }

    private static List<TeamMemberView> Members(FamilyFacts facts)
    {
        var left = facts.Invited.Where(t => t.Status == TeamStatuses.Left).Select(t => t.UserId).ToHashSet(StringComparer.Ordinal);
        var members = new List<TeamMemberView>();
        foreach (var referrer in facts.Referrals.GroupBy(r => r.ReferrerAgb, StringComparer.Ordinal))
        {
            var first = referrer.MinBy(r => r.SubmittedAt)!;
            members.Add(new TeamMemberView(null, first.ReferrerName ?? referrer.Key, ByReferral, referrer.Key, null, null, ByReferral, TeamStatuses.Active, first.SubmittedAt, false));
        }

        foreach (var accepted in facts.CareTeam.Where(m => !left.Contains(m.UserId)).GroupBy(m => m.UserId, StringComparer.Ordinal))
        {
            var first = accepted.MinBy(m => m.JoinedAt)!;
            members.Add(new TeamMemberView(first.UserId, first.Name, first.Role, first.Agb, first.OrganisationAgb, first.Domain, ByAcceptance,
                TeamStatuses.Active, first.JoinedAt, facts.CoordinatorUserId == first.UserId));
        }

        foreach (var invited in facts.Invited.Where(t => t.Status == TeamStatuses.Active && members.All(m => m.UserId != t.UserId)))
        {
            members.Add(new TeamMemberView(invited.UserId, invited.Name, invited.Role, null, invited.OrganisationAgb, invited.Domain, ByInvitation,
                TeamStatuses.Active, invited.AnsweredAt ?? invited.InvitedAt, facts.CoordinatorUserId == invited.UserId));
        }

        return members;
    }
}

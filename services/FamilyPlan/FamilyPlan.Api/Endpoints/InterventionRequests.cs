using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FamilyPlan.Api.Endpoints;

/// <summary>An intervention as a team member plans it.</summary>
public sealed record InterventionRequest(
    [Description("The member it is for, by member id; left out, it is the family's.")] Guid? MemberId,
    [Description("For the family's: the members who take part, by member id (at most 20).")] IReadOnlyList<Guid>? ParticipantIds,
    [Required, AllowedValues("individual-treatment", "family-therapy", "family-sessions", "respite-care", "support-at-home", "nursing-home-admission", "other"),
        Description("The kind of care: what the funding route decides on.")] string? Kind,
    [Required, StringLength(200, MinimumLength = 1), Description("What it is, e.g. six family sessions.")] string? Title,
    [StringLength(2000), Description("More about it.")] string? Description,
    [Required, StringLength(200, MinimumLength = 1), Description("The responsible team member, by user id: one who joined in person, or the caller.")] string? ResponsibleUserId,
    [Required, Description("When it starts: from a year ago up to three years ahead.")] DateOnly? StartOn,
    [Description("When it is planned to end: not before the start.")] DateOnly? EndOn,
    [Range(1, 200), Description("How many sessions are planned, if counted in sessions.")] int? PlannedSessions);

/// <summary>A change of an intervention: only what is sent changes.</summary>
public sealed record InterventionUpdate(
    [StringLength(200, MinimumLength = 1), Description("What it is.")] string? Title,
    [StringLength(2000), Description("More about it.")] string? Description,
    [StringLength(200, MinimumLength = 1), Description("A new responsible team member, by user id.")] string? ResponsibleUserId,
    [Description("A new start.")] DateOnly? StartOn,
    [Description("When it ends or ended: not before the start. Ending without one ends it today.")] DateOnly? EndOn,
    [Range(1, 200), Description("How many sessions are planned.")] int? PlannedSessions,
    [AllowedValues("planned", "active", "ended", "cancelled"), Description("planned, then active, then ended; planned or active may be cancelled.")] string? Status);

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MdoScheduling.Api.Endpoints;

// Requests as they arrive: everything nullable, so a missing field is reported by name.

public sealed record MdoRequest(
    [Required, Description("The family the MDO is about.")] Guid? FamilyId,
    [Required, StringLength(500, MinimumLength = 1), Description("What the MDO is for; shown to its participants, never in the invitation.")] string? Purpose,
    [Required, Description("The member ids of the family members to be discussed: every professional invited needs their mdo consent.")] IReadOnlyList<Guid>? Members,
    [Description("User ids of the professionals who must come; the organiser (the caller) always must.")] IReadOnlyList<string>? Required,
    [Description("User ids of the professionals who may come.")] IReadOnlyList<string>? Optional,
    [Description("Member ids of family members invited to take part.")] IReadOnlyList<Guid>? Family,
    [Required, Range(15, 240), Description("How long, in minutes: 15 to 240.")] int? DurationMinutes,
    [Required, Description("First Amsterdam day of the window: today or later.")] DateOnly? From,
    [Required, Description("Last Amsterdam day of the window: at most 90 days from From.")] DateOnly? Until,
    [Description("For booking: the start chosen (ISO 8601 with offset), within the window, when every required participant is free.")] DateTimeOffset? Start);

public sealed record AnswerRequest(
    [Required, AllowedValues("accepted", "declined"), Description("accepted or declined.")] string? Answer,
    [StringLength(1000), Description("Why; required when declining.")] string? Reason);

public sealed record RescheduleRequest([Required, Description("The new start (ISO 8601 with offset), when every required participant is free.")] DateTimeOffset? Start);

public sealed record CancelRequest([StringLength(1000), Description("Why; shown to the participants.")] string? Reason);

public sealed record AttendanceInput(
    [Required, Description("A professional participant's user id.")] string? ParticipantId,
    [Required, Description("Whether they attended.")] bool? Attended,
    [Range(0, 480), Description("The minutes they spent, 0 to 480; 0 when not attended.")] int? Minutes);

public sealed record DecisionInput(
    [Required, StringLength(1000, MinimumLength = 1), Description("What was decided: the plan action's title.")] string? Text,
    [Required, Description("Who carries it out: a professional who took part, by user id.")] string? OwnerUserId,
    [Required, Description("When it is due: the day of the MDO or later, at most three years on.")] DateOnly? DueOn,
    [Description("The member it is for, one of those discussed; left out, it is the family's.")] Guid? MemberId);

public sealed record MdoOutcomeRequest(
    [Required, Description("Whether the client was present: then no participant's time is consultation between colleagues.")] bool? ClientPresent,
    [Required, Description("Per professional participant: attended and minutes.")] IReadOnlyList<AttendanceInput>? Attendance,
    [Required, Description("The decisions; each becomes an action in the family plan.")] IReadOnlyList<DecisionInput>? Decisions);

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace MdoScheduling.Api.Endpoints;

public sealed record HoursInput(
    [Required, AllowedValues("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), Description("The weekday.")] string? Day,
    [Required, Description("From, Amsterdam time, HH:mm on the quarter hour.")] string? From,
    [Required, Description("Until, Amsterdam time, HH:mm on the quarter hour; after From.")] string? To);

public sealed record HoursRequest([Required, Description("The working hours per weekday; a weekday left out is not worked. At most three spans a day.")] IReadOnlyList<HoursInput>? Hours);

public sealed record BusyRequest(
    [Required, Description("Start (ISO 8601 with offset).")] DateTimeOffset? Start,
    [Required, Description("End (ISO 8601 with offset), after Start, at most 14 days on.")] DateTimeOffset? End);

public sealed record HoursView(string Day, string From, string To);

public sealed record BusyView(Guid? Id, DateTimeOffset Start, DateTimeOffset End, string Source);

public sealed record CalendarView(string UserId, string Name, string Role, IReadOnlyList<HoursView> Hours, IReadOnlyList<BusyView> Busy, int Version);

public sealed record UploadView(int Periods, DateTimeOffset From, DateTimeOffset Until);

using System.Globalization;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>
/// A professional's own calendar (issue 11): working hours per weekday in Amsterdam time, and busy
/// time given one period at a time or uploaded from their own calendar as iCalendar or free/busy.
/// MDOs booked here count as busy by themselves. Only the professional reads or changes it.
/// The routes and the read are here; the working hours, the busy periods and the upload are in files of their own.
/// </summary>
public static partial class CalendarEndpoints
{
    private const string Purpose = "mdo-calendar";

    /// <summary>The calendar routes, on the <c>/api/mdos/calendar</c> group <see cref="MdoSchedulingApi.MapMdoSchedulingApi"/> made.</summary>
    public static RouteGroupBuilder MapCalendar(RouteGroupBuilder calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        calendar.MapGet("", ReadAsync)
            .WithName("ReadMyCalendar")
            .WithSummary("My working hours and busy time over the coming 90 days, MDOs booked here included.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calendar.MapPut("/hours", SetHoursAsync)
            .WithName("SetMyWorkingHours")
            .WithSummary("Sets my working hours per weekday (Amsterdam time); the search finds MDO slots only within them.");
        calendar.MapPost("/busy", AddBusyAsync)
            .WithName("AddMyBusyTime")
            .WithSummary("Adds a period in which I am not free.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithIdempotencyKey();
        calendar.MapDelete("/busy/{busyId:guid}", DeleteBusyAsync)
            .WithName("DeleteMyBusyTime")
            .WithSummary("Removes a period I added.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calendar.MapPut("/upload", UploadAsync)
            .WithName("UploadMyCalendar")
            .WithSummary("Replaces my uploaded busy time with that of an iCalendar file (events, or VFREEBUSY) from my own calendar.")
            .WithDescription("Send the file as text/calendar. Events marked TRANSPARENT or CANCELLED are free; recurrences are expanded over the coming 90 days. "
                + "A file that is not iCalendar is a 400 naming the line.")
            .Accepts<string>("text/calendar")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return calendar;
    }

    private static async Task<Results<Ok<CalendarView>, ProblemHttpResult>> ReadAsync(HttpContext http, CalendarStore calendars, TimeProvider time, CancellationToken ct)
    {
        if (MdoRefusals.MayKeepCalendar(http.User.Role()) is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (await calendars.FindAsync(http.User.Id(), ct) is not { } row)
        {
            return MdoRefusals.NoCalendarYet.ToProblem();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var busy = await calendars.BusyAsync(row.UserId, new Period(now, now.AddDays(MdoLimits.MaxWindowDays)), null, ct);
        return TypedResults.Ok(View(row, busy));
    }

    private static CalendarView View(CalendarRow row, IEnumerable<BusyRow> busy) => new(
        row.UserId, row.Name, row.Role,
        row.Hours.Select(h => new HoursView(h.Day.ToString().ToLowerInvariant(), h.From.ToString("HH:mm", CultureInfo.InvariantCulture), h.To.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList(),
        busy.OrderBy(b => b.StartsAt).Select(b => new BusyView(b.Source == BusySources.Api ? b.Id : null, new DateTimeOffset(b.StartsAt, TimeSpan.Zero),
            new DateTimeOffset(b.EndsAt, TimeSpan.Zero), b.Source)).ToList(),
        row.Version);
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;
using Microsoft.AspNetCore.Http.HttpResults;

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

/// <summary>
/// A professional's own calendar (issue 11): working hours per weekday in Amsterdam time, and busy
/// time given one period at a time or uploaded from their own calendar as iCalendar or free/busy.
/// MDOs booked here count as busy by themselves. Only the professional reads or changes it.
/// </summary>
public static class CalendarEndpoints
{
    private const int MaxSpansPerDay = 3;
    private const string Purpose = "mdo-calendar";
    private static readonly TimeSpan MaxBusy = TimeSpan.FromDays(14);

    public static IEndpointRouteBuilder MapCalendarEndpoints(this IEndpointRouteBuilder app)
    {
        var calendar = app.MapGroup("/api/mdos/calendar").WithTags("MDO calendar");
        calendar.MapGet("", ReadAsync)
            .WithName("ReadMyCalendar")
            .WithSummary("My working hours and busy time over the coming 90 days, MDOs booked here included.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        calendar.MapPut("/hours", SetHoursAsync)
            .WithName("SetMyWorkingHours")
            .WithSummary("Sets my working hours per weekday (Amsterdam time); the search finds MDO slots only within them.")
            .Accepts<HoursRequest>("application/json");
        calendar.MapPost("/busy", AddBusyAsync)
            .WithName("AddMyBusyTime")
            .WithSummary("Adds a period in which I am not free.")
            .Accepts<BusyRequest>("application/json")
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
        return app;
    }

    private static async Task<Results<Ok<CalendarView>, ProblemHttpResult>> ReadAsync(HttpContext http, CalendarStore calendars, TimeProvider time, CancellationToken ct)
    {
        if (Refusal(http.User) is { } refusal)
        {
            return refusal;
        }

        if (await calendars.FindAsync(http.User.Id(), ct) is not { } row)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "You have no calendar here yet: set your working hours first.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var busy = await calendars.BusyAsync(row.UserId, new Period(now, now.AddDays(MdoLimits.MaxWindowDays)), null, ct);
        return TypedResults.Ok(View(row, busy));
    }

    private static async Task<Results<Ok<CalendarView>, ValidationProblem, ProblemHttpResult>> SetHoursAsync(
        HttpContext http, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        if (Refusal(http.User) is { } refusal)
        {
            return refusal;
        }

        var (request, problem) = await JsonBody.ReadAsync<HoursRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var hours = new List<WorkingHours>();
        if (request!.Hours is null)
        {
            errors["hours"] = ["Give the working hours per weekday (an empty list: no working hours)."];
        }

        for (var i = 0; i < (request.Hours?.Count ?? 0); i++)
        {
            var input = request.Hours![i];
            var day = Enum.TryParse<DayOfWeek>(input.Day, ignoreCase: true, out var d) && input.Day!.All(char.IsLetter) ? d : (DayOfWeek?)null;
            var from = Quarter(input.From);
            var to = Quarter(input.To);
            if (day is null)
            {
                errors[$"hours[{i}].day"] = ["A weekday in English: monday to sunday."];
            }

            if (from is null)
            {
                errors[$"hours[{i}].from"] = ["A time HH:mm on the quarter hour."];
            }

            if (to is null || (from is not null && to <= from))
            {
                errors[$"hours[{i}].to"] = ["A time HH:mm on the quarter hour, after from."];
            }

            if (day is { } weekday && from is { } f && to is { } t && t > f)
            {
                hours.Add(new WorkingHours(weekday, f, t));
            }
        }

        foreach (var day in hours.GroupBy(h => h.Day).Where(g => g.Count() > MaxSpansPerDay || Overlapping(g)))
        {
            errors["hours"] = [$"{day.Key}: at most {MaxSpansPerDay} spans a day, none overlapping."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The working hours are invalid.");
        }

        var user = http.User;
        var profile = new CalendarRow
        {
            UserId = user.Id(),
            Name = user.Claim(ClaimNames.Name) ?? user.Id(),
            Role = user.Role(),
            Agb = user.Claim(ClaimNames.Agb),
            OrganisationAgb = user.Claim(ClaimNames.Org),
            Domain = user.Claim(ClaimNames.Domain),
        };
        var ordered = hours.OrderBy(h => ((int)h.Day + 6) % 7).ThenBy(h => h.From).ToList();
        await calendars.SetHoursAsync(profile, ordered, access.Allowed(user, AuditAction.Update, Purpose, "Calendar", user.Id()), ct);
        var row = (await calendars.FindAsync(profile.UserId, ct))!;
        var now = time.GetUtcNow().UtcDateTime;
        return TypedResults.Ok(View(row, await calendars.BusyAsync(row.UserId, new Period(now, now.AddDays(MdoLimits.MaxWindowDays)), null, ct)));
    }

    private static async Task<Results<Created<BusyView>, ValidationProblem, ProblemHttpResult>> AddBusyAsync(
        HttpContext http, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        if (Refusal(http.User) is { } refusal)
        {
            return refusal;
        }

        var (request, problem) = await JsonBody.ReadAsync<BusyRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Start is not { } start)
        {
            return JsonBody.Invalid("start", "Give the start, ISO 8601 with its offset.");
        }

        if (request.End is not { } end || end <= start || end - start > MaxBusy)
        {
            return JsonBody.Invalid("end", $"Give the end, after the start and at most {MaxBusy.TotalDays} days on.");
        }

        if (await calendars.FindAsync(http.User.Id(), ct) is null)
        {
            return NoCalendar();
        }

        var id = Guid.NewGuid();
        await calendars.AddBusyAsync(http.User.Id(), [(id, new Period(start.UtcDateTime, end.UtcDateTime))], BusySources.Api,
            access.Allowed(http.User, AuditAction.Create, Purpose, "Calendar", http.User.Id()), ct);
        return TypedResults.Created("/api/mdos/calendar", new BusyView(id, start.ToUniversalTime(), end.ToUniversalTime(), BusySources.Api));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteBusyAsync(Guid busyId, HttpContext http, CalendarStore calendars, AccessLogWriter access, CancellationToken ct)
    {
        if (Refusal(http.User) is { } refusal)
        {
            return refusal;
        }

        return await calendars.DeleteBusyAsync(http.User.Id(), busyId, access.Allowed(http.User, AuditAction.Delete, Purpose, "Calendar", http.User.Id()), ct)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such busy period of yours.");
    }

    private static async Task<Results<Ok<UploadView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        if (Refusal(http.User) is { } refusal)
        {
            return refusal;
        }

        if (http.Request.ContentType is not { } type || !type.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the calendar as text/calendar.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > limits.MaxBodyBytes)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [JsonBody.BodyField] = [$"At most {limits.MaxBodyBytes} bytes."] },
                title: "The calendar is too large.");
        }

        if (await calendars.FindAsync(http.User.Id(), ct) is null)
        {
            return NoCalendar();
        }

        var now = time.GetUtcNow().UtcDateTime;
        var window = new Period(now, now.AddDays(MdoLimits.MaxWindowDays + 1));
        var read = CalendarUpload.Read(CalendarUpload.Decode(buffer.ToArray()), window);
        if (read.Problem is { } fault)
        {
            // Nothing of the file is stored: the busy time of the last good upload stays.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [JsonBody.BodyField] = [fault.Line > 0 ? $"Line {fault.Line}: {fault.Message}" : fault.Message] },
                title: "The calendar could not be read.", extensions: new Dictionary<string, object?> { ["line"] = fault.Line });
        }

        await calendars.AddBusyAsync(http.User.Id(), [.. read.Busy.Select(b => (Guid.NewGuid(), b))], BusySources.Upload,
            access.Allowed(http.User, AuditAction.Update, Purpose, "Calendar", http.User.Id()), ct);
        return TypedResults.Ok(new UploadView(read.Busy.Count, new DateTimeOffset(window.Start, TimeSpan.Zero), new DateTimeOffset(window.End, TimeSpan.Zero)));
    }

    /// <summary>Only a care professional keeps a calendar here.</summary>
    private static ProblemHttpResult? Refusal(System.Security.Claims.ClaimsPrincipal user) =>
        Roles.Care.Contains(user.Role()) ? null
        : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only care professionals keep a calendar for MDOs.");

    private static ProblemHttpResult NoCalendar() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "You have no calendar here yet: set your working hours first (PUT /api/mdos/calendar/hours).");

    private static TimeOnly? Quarter(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t.Minute % 15 == 0 ? t : null;

    private static bool Overlapping(IEnumerable<WorkingHours> spans)
    {
        var ordered = spans.OrderBy(s => s.From).ToList();
        return ordered.Zip(ordered.Skip(1)).Any(p => p.Second.From < p.First.To);
    }

    private static CalendarView View(CalendarRow row, IEnumerable<BusyRow> busy) => new(
        row.UserId, row.Name, row.Role,
        row.Hours.Select(h => new HoursView(h.Day.ToString().ToLowerInvariant(), h.From.ToString("HH:mm", CultureInfo.InvariantCulture), h.To.ToString("HH:mm", CultureInfo.InvariantCulture))).ToList(),
        busy.OrderBy(b => b.StartsAt).Select(b => new BusyView(b.Source == BusySources.Api ? b.Id : null, new DateTimeOffset(b.StartsAt, TimeSpan.Zero),
            new DateTimeOffset(b.EndsAt, TimeSpan.Zero), b.Source)).ToList(),
        row.Version);
}

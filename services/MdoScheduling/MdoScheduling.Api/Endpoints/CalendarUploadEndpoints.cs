using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>A professional's busy time uploaded from their own calendar, as iCalendar events or free/busy.</summary>
public static partial class CalendarEndpoints
{
    private static async Task<Results<Ok<UploadView>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext http, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (MdoRefusals.MayKeepCalendar(http.User.Role()) is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (http.Request.ContentType is not { } type || !type.StartsWith("text/calendar", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send the calendar as text/calendar.");
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, ct);
        if (await calendars.FindAsync(http.User.Id(), ct) is null)
        {
            return MdoRefusals.NoCalendar.ToProblem();
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
}

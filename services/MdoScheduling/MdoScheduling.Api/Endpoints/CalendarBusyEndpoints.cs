using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>A professional's busy periods, given one at a time.</summary>
public static partial class CalendarEndpoints
{
    private static readonly TimeSpan MaxBusy = TimeSpan.FromDays(14);

    private static async Task<Results<Created<BusyView>, ValidationProblem, ProblemHttpResult>> AddBusyAsync(
        BusyRequest request, HttpContext http, CalendarStore calendars, AccessLogWriter access, CancellationToken ct)
    {
        if (MdoRefusals.MayKeepCalendar(http.User.Role()) is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (request.Start is not { } start)
        {
            return JsonBody.Invalid("start", "Give the start, ISO 8601 with its offset.");
        }

        if (request.End is not { } end || end <= start || end - start > MaxBusy)
        {
            return JsonBody.Invalid("end", $"Give the end, after the start and at most {MaxBusy.TotalDays} days on.");
        }

        if (await calendars.FindAsync(http.User.Id(), ct) is null)
        {
            return MdoRefusals.NoCalendar.ToProblem();
        }

        var id = Guid.NewGuid();
        await calendars.AddBusyAsync(http.User.Id(), [(id, new Period(start.UtcDateTime, end.UtcDateTime))], BusySources.Api,
            access.Allowed(http.User, AuditAction.Create, Purpose, "Calendar", http.User.Id()), ct);
        return TypedResults.Created("/api/mdos/calendar", new BusyView(id, start.ToUniversalTime(), end.ToUniversalTime(), BusySources.Api));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteBusyAsync(Guid busyId, HttpContext http, CalendarStore calendars, AccessLogWriter access, CancellationToken ct)
    {
        if (MdoRefusals.MayKeepCalendar(http.User.Role()) is { } refusal)
        {
            return refusal.ToProblem();
        }

        return await calendars.DeleteBusyAsync(http.User.Id(), busyId, access.Allowed(http.User, AuditAction.Delete, Purpose, "Calendar", http.User.Id()), ct)
            ? TypedResults.NoContent()
            : MdoRefusals.NoSuchBusyPeriod.ToProblem();
    }
}

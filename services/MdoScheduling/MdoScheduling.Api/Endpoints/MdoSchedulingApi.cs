using Coordination.ServiceDefaults.Http;

namespace MdoScheduling.Api.Endpoints;

/// <summary>The MDO scheduling service's API: its route groups, each made once, and the features mapped on them.</summary>
public static class MdoSchedulingApi
{
    /// <summary>
    /// Maps <c>/api/mdos/calendar</c> (a professional's working hours, busy time and upload) and <c>/api/mdos</c>
    /// (the slot search, booking, a participant's list, read, invitation and answer, the organiser's changes and the outcome).
    /// </summary>
    public static IEndpointRouteBuilder MapMdoSchedulingApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        CalendarEndpoints.MapCalendar(app.MapApiGroup("/api/mdos/calendar").WithTags("MDO calendar"));
        MdoEndpoints.MapMdos(app.MapApiGroup("/api/mdos").WithTags("MDOs"));
        return app;
    }
}

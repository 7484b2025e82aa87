using System.Net.Http.Headers;
using Coordination.Portal.Api;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Meetings;

/// <summary>
/// The calendar upload: the browser posts the .ics file (multipart, with the antiforgery token); the
/// portal sends it on to the MDO service as text/calendar and returns the user to their calendar page
/// with what happened.
/// </summary>
public static class CalendarUploadEndpoint
{
    public const string Path = "/agenda/bestand";
    public const string Done = "ok";
    public const string Refused = "geweigerd";
    public const string Missing = "leeg";

    /// <summary>The largest file taken: a year of a busy calendar; the MDO service has its own limit.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static IEndpointRouteBuilder MapCalendarUpload(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost(Path, UploadAsync).RequireAuthorization(policy => policy.RequireRole([.. Roles.Care]));
        return app;
    }

    private static async Task<IResult> UploadAsync(IFormFile? file, GatewayClient gateway, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            return Results.LocalRedirect($"/agenda?bestand={Missing}");
        }

        if (file.Length > MaxBytes)
        {
            return Results.LocalRedirect($"/agenda?bestand={Refused}");
        }

        await using var stream = file.OpenReadStream();
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/calendar") { CharSet = "utf-8" };
        var answer = await gateway.SendAsync<CalendarUpload>(HttpMethod.Put, "/api/mdos/calendar/upload", content, cancellationToken: ct);
        return Results.LocalRedirect(answer.Ok ? $"/agenda?bestand={Done}&perioden={answer.Value!.Periods}" : $"/agenda?bestand={Refused}");
    }
}

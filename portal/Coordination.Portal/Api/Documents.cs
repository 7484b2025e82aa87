using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Api;

/// <summary>
/// The documents of the API (the referral letter, the closure summary, an MDO invitation), fetched
/// with the user's token and handed on as they are: the API decides who may have them.
/// </summary>
public static class Documents
{
    public static IEndpointRouteBuilder MapDocuments(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/verwijzingen/{id:guid}/brief.pdf", (Guid id, GatewayClient gateway, CancellationToken ct) => PassOnAsync(gateway, $"/api/referrals/{id}/letter.pdf", ct))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gp, Roles.Poh));
        app.MapGet("/verwijzingen/{id:guid}/samenvatting.pdf", (Guid id, GatewayClient gateway, CancellationToken ct) => PassOnAsync(gateway, $"/api/referrals/{id}/summary.pdf", ct))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Gp, Roles.Poh));
        app.MapGet("/overleg/{id:guid}/uitnodiging.ics", (Guid id, GatewayClient gateway, CancellationToken ct) => PassOnAsync(gateway, $"/api/mdos/{id}/invitation.ics", ct))
            .RequireAuthorization(policy => policy.RequireRole([.. Roles.Care, Roles.Client]));
        return app;
    }

    private static async Task<IResult> PassOnAsync(GatewayClient gateway, string path, CancellationToken ct)
    {
        var (status, bytes, contentType) = await gateway.DownloadAsync(path, ct);
        return bytes is null ? Results.StatusCode(status == StatusCodes.Status404NotFound ? status : StatusCodes.Status502BadGateway) : Results.File(bytes, contentType ?? "application/octet-stream");
    }
}

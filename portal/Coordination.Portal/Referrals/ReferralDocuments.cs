using Coordination.Portal.Api;

namespace Coordination.Portal.Referrals;

/// <summary>The referral letter and the closure summary, fetched from the API with the user's token and handed on as they are.</summary>
public static class ReferralDocuments
{
    public static IEndpointRouteBuilder MapReferralDocuments(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/verwijzingen/{id:guid}/brief.pdf", (Guid id, GatewayClient gateway, CancellationToken ct) => PassOnAsync(gateway, $"/api/referrals/{id}/letter.pdf", ct))
            .RequireAuthorization(policy => policy.RequireRole("gp", "poh"));
        app.MapGet("/verwijzingen/{id:guid}/samenvatting.pdf", (Guid id, GatewayClient gateway, CancellationToken ct) => PassOnAsync(gateway, $"/api/referrals/{id}/summary.pdf", ct))
            .RequireAuthorization(policy => policy.RequireRole("gp", "poh"));
        return app;
    }

    private static async Task<IResult> PassOnAsync(GatewayClient gateway, string path, CancellationToken ct)
    {
        var (status, bytes, contentType) = await gateway.DownloadAsync(path, ct);
        return bytes is null ? Results.StatusCode(status == StatusCodes.Status404NotFound ? status : StatusCodes.Status502BadGateway) : Results.File(bytes, contentType ?? "application/pdf");
    }
}

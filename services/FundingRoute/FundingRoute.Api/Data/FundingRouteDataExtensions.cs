namespace FundingRoute.Api.Data;

public static class FundingRouteDataExtensions
{
    public static IHostApplicationBuilder AddFundingRouteData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<FundingRouteStore>();
        builder.Services.AddSingleton<InterventionRouteStore>();
        builder.Services.AddSingleton<AssignmentStore>();
        return builder;
    }
}

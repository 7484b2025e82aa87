using Coordination.ServiceDefaults.Http;

namespace FundingRoute.Api.Endpoints;

/// <summary>The funding route service's HTTP API: each route group made once, and each feature mapped into its group.</summary>
public static class FundingRouteApi
{
    /// <summary>
    /// Maps the API: the financiers' reads of funding routes (<c>/api/funding-routes</c>), the iJw
    /// assignment requests (<c>/api/funding/assignments</c>) and the what-if questions (<c>/api/funding</c>).
    /// </summary>
    public static IEndpointRouteBuilder MapFundingRouteApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var routes = app.MapApiGroup("/api/funding-routes").WithTags("Funding routes");
        FundingRouteEndpoints.MapFundingRoutes(routes);
        InterventionRouteEndpoints.MapInterventionRoutes(routes);

        AssignmentEndpoints.MapAssignments(app.MapApiGroup("/api/funding/assignments").WithTags("Assignments"));

        EvaluateEndpoints.MapEvaluate(app.MapApiGroup("/api/funding").WithTags("Funding routes"));
        return app;
    }
}

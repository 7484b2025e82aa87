using Coordination.ServiceDefaults.Http;

namespace FamilyPlan.Api.Endpoints;

/// <summary>The family plan service's API: its one route group, made once, and the features mapped on it.</summary>
public static class FamilyPlanApi
{
    /// <summary>
    /// Maps <c>/api/families</c>: the plan and its checks, the care team and the caller's families,
    /// outcomes, goals, relatives, interventions, actions, evaluations and closure, and the change history.
    /// </summary>
    public static IEndpointRouteBuilder MapFamilyPlanApi(this IEndpointRouteBuilder app)
    {
        var families = app.MapApiGroup("/api/families").WithTags("Families");
        FamilyEndpoints.MapFamilyEndpoints(families);
        TeamEndpoints.MapTeamEndpoints(families);
        OutcomeEndpoints.MapOutcomeEndpoints(families);
        GoalEndpoints.MapGoalEndpoints(families);
        RelativeEndpoints.MapRelativeEndpoints(families);
        InterventionEndpoints.MapInterventionEndpoints(families);
        ActionEndpoints.MapActionEndpoints(families);
        EvaluationEndpoints.MapEvaluationEndpoints(families);
        HistoryEndpoints.MapHistoryEndpoints(families);
        return app;
    }
}

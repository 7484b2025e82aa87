using Coordination.Messaging;

namespace FamilyPlan.Api.Data;

public static class FamilyPlanDataExtensions
{
    public static IHostApplicationBuilder AddFamilyPlanData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PlanStore>();
        builder.Services.AddSingleton<CareTaskStore>();
        builder.Services.AddSingleton<TeamStore>();
        builder.Services.AddSingleton<OutcomeStore>();
        builder.Services.AddSingleton<GoalStore>();
        builder.Services.AddSingleton<RelativeStore>();
        builder.Services.AddSingleton<InterventionStore>();
        builder.Services.AddSingleton<ActionStore>();
        builder.Services.AddSingleton<EvaluationStore>();
        builder.Services.AddSingleton<ClosureStore>();
        builder.Services.AddSingleton<HistoryStore>();
        builder.AddConsentGate();
        return builder;
    }
}

using Consent.Contracts;

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
        var timeout = builder.Configuration.GetValue(ConsentGateOptions.TimeoutKey, TimeSpan.FromSeconds(2));
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
        {
            // Zero would withhold every other member's data on every read; a minute would hold every read hostage.
            throw new InvalidOperationException($"{ConsentGateOptions.TimeoutKey} must lie between zero and one minute; it is {timeout}.");
        }

        builder.Services.AddSingleton(new ConsentGateOptions { Timeout = timeout });
        builder.Services.AddScoped<ConsentGate>();
        return builder;
    }
}

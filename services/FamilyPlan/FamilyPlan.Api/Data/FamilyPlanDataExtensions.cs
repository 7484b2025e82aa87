using Consent.Contracts;

namespace FamilyPlan.Api.Data;

public static class FamilyPlanDataExtensions
{
    public static IHostApplicationBuilder AddFamilyPlanData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PlanStore>();
        builder.Services.AddSingleton(new ConsentGateOptions
        {
            Timeout = builder.Configuration.GetValue(ConsentGateOptions.TimeoutKey, TimeSpan.FromSeconds(2)),
        });
        builder.Services.AddScoped<ConsentGate>();
        return builder;
    }
}

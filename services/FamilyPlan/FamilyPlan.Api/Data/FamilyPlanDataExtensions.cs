namespace FamilyPlan.Api.Data;

public static class FamilyPlanDataExtensions
{
    public static IHostApplicationBuilder AddFamilyPlanData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<PlanStore>();
        return builder;
    }
}

using Coordination.Messaging;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Data;

public static class MdoSchedulingDataExtensions
{
    public static IHostApplicationBuilder AddMdoSchedulingData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddSingleton<FamilyDirectory>();
        builder.Services.AddSingleton<MdoStore>();
        builder.AddConsentGate();
        builder.Services.AddScoped<MdoConsent>();
        builder.Services.AddScoped<MdoPlanner>();
        return builder;
    }
}

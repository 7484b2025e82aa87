using Consent.Contracts;
using MdoScheduling.Api.Endpoints;

namespace MdoScheduling.Api.Data;

public static class MdoSchedulingDataExtensions
{
    public static IHostApplicationBuilder AddMdoSchedulingData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<CalendarStore>();
        builder.Services.AddSingleton<FamilyDirectory>();
        builder.Services.AddSingleton<MdoStore>();
        var timeout = builder.Configuration.GetValue(ConsentGateOptions.TimeoutKey, TimeSpan.FromSeconds(2));
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException($"{ConsentGateOptions.TimeoutKey} must lie between zero and one minute; it is {timeout}.");
        }

        builder.Services.AddSingleton(new ConsentGateOptions { Timeout = timeout });
        builder.Services.AddScoped<ConsentGate>();
        builder.Services.AddScoped<MdoConsent>();
        builder.Services.AddScoped<MdoPlanner>();
        return builder;
    }
}

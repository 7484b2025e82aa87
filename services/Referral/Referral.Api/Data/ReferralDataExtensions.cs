namespace Referral.Api.Data;

public static class ReferralDataExtensions
{
    public static IHostApplicationBuilder AddReferralData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReferralStore>();
        return builder;
    }
}

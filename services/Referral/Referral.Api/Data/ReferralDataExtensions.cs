namespace Referral.Api.Data;

public static class ReferralDataExtensions
{
    /// <summary>The configuration key that fills an empty directory with the scenarios' demo entries (Development only).</summary>
    public const string DemoDataKey = "Directory:DemoData";

    public static IHostApplicationBuilder AddReferralData(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ReferralStore>();
        builder.Services.AddSingleton<ReferralStepStore>();
        builder.Services.AddSingleton<ReferralQueries>();
        builder.Services.AddSingleton<ProfessionalDirectory>();
        if (builder.Configuration.GetValue<bool>(DemoDataKey))
        {
            if (!builder.Environment.IsDevelopment())
            {
                throw new InvalidOperationException($"{DemoDataKey} is for Development: a production directory holds real entries only.");
            }

            // After the migrations, which run as a hosted service registered before this one.
            builder.Services.AddHostedService<DemoDirectorySeeder>();
        }

        return builder;
    }

    private sealed class DemoDirectorySeeder(ProfessionalDirectory directory) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => directory.AddMissingAsync(DemoDirectory.Entries, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

using System.Data.Common;
using System.Reflection;
using Coordination.Data.Idempotency;
using Coordination.Data.Outbox;
using Coordination.ServiceDefaults;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Coordination.Data;

/// <summary>Registers a service's database, its migrations, the outbox relay and the readiness check.</summary>
public static class DataHostingExtensions
{
    /// <summary>
    /// Adds the service's <see cref="ServiceIdentity"/>, the <see cref="Database"/> from the
    /// <c>Database</c> section and its <see cref="DatabaseMigration"/> from
    /// <paramref name="migrationsAssembly"/>, runs the migrations at start-up unless
    /// <c>Database:MigrateOnStartup</c> is false, and relays the outbox.
    /// </summary>
    public static IHostApplicationBuilder AddCoordinationData(this IHostApplicationBuilder builder, string serviceName, Assembly migrationsAssembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Configuration.GetSection(DatabaseOptions.SectionName).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var database = new Database(options.Provider, options.ResolveConnectionString(serviceName));
        // Migrations may run as another identity (the owner of the tables) than the service does.
        var owner = string.IsNullOrWhiteSpace(options.MigrationConnectionString)
            ? database
            : new Database(options.Provider, options.MigrationConnectionString);
        var migration = new DatabaseMigration(owner, migrationsAssembly, options.CreateDatabaseIfMissing, options.RuntimeUser);

        builder.Services.AddSingleton(new ServiceIdentity(serviceName));
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(migration);

        // Hosted services start in registration order: migrations first, then the relay and the bus.
        if (options.MigrateOnStartup)
        {
            builder.Services.AddSingleton<IHostedService>(sp => new MigrationRunner(migration, sp.GetRequiredService<ILogger<MigrationRunner>>()));
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.SectionName));
        builder.Services.Configure<InboxOptions>(builder.Configuration.GetSection(InboxOptions.SectionName));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxStore>();
        builder.Services.AddSingleton(new NamedHostCommand("requeue-parked", "puts parked outbox rows back in line once their cause is mended", async (services, output, ct) =>
        {
            var requeued = await services.GetRequiredService<OutboxStore>().RequeueParkedAsync(ct);
            await output.WriteLineAsync($"re-queued {requeued} parked outbox row(s)");
            return 0;
        }));
        builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection(IdempotencyOptions.SectionName));
        builder.Services.AddSingleton<IdempotencyStore>();
        builder.Services.AddSingleton(new AuthenticatedMiddleware(typeof(IdempotencyMiddleware)));
        builder.Services.AddSingleton<UnitOfWork>();
        builder.Services.AddSingleton<Audit.AccessLogWriter>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<OutboxHealthCheck>("outbox", tags: ["ready"]);
        return builder;
    }

    /// <summary>Runs migrations before the server accepts requests (hosted services start in order).</summary>
    private sealed class MigrationRunner(DatabaseMigration migration, ILogger<MigrationRunner> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            using var activity = DataTelemetry.ActivitySource.StartActivity("migrate");
            migration.Run(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>Ready only when the service's database answers.</summary>
internal sealed class DatabaseHealthCheck(Database database) : IHealthCheck
{
    private const string PingSql = "SELECT 1";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using DbConnection connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition(PingSql, cancellationToken: cancellationToken));
            return HealthCheckResult.Healthy($"{database.Dialect} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.Dialect} does not answer", ex);
        }
    }
}

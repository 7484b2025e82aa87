using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Coordination.Data;
using Coordination.Data.Outbox;
using Coordination.Messaging;
using Dapper;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Referral.Contracts;

namespace Coordination.Bench;

/// <summary>The outbox relay alone: a full outbox, one relay, publisher confirms, on a virtual host of its own.</summary>
internal static class RelayBench
{
    private const string MarksSql = "SELECT MIN(sent_at) AS First, MAX(sent_at) AS Last, COUNT(*) AS Sent FROM outbox WHERE sent_at IS NOT NULL";
    private const string UnsentSql = "SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL";

    public sealed record Result(int Events, double Seconds, double WallSeconds)
    {
        public double EventsPerSecond => Events / Seconds;
    }

    public static async Task<Result> RunAsync(BenchSettings settings)
    {
        var folder = Directory.CreateTempSubdirectory("coordination-relay-bench").FullName;
        var vhost = "bench-relay-" + Guid.NewGuid().ToString("N")[..8];
        using var management = new HttpClient { BaseAddress = settings.RabbitManagement };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        (await management.PutAsync(new Uri($"/api/vhosts/{vhost}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await management.PutAsJsonAsync(new Uri($"/api/permissions/{vhost}/guest", UriKind.Relative), new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        try
        {
            var rabbit = new RabbitMqOptions { Port = (ushort)settings.RabbitPort, VirtualHost = vhost };
            using (var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1)))
            {
                await PlatformTopology.DeployAsync(rabbit, NullLogger.Instance, cts.Token);
            }

            var database = new Database(SqlDialect.Sqlite, $"Data Source={Path.Combine(folder, "relay.db")}");
            DatabaseMigrator.Migrate(database, typeof(RelayBench).Assembly, NullLogger.Instance);
            await FillAsync(database, settings.RelayEvents);

            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = "sqlite",
                ["Database:ConnectionString"] = database.ConnectionString,
                ["RabbitMq:Port"] = rabbit.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RabbitMq:VirtualHost"] = vhost,
            });
            builder.AddCoordinationData("relay-bench", typeof(RelayBench).Assembly);
            builder.AddCoordinationMessaging();
            using var host = builder.Build();
            var wall = Stopwatch.StartNew();
            await host.StartAsync();
            await using (var connection = await database.OpenAsync())
            {
                while (await connection.ExecuteScalarAsync<long>(UnsentSql) > 0 && wall.Elapsed < TimeSpan.FromMinutes(5))
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                }
            }

            var wallSeconds = wall.Elapsed.TotalSeconds;
            await host.StopAsync();
            await using var read = await database.OpenAsync();
            var marks = await read.QuerySingleAsync<Marks>(MarksSql);
            return new Result((int)marks.Sent, Math.Max((marks.Last - marks.First).TotalSeconds, 0.001), wallSeconds);
        }
        finally
        {
            await management.DeleteAsync(new Uri($"/api/vhosts/{vhost}", UriKind.Relative));
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task FillAsync(Database database, int events)
    {
        await using var connection = await database.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        for (var i = 0; i < events; i++)
        {
            await Outbox.EnqueueAsync(connection, tx, new ReferralSubmittedForFunding(
                Guid.NewGuid(), Guid.NewGuid(), new FundingSubject("999900018", new DateOnly(2011, 3, 14), "0344", null),
                "01012345", "02", "youth", HasSuspectedDsm: false, null, new DateTimeOffset(now)), now, CancellationToken.None);
        }

        await tx.CommitAsync();
    }

    private sealed class Marks
    {
        public DateTime First { get; set; }
        public DateTime Last { get; set; }
        public long Sent { get; set; }
    }
}

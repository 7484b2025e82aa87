using System.Diagnostics;
using Coordination.Testing;
using Xunit.Abstractions;

namespace Faults.Tests;

/// <summary>
/// Issue 24's fault suite: the platform on a three-node RabbitMQ cluster (quorum queues) and
/// PostgreSQL under a steady load of referrals (a fixed rate, at most 60 s), one fault 10 s into the
/// load, and at the end every referral taken is applied exactly once by every consumer, with nothing
/// unsent, parked or in an error queue. Each prints its figures (docs/reliability.md). Run by
/// deploy/faults.sh; skipped elsewhere.
/// </summary>
[Trait("Category", "Fault")]
public sealed class FaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FaultAt = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public Task A_broker_node_killed_and_restarted_under_load_loses_nothing() =>
        RunAsync("a broker node killed (SIGKILL), restarted 10 s later", async platform =>
        {
            await BrokerCluster.KillAsync(1);
            // The fault itself: the node stays dead for 10 s of load (not a wait for something to happen).
            await Task.Delay(TimeSpan.FromSeconds(10));
            await platform.Broker.StartAsync(1);
        });

    [SkippableFact]
    public Task A_rolling_restart_of_the_three_nodes_loses_nothing() =>
        RunAsync("a rolling restart of the three nodes (drain, stop, start, revive)", async platform =>
        {
            for (var node = 0; node < 3; node++)
            {
                await BrokerCluster.DrainAsync(node);
                await BrokerCluster.StopAsync(node);
                await platform.Broker.StartAsync(node);
                await BrokerCluster.ReviveAsync(node);
            }
        });

    [SkippableFact]
    public Task A_consumer_killed_while_handling_and_restarted_loses_nothing_and_applies_nothing_twice() =>
        RunAsync("the family plan service killed (SIGKILL) while handling, restarted", async platform =>
        {
            platform["FamilyPlan"].Kill();
            // The fault itself: the service stays dead for 3 s of load, as a crashed pod before its restart.
            await Task.Delay(TimeSpan.FromSeconds(3));
            await platform.StartAsync("FamilyPlan");
        });

    [SkippableFact]
    public Task A_consumer_stopped_with_SIGTERM_drains_and_loses_nothing() =>
        RunAsync("the family plan service stopped (SIGTERM) under load, started 5 s later", async platform =>
        {
            Assert.True(await platform["FamilyPlan"].TerminateAsync(TimeSpan.FromSeconds(45)), "the service did not exit within 45 s of SIGTERM");
            // The fault itself: no family plan for 5 s of load, as between a pod's end and its successor's start.
            await Task.Delay(TimeSpan.FromSeconds(5));
            await platform.StartAsync("FamilyPlan");
        });

    [SkippableFact]
    public Task A_broker_node_paused_for_20_seconds_loses_nothing() =>
        RunAsync("the first broker node paused (SIGSTOP) for 20 s, then resumed", async _ =>
        {
            var node = await BrokerCluster.ProcessOfAsync(0);
            await Command.SignalAsync(node, "STOP");
            try
            {
                // The fault itself: the node hangs for 20 s (the pause).
                await Task.Delay(TimeSpan.FromSeconds(20));
            }
            finally
            {
                await Command.SignalAsync(node, "CONT");
            }
        });

    [SkippableFact]
    public Task The_family_plans_database_away_for_10_seconds_loses_nothing() =>
        RunAsync("the family plan's PostgreSQL stopped (immediate) for 10 s", async _ =>
        {
            var data = Path.Combine(FaultSetting.FamilyPlanPostgresData, "data");
            await Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(FaultSetting.PostgresBin, "pg_ctl"), "-D", data, "-m", "immediate", "-w", "stop"]);
            // The fault itself: the database stays away for 10 s of load (the outage).
            await Task.Delay(TimeSpan.FromSeconds(10));
            await Command.RunAsync(Path.Combine(FaultSetting.FamilyPlanPostgresData, "start.sh"), []);
        });

    private async Task RunAsync(string fault, Func<FaultPlatform, Task> inject)
    {
        FaultSetting.Require();
        await using var platform = await FaultPlatform.StartAsync();
        var queues = await platform.Broker.DurableQueuesAsync(platform.VirtualHost);
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.Equal(("quorum", 3), q.Value));
        var clock = Stopwatch.StartNew();
        var load = ReferralLoad.RunAsync(platform["Referral"].Address, FaultSetting.Rate, FaultSetting.Duration);
        // The load runs on its own schedule; the fault comes at a fixed point in it.
        await Task.Delay(FaultAt);
        await inject(platform);
        output.WriteLine($"{fault}: done at {clock.Elapsed.TotalSeconds:0} s");
        var (sent, accepted) = await load;
        var outcome = await Outcome.CountAsync(platform, fault, sent, accepted, TimeSpan.FromMinutes(3));

        output.WriteLine(Outcome.Header);
        output.WriteLine(outcome.Row);
        if (FaultSetting.Report is { } report)
        {
            var header = File.Exists(report) ? string.Empty : $"{Outcome.Header}\n|---|---|---|---|---|---|---|---|\n";
            await File.AppendAllTextAsync(report, $"{header}{outcome.Row}\n");
        }

        Assert.True(outcome.Complete, $"{Outcome.Header}\n{outcome.Row}");
    }
}

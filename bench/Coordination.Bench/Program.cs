using System.Diagnostics;
using System.Globalization;
using Coordination.Bench;

// The benchmark deploy/bench.sh runs against a platform it started: every figure of
// docs/performance.md comes from one run of this program. Bounded in time: each phase has a
// fixed duration, and every request loop stops by itself.
var settings = BenchSettings.FromEnvironment();
using var http = Load.CreateClient(settings.Token);
var self = Process.GetCurrentProcess();

Console.WriteLine($"Coordination benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, concurrency {settings.Concurrency}, {settings.Duration.TotalSeconds:F0} s per run");

// 1. The relay alone, on a virtual host and database of its own.
var relay = await RelayBench.RunAsync(settings);
Console.WriteLine($"relay alone: {relay.Events} events published with confirms in {relay.Seconds:F2} s = {relay.EventsPerSecond:F0} events/s (first to last mark; {relay.WallSeconds:F2} s including bus start)");

// 2. POSTs through the gateway, with a sample of referrals followed into the plan.
var backlogBefore = Backlog.Unsent(settings.DataFolder);
var cpuBefore = self.TotalProcessorTime;
var gateway = await Load.ClosedLoopAsync(http, settings.Gateway, settings.Concurrency, settings.Duration, followPlanEvery: 50, settings);
var loadCpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds / (gateway.Seconds * Environment.ProcessorCount);
Console.WriteLine($"POST via gateway: {gateway.Summary()}");
Console.WriteLine($"  referral -> visible in plan: {Stats.Describe(gateway.ToPlan)}");
Console.WriteLine($"  referral -> funding route in plan: {Stats.Describe(gateway.ToFunding)}");
Console.WriteLine($"  load tool CPU share: {loadCpu:P0} of the machine");
var backlogAfterGateway = await Backlog.SettleAsync(settings.DataFolder);
Console.WriteLine($"  unsent outbox rows: {backlogBefore} before, {backlogAfterGateway.AtEnd} at the end of the run, drained {backlogAfterGateway.DrainSeconds:F1} s later");

// 3. The same POST straight to the referral service.
var direct = await Load.ClosedLoopAsync(http, settings.Referral, settings.Concurrency, settings.Duration, followPlanEvery: 0, settings);
Console.WriteLine($"POST direct to referral: {direct.Summary()}");
Console.WriteLine($"  gateway/direct throughput ratio: {gateway.PerSecond / direct.PerSecond:F2}");
await Backlog.SettleAsync(settings.DataFolder);

// 4. The highest fixed rate through the gateway whose p99 stays within 100 ms.
var held = 0;
foreach (var rate in settings.Rates)
{
    var step = await Load.OpenLoopAsync(http, settings.Gateway, rate, settings.StepDuration);
    Console.WriteLine($"fixed rate {rate}/s via gateway: {step.Summary()}");
    await Backlog.SettleAsync(settings.DataFolder);
    if (step.P99 > 100 || step.Errors > 0)
    {
        break;
    }

    held = rate;
}

Console.WriteLine(held > 0 ? $"highest rate holding p99 <= 100 ms: {held}/s" : "no rate tried held p99 <= 100 ms");

// 5. Peak resident memory of every process.
foreach (var (name, pid) in settings.Processes)
{
    Console.WriteLine($"peak RSS {name}: {Rss.PeakMegabytes(pid):F0} MB");
}

Console.WriteLine($"peak RSS load tool: {Rss.PeakMegabytes(Environment.ProcessId):F0} MB");
Console.Out.Flush();
return 0;

namespace Coordination.Bench
{
    internal static class Stats
    {
        public static double Percentile(IReadOnlyList<double> sorted, double q) =>
            sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

        public static string Describe(List<double> values)
        {
            if (values.Count == 0)
            {
                return "no samples";
            }

            values.Sort();
            return string.Create(CultureInfo.InvariantCulture,
                $"{values.Count} samples, p50 {Percentile(values, 0.5):F0} ms, p99 {Percentile(values, 0.99):F0} ms, max {values[^1]:F0} ms");
        }
    }
}

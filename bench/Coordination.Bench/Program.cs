using System.Diagnostics;
using System.Globalization;
using Coordination.Bench;

// The benchmark deploy/bench.sh runs against a platform it started: every figure of
// docs/performance.md comes from one run of this program. Bounded in time: each phase has a
// fixed duration, and every request loop stops by itself.
var settings = BenchSettings.FromEnvironment();
using var http = Load.CreateClient(settings.Token);
using var management = new HttpClient { BaseAddress = settings.RabbitManagement };
management.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes("guest:guest")));
var self = Process.GetCurrentProcess();

Console.WriteLine($"Coordination benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, concurrency {settings.Concurrency}, {settings.Duration.TotalSeconds:F0} s per run; scenarios {string.Join(",", BenchSettings.AllScenarios.Where(settings.Runs))}");

// The consent and family scenarios' families are their own: no load referral names their members.
Load.Reserve([ConsentBench.ChildBsn, settings.Consent.ParentBsn, .. FamilyBench.Members.Select(m => m.Bsn)]);

// 1. The relay alone, on a virtual host and database of its own.
if (settings.Runs("relay"))
{
    var relay = await RelayBench.RunAsync(settings);
    Console.WriteLine($"relay alone: {settings.RelayEvents} events; after the first batch, {relay.Events} published with confirms in {relay.Seconds:F2} s = {relay.EventsPerSecond:F0} events/s ({relay.WallSeconds:F2} s for all, including bus start)");
}

// 2. The plan read with a consent check that finds an active consent, on the platform as it
// started (before the load runs fill its databases), and the check's own share of it.
if (settings.Runs("consent"))
{
    var (setupSeconds, phases) = await ConsentBench.RunAsync(settings, http, management);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"consent scenario set up in {setupSeconds:F1} s (two referrals, the parent's consent, the pipeline drained); {settings.Consent.WarmUpReads} warm-up reads; at most {settings.Consent.MaxReads} reads or {settings.Consent.TimeLimit.TotalSeconds:F0} s per concurrency"));
    foreach (var phase in phases)
    {
        Console.WriteLine(ConsentBench.Describe(phase));
    }
}

// 2b. The plan read of a family of six with three years of history, consent checks included.
if (settings.Runs("family"))
{
    foreach (var line in FamilyBench.Describe(await FamilyBench.RunAsync(settings, http, management)))
    {
        Console.WriteLine(line);
    }
}

// 2b'. The portal's pages through the gateway, before the financier scenario gives the GP persona a thousand referrals more.
if (settings.Runs("portal"))
{
    foreach (var line in PortalBench.Describe(await PortalBench.RunAsync(settings, http)))
    {
        Console.WriteLine(line);
    }
}

// 2c. A financier's list of 1,000 routes through the gateway, each route read written to the access log.
if (settings.Runs("financier"))
{
    using var municipality = Load.CreateClient(settings.MunicipalityToken);
    foreach (var line in FinancierBench.Describe(await FinancierBench.RunAsync(settings, http, municipality, management)))
    {
        Console.WriteLine(line);
    }
}

// Warm-up before the POST runs, measured apart: the first tens of seconds of load after a start also pay for compiling the hot paths
// (tiered compilation and its profile-guided recompiles run beside the load); a process that has run a while no
// longer does. The POSTs of the closed loop, then five seconds at 50/s following every other referral into the plan.
// BENCH_WARMUP=0 skips it.
if (settings.WarmUp > TimeSpan.Zero && (settings.Runs("gateway") || settings.Runs("direct") || settings.Runs("rates")))
{
    var warmCpuBefore = settings.Processes.ToDictionary(p => p.Name, p => Rss.CpuSeconds(p.Pid));
    var warmUp = await Load.ClosedLoopAsync(http, settings.Gateway, settings.Concurrency, settings.WarmUp);
    // The fixed-rate steps also read plans (with a consent check over the bus) to follow referrals: warm that path too.
    var followed = await Load.OpenLoopAsync(http, settings.Gateway, 50, TimeSpan.FromSeconds(5), followPlanEvery: 2, settings);
    var warmOwed = await Backlog.DrainAsync(settings.DataFolder, management);
    var warmCpu = settings.Processes.Sum(p => Rss.CpuSeconds(p.Pid) - warmCpuBefore[p.Name]) * 1000 / Math.Max(1, warmUp.Latencies.Count + followed.Latencies.Count);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"warm-up via gateway (not measured below): {warmUp.Summary()}; then {followed.Latencies.Count} at 50/s, every other one followed into the plan; {warmCpu:F1} ms of CPU per referral in the platform's processes, the plan reads included, until drained ({warmOwed.DrainSeconds:F0} s)"));
}

// 3. POSTs through the gateway, and what one referral costs every process: CPU from the start of the run until the
// pipeline behind it has drained, so that no consumer's work is left out. Nothing reads plans meanwhile (the fixed-rate
// steps follow referrals into the plan): a follower's polls would be counted as the referrals' cost.
LoadResult? gateway = null;
if (settings.Runs("gateway"))
{
    var backlogBefore = Backlog.Unsent(settings.DataFolder);
    var cpuBefore = self.TotalProcessorTime;
    var processCpuBefore = settings.Processes.ToDictionary(p => p.Name, p => Rss.CpuSeconds(p.Pid));
    gateway = await Load.ClosedLoopAsync(http, settings.Gateway, settings.Concurrency, settings.Duration);
    var loadCpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds / (gateway.Seconds * Environment.ProcessorCount);
    var referrals = Math.Max(1, gateway.Latencies.Count);
    string CpuPerReferral() => string.Join(", ", settings.Processes
        .Select(p => (p.Name, Ms: (Rss.CpuSeconds(p.Pid) - processCpuBefore[p.Name]) * 1000 / referrals))
        .Append((Name: "load tool", Ms: (self.TotalProcessorTime - cpuBefore).TotalMilliseconds / referrals))
        .Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Ms:F2}")));
    Console.WriteLine($"POST via gateway: {gateway.Summary()}");
    Console.WriteLine($"  load tool CPU share: {loadCpu:P0} of the machine");
    Console.WriteLine($"  CPU per referral (ms) while the POSTs ran: {CpuPerReferral()}");
    var owed = await Backlog.DrainAsync(settings.DataFolder, management);
    Console.WriteLine($"  at the end of the run: {owed.Unsent} unsent outbox rows ({backlogBefore} before), {owed.Queued} messages queued; the pipeline drained {owed.DrainSeconds:F0} s later");
    Console.WriteLine($"  CPU per referral (ms) until the pipeline drained, all of its cost: {CpuPerReferral()}");
}

// 4. The same POST straight to the referral service.
if (settings.Runs("direct"))
{
    var direct = await Load.ClosedLoopAsync(http, settings.Referral, settings.Concurrency, settings.Duration);
    Console.WriteLine($"POST direct to referral: {direct.Summary()}");
    if (gateway is not null)
    {
        Console.WriteLine($"  gateway/direct throughput ratio: {gateway.PerSecond / direct.PerSecond:F2}");
    }

    var owed = await Backlog.DrainAsync(settings.DataFolder, management);
    Console.WriteLine($"  at the end of the run: {owed.Unsent} unsent outbox rows, {owed.Queued} messages queued; the pipeline drained {owed.DrainSeconds:F0} s later");
}

// 5. The highest fixed rate through the gateway at which the POST and the referral's way into the plan, end to end from
// when the POST was due, stay within p99 100 ms, with every 20th referral followed into the plan at each rate.
if (settings.Runs("rates"))
{
    var held = 0;
    foreach (var rate in settings.Rates)
    {
        var step = await Load.OpenLoopAsync(http, settings.Gateway, rate, settings.StepDuration, followPlanEvery: 20, settings);
        var stepOwed = await Backlog.DrainAsync(settings.DataFolder, management);
        Console.WriteLine($"fixed rate {rate}/s via gateway: {step.Summary()}");
        Console.WriteLine($"  referral -> visible in plan: {Stats.Describe(step.ToPlan)}; -> funding route: {Stats.Describe(step.ToFunding)}");
        Console.WriteLine($"  at the end of the step: {stepOwed.Unsent} unsent outbox rows, {stepOwed.Queued} messages queued; drained {stepOwed.DrainSeconds:F0} s later");
        if (step.P99 > 100 || Stats.Percentile(step.ToPlan.Order().ToList(), 0.99) is not <= 100 || step.Errors > 0)
        {
            break;
        }

        held = rate;
    }

    Console.WriteLine(held > 0 ? $"highest rate holding p99 <= 100 ms, POST and referral -> plan from when it was due: {held}/s" : "no rate tried held p99 <= 100 ms end to end");
}

// 6. Peak resident memory of every process.
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

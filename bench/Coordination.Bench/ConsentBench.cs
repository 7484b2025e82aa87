using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Consent.Contracts;

namespace Coordination.Bench;

/// <summary>
/// The plan read that needs a consent check which finds an active consent: a GP refers a child
/// with a parent (custody) in the household, the parent's own GP refers the parent, the parent
/// shares their care data with the family's care team, and the child's GP reads the plan, which
/// shows the parent because the consent service answers, at that moment, that a consent allows it.
/// Measured per concurrency: the read through the gateway (timed here), and the consent check
/// inside those same reads (the family plan's own histogram <c>coordination.consent.check.duration</c>,
/// read over EventPipe).
/// </summary>
internal static class ConsentBench
{
    /// <summary>The child; the parent's BSN comes from BENCH_PARENT_BSN, the BSN of the parent's token.</summary>
    public const string ChildBsn = "999900018";
    private const string ChildName = "Bench Child Consent";
    private const string ParentName = "Bench Parent Consent";
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(60);

    public sealed record Phase(
        int Concurrency, List<double> Reads, int Errors, int Withheld, double Seconds,
        IReadOnlyList<HistogramInterval> Checks, IReadOnlyCollection<string> ProbeErrors, IReadOnlyDictionary<string, double> CpuMsPerRead,
        string LoadAverage)
    {
        public double PerSecond => Reads.Count / Seconds;

        public HistogramInterval? Answered => Checks.FirstOrDefault(c => c.Tags.Contains($"{ConsentTelemetry.OutcomeTag}={ConsentTelemetry.Answered}", StringComparison.Ordinal));

        public int Unavailable => Checks.Where(c => c.Tags.Contains($"{ConsentTelemetry.OutcomeTag}={ConsentTelemetry.Unavailable}", StringComparison.Ordinal)).Sum(c => c.Count);
    }

    public static async Task<(double SetupSeconds, List<Phase> Phases)> RunAsync(BenchSettings settings, HttpClient childsGp, HttpClient management)
    {
        var consent = settings.Consent;
        var familyPlanPid = settings.Processes.FirstOrDefault(p => p.Name == "FamilyPlan").Pid;
        if (familyPlanPid == 0)
        {
            throw new InvalidOperationException("BENCH_PIDS names no FamilyPlan process: the consent check's histogram cannot be read");
        }

        using var parentsGp = Load.CreateClient(consent.ParentsGpToken);
        using var parent = Load.CreateClient(consent.ParentToken);
        var setup = Stopwatch.StartNew();
        var familyId = await SetUpAsync(settings, childsGp, parentsGp, parent);
        var plan = new Uri(settings.Gateway, $"/api/families/{familyId}/plan");
        // Nothing else runs while the reads are measured: the referrals' events are applied, the queues empty.
        await Backlog.DrainAsync(settings.DataFolder, management);
        var setupSeconds = setup.Elapsed.TotalSeconds;

        // Warm-up: JIT, connection pools, the request client's reply queue; not measured.
        await ReadLoopAsync(childsGp, plan, consent.Concurrencies.Max(), consent.WarmUpReads, consent.TimeLimit, consent.ParentBsn);

        var phases = new List<Phase>();
        foreach (var concurrency in consent.Concurrencies)
        {
            // The family plan aggregates its own measurements over intervals longer than the run,
            // the first starting with the session: that interval holds this run's consent checks,
            // all of them and only them (checked below against the times of the first and last read).
            var period = consent.TimeLimit + TimeSpan.FromSeconds(5);
            using var probe = new HistogramProbe(familyPlanPid, ConsentTelemetry.MeterName, ConsentTelemetry.CheckDurationName, period);
            // A fixed margin, not a poll: the process starts its first interval when it takes up the
            // session, but tells of it only in a block of events an interval later, so there is nothing
            // to wait on now. A read before the interval began would not be lost silently: the check
            // below, that one interval spans the first to the last read, would fail the run.
            await Task.Delay(TimeSpan.FromSeconds(1));
            var cpuBefore = settings.Processes.ToDictionary(p => p.Name, p => Rss.CpuSeconds(p.Pid));
            var loadBefore = Rss.LoadAverage();
            var readsFrom = DateTime.UtcNow;
            var (reads, errors, withheld, seconds) = await ReadLoopAsync(childsGp, plan, concurrency, consent.MaxReads, consent.TimeLimit, consent.ParentBsn);
            var readsUntil = DateTime.UtcNow;
            var loadAverage = $"{loadBefore} before, {Rss.LoadAverage()} after";
            var cpuPerRead = settings.Processes.ToDictionary(p => p.Name, p => (Rss.CpuSeconds(p.Pid) - cpuBefore[p.Name]) * 1000 / Math.Max(1, reads.Count + withheld + errors));
            var intervals = await probe.StopAfterAsync(probe.StartedAt + period + TimeSpan.FromSeconds(2));
            var covering = intervals.FirstOrDefault(i => i.Start <= readsFrom && i.End >= readsUntil);
            var probeNotes = probe.Errors.ToList();
            if (covering is null)
            {
                probeNotes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"no reported interval covers the reads ({readsFrom:HH:mm:ss.fff}-{readsUntil:HH:mm:ss.fff}); intervals: {string.Join(", ", intervals.Select(i => $"{i.Start:HH:mm:ss.fff}-{i.End:HH:mm:ss.fff} ({i.Series.Sum(x => x.Count)})"))}"));
            }

            var checks = covering?.Series ?? [];
            phases.Add(new Phase(concurrency, reads, errors, withheld, seconds, checks, probeNotes, cpuPerRead, loadAverage));
        }

        return (setupSeconds, phases);
    }

    public static string Describe(Phase phase)
    {
        var reads = phase.Reads.ToList();
        reads.Sort();
        var answered = phase.Answered;
        var checkTotal = phase.Checks.Sum(c => c.Count);
        var readSum = phase.Reads.Sum();
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"plan read with a consent check, {phase.Concurrency} concurrent: {reads.Count} reads in {phase.Seconds:F1} s = {phase.PerSecond:F0}/s, p50 {Stats.Percentile(reads, 0.5):F1} ms, p90 {Stats.Percentile(reads, 0.9):F1} ms, p99 {Stats.Percentile(reads, 0.99):F1} ms, max {(reads.Count > 0 ? reads[^1] : double.NaN):F1} ms, mean {(reads.Count > 0 ? readSum / reads.Count : double.NaN):F2} ms; {phase.Errors} errors, {phase.Withheld} reads without the parent's data"),
            answered is null
                ? "  consent check inside those reads: no answered checks reported"
                : string.Create(CultureInfo.InvariantCulture,
                    $"  consent check inside those reads (family plan's {ConsentTelemetry.CheckDurationName}): {answered.Count} answered, {phase.Unavailable} unavailable; p50 {answered.P50:F1} ms, p95 {answered.Quantiles.GetValueOrDefault(0.95, double.NaN):F1} ms, p99 {answered.P99:F1} ms, mean {answered.Sum / Math.Max(1, answered.Count):F2} ms"),
        };
        if (answered is not null && reads.Count > 0 && phase.Withheld == 0 && phase.Errors == 0)
        {
            // Exact for the means (both sums are of the same reads); the quantiles are of two distributions, not of a difference.
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  check's share: {phase.Checks.Sum(c => c.Sum) / readSum:P0} of the summed read time (mean check / mean read); p50 check / p50 read {answered.P50 / Stats.Percentile(reads, 0.5):P0}, p99 check / p99 read {answered.P99 / Stats.Percentile(reads, 0.99):P0}"));
        }

        lines.Add("  CPU per read (ms, during the run): " + string.Join(", ", phase.CpuMsPerRead.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Value:F2}")))
            + $"; machine load average (1 min) {phase.LoadAverage}");
        var attempted = reads.Count + phase.Withheld + phase.Errors;
        if (checkTotal != attempted)
        {
            lines.Add($"  note: {checkTotal} checks reported for {attempted} reads (one check per read expected)");
        }

        lines.AddRange(phase.ProbeErrors.Select(e => $"  probe: {e}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>The family of the scenario, with an active consent of the parent for the family's care team; returns its id.</summary>
    private static async Task<Guid> SetUpAsync(BenchSettings settings, HttpClient childsGp, HttpClient parentsGp, HttpClient parent)
    {
        var parentBsn = settings.Consent.ParentBsn;
        var familyId = await ReferAsync(childsGp, settings.Gateway, $$"""
            {"subject":{"bsn":"{{ChildBsn}}","name":"{{ChildName}}","birthDate":"2012-04-20","municipalityCode":"0344"},
             "household":[{"bsn":"{{parentBsn}}","name":"{{ParentName}}","birthDate":"1991-06-02","relation":"parent","custody":true}],
             "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
             "domain":"youth","reason":"Benchmark: truancy since secondary school."}
            """);
        var parentsFamily = await ReferAsync(parentsGp, settings.Gateway, $$"""
            {"subject":{"bsn":"{{parentBsn}}","name":"{{ParentName}}","birthDate":"1991-06-02","municipalityCode":"0344","uzovi":"3311"},
             "household":[{"bsn":"{{ChildBsn}}","name":"{{ChildName}}","birthDate":"2012-04-20","relation":"child"}],
             "referrer":{"agb":"01099999","type":"02","name":"Huisartsenpraktijk Zuilen"},
             "domain":"adult","careLevel":"basic","suspectedDsm":{"code":"F32.0","description":"Major depressive disorder, single episode, mild"},
             "reason":"Benchmark: low mood."}
            """);
        if (parentsFamily != familyId)
        {
            throw new InvalidOperationException($"the parent's referral went to family {parentsFamily}, not to the child's {familyId}");
        }

        // The consent service learns the household from the referrals: wait until the parent may declare for themselves.
        var memberId = await UntilAsync(async () =>
        {
            using var response = await parent.GetAsync(new Uri(settings.Gateway, "/api/consents/subjects"));
            return response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
                    .Where(s => s!["name"]?.GetValue<string>() == ParentName).Select(s => (Guid?)s!["memberId"]!.GetValue<Guid>()).FirstOrDefault()
                : null;
        }, "the consent service to know the parent");

        using (var declared = await parent.PostAsJsonAsync(new Uri(settings.Gateway, "/api/consents"), new
        {
            subject = memberId,
            purpose = ConsentPurposes.FamilyCareTeam,
            recipient = new { kind = "care-team", id = familyId.ToString("D") },
        }))
        {
            var body = await declared.Content.ReadAsStringAsync();
            if (declared.StatusCode != HttpStatusCode.Created || JsonNode.Parse(body)?["state"]?.GetValue<string>() != "active")
            {
                throw new InvalidOperationException($"declaring the parent's consent gave {(int)declared.StatusCode}: {body}");
            }
        }

        // The child's GP sees the parent's data once the family plan knows the parent's referral.
        await UntilAsync(async () =>
        {
            using var response = await childsGp.GetAsync(new Uri(settings.Gateway, $"/api/families/{familyId}/plan"));
            return response.StatusCode == HttpStatusCode.OK && ShowsParent(await response.Content.ReadAsStringAsync(), parentBsn) ? (bool?)true : null;
        }, "the child's GP to see the parent's data");
        return familyId;
    }

    internal static async Task<Guid> ReferAsync(HttpClient gp, Uri gateway, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await gp.PostAsync(new Uri(gateway, "/api/referrals"), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.Created
            ? JsonNode.Parse(text)!["familyId"]!.GetValue<Guid>()
            : throw new InvalidOperationException($"referral gave {(int)response.StatusCode}: {text}");
    }

    /// <summary>Refers one person per BSN of <paramref name="bsns"/>, eight at a time, each with the body <paramref name="bodyOf"/> gives.</summary>
    internal static Task ReferAllAsync(HttpClient gp, Uri gateway, IReadOnlyList<string> bsns, Func<string, string> bodyOf)
    {
        var next = 0;
        return Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next) - 1) < bsns.Count)
            {
                await ReferAsync(gp, gateway, bodyOf(bsns[i]));
            }
        }));
    }

    internal static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, string what) where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < SetupTimeout)
        {
            if (await attempt() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        throw new TimeoutException($"waited {SetupTimeout.TotalSeconds:F0} s for {what}");
    }

    /// <summary>Whether the plan shows the parent's care data, by consent.</summary>
    private static bool ShowsParent(string plan, string parentBsn) =>
        JsonNode.Parse(plan)?["members"]?.AsArray().Any(m => m?["bsn"]?.GetValue<string>() == parentBsn && m["consent"]?.GetValue<string>() == "given") == true;

    /// <summary>
    /// <paramref name="concurrency"/> readers read the plan back to back until <paramref name="maxReads"/>
    /// have started or <paramref name="limit"/> has passed. A read counts when it is a 200 showing the
    /// parent's data; a 200 without it (the check unavailable, or refused) is counted apart.
    /// </summary>
    private static Task<(List<double> Reads, int Errors, int Withheld, double Seconds)> ReadLoopAsync(
        HttpClient http, Uri plan, int concurrency, int maxReads, TimeSpan limit, string parentBsn) =>
        ReadLoopAsync(http, plan, concurrency, maxReads, limit, body => ShowsParent(body, parentBsn));

    /// <summary>
    /// <paramref name="concurrency"/> readers read the plan back to back until <paramref name="maxReads"/>
    /// have started or <paramref name="limit"/> has passed. A read counts when it is a 200 that
    /// <paramref name="complete"/> accepts; a 200 it does not (data withheld) is counted apart.
    /// </summary>
    internal static async Task<(List<double> Reads, int Errors, int Withheld, double Seconds)> ReadLoopAsync(
        HttpClient http, Uri plan, int concurrency, int maxReads, TimeSpan limit, Func<string, bool> complete)
    {
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var withheld = 0;
        var started = 0;
        var clock = Stopwatch.StartNew();
        var readers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < limit && Interlocked.Increment(ref started) <= maxReads)
            {
                var begun = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await http.GetAsync(plan);
                    var body = await response.Content.ReadAsStringAsync();
                    var ms = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref errors);
                    }
                    else if (!complete(body))
                    {
                        Interlocked.Increment(ref withheld);
                    }
                    else
                    {
                        latencies.Add(ms);
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToList();
        await Task.WhenAll(readers);
        return (latencies.ToList(), errors, withheld, clock.Elapsed.TotalSeconds);
    }
}

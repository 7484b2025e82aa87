using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>The outcome of one load run: latencies of the 201s, errors, and the plan followers' samples.</summary>
internal sealed class LoadResult
{
    public List<double> Latencies { get; } = [];

    public List<double> ToPlan { get; } = [];

    public List<double> ToFunding { get; } = [];

    public int Errors { get; set; }

    public double Seconds { get; set; }

    public double PerSecond => Latencies.Count / Seconds;

    public double P99 => Stats.Percentile(Sorted(), 0.99);

    public string Summary()
    {
        var sorted = Sorted();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Latencies.Count} created in {Seconds:F1} s = {PerSecond:F0}/s, p50 {Stats.Percentile(sorted, 0.5):F1} ms, p90 {Stats.Percentile(sorted, 0.9):F1} ms, p99 {Stats.Percentile(sorted, 0.99):F1} ms, {Errors} errors");
    }

    private List<double> Sorted()
    {
        var sorted = Latencies.ToList();
        sorted.Sort();
        return sorted;
    }
}

/// <summary>Referral POSTs: a closed loop at fixed concurrency, and an open loop at a fixed rate.</summary>
internal static class Load
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static string[] _testBsns = BsnPool().ToArray();
    private static int _next;

    /// <summary>Keeps <paramref name="bsns"/> out of the referral POSTs: the consent scenario's family stays its own.</summary>
    public static void Reserve(IReadOnlyCollection<string> bsns) => _testBsns = _testBsns.Except(bsns).ToArray();

    /// <summary>Takes <paramref name="count"/> BSNs from the pool for a scenario of its own: no load referral names them after.</summary>
    public static IReadOnlyList<string> Take(int count)
    {
        var taken = _testBsns[^count..];
        _testBsns = _testBsns[..^count];
        return taken;
    }

    public static HttpClient CreateClient(string token)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 2048, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary><paramref name="concurrency"/> workers POST back to back for <paramref name="duration"/>.</summary>
    public static async Task<LoadResult> ClosedLoopAsync(HttpClient http, Uri baseAddress, int concurrency, TimeSpan duration)
    {
        var result = new LoadResult();
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (clock.Elapsed < duration)
            {
                var (ok, ms, _) = await PostAsync(http, baseAddress, Stopwatch.GetTimestamp());
                if (ok)
                {
                    latencies.Add(ms);
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }).ToList();
        await Task.WhenAll(workers);
        result.Seconds = clock.Elapsed.TotalSeconds;
        result.Latencies.AddRange(latencies);
        result.Errors = errors;
        return result;
    }

    /// <summary>
    /// Starts <paramref name="rate"/> POSTs a second for <paramref name="duration"/>, whether or not
    /// earlier ones have answered. Each is timed from when it was due, not from when it went out, and
    /// so is a followed referral's way into the plan: a platform (or load tool) that falls behind
    /// shows in the latencies instead of silently lowering the rate (no coordinated omission).
    /// </summary>
    public static async Task<LoadResult> OpenLoopAsync(HttpClient http, Uri baseAddress, int rate, TimeSpan duration, int followPlanEvery, BenchSettings settings)
    {
        var result = new LoadResult();
        var latencies = new ConcurrentBag<double>();
        var followers = new ConcurrentBag<Task>();
        var errors = 0;
        var inFlight = new List<Task>();
        var total = (int)(rate * duration.TotalSeconds);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * (double)Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var follow = followPlanEvery > 0 && i % followPlanEvery == 0;
            inFlight.Add(Task.Run(async () =>
            {
                var (ok, ms, created) = await PostAsync(http, baseAddress, due);
                if (ok)
                {
                    latencies.Add(ms);
                    if (follow)
                    {
                        followers.Add(FollowAsync(http, settings.Gateway, created!, due, result));
                    }
                }
                else
                {
                    Interlocked.Increment(ref errors);
                }
            }));
        }

        await Task.WhenAll(inFlight);
        result.Seconds = duration.TotalSeconds;
        await Task.WhenAll(followers);
        result.Latencies.AddRange(latencies);
        result.Errors = errors;
        return result;
    }

    /// <summary>One referral POST; its latency counts from <paramref name="started"/> (a timestamp), when it was due.</summary>
    private static async Task<(bool Ok, double Ms, JsonNode? Created)> PostAsync(HttpClient http, Uri baseAddress, long started)
    {
        var bsn = _testBsns[Interlocked.Increment(ref _next) % _testBsns.Length];
        using var content = new StringContent(Body(bsn), Encoding.UTF8, "application/json");
        try
        {
            using var response = await http.PostAsync(new Uri(baseAddress, "/api/referrals"), content);
            var body = await response.Content.ReadAsStringAsync();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return response.StatusCode == HttpStatusCode.Created ? (true, ms, JsonNode.Parse(body)) : (false, ms, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (false, Stopwatch.GetElapsedTime(started).TotalMilliseconds, null);
        }
    }

    /// <summary>
    /// Polls the plan through the gateway until the referral, then its funding route, shows; each
    /// counted from <paramref name="started"/>, when the POST was due (end to end).
    /// </summary>
    private static async Task FollowAsync(HttpClient http, Uri gateway, JsonNode created, long started, LoadResult result)
    {
        var id = created["id"]!.GetValue<string>();
        var familyId = created["familyId"]!.GetValue<string>();
        var seenReferral = false;
        while (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            using var response = await http.GetAsync(new Uri(gateway, $"/api/families/{familyId}/plan"));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var referral = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["members"]!.AsArray()
                    .SelectMany(m => m!["referrals"]!.AsArray())
                    .FirstOrDefault(r => r!["id"]!.GetValue<string>() == id);
                if (referral is not null && !seenReferral)
                {
                    seenReferral = true;
                    lock (result)
                    {
                        result.ToPlan.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }

                if (referral?["fundingRoute"] is not null)
                {
                    lock (result)
                    {
                        result.ToFunding.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }

                    return;
                }
            }

            await Task.Delay(PollInterval);
        }
    }

    private static string Body(string bsn) => $$"""
        {"subject":{"bsn":"{{bsn}}","name":"Bench Child","birthDate":"2011-03-14","municipalityCode":"0344"},
         "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
         "domain":"youth","reason":"Benchmark referral."}
        """;

    /// <summary>The BSNs reserved for test environments (999900006–999999990) that pass the eleven-test.</summary>
    private static IEnumerable<string> BsnPool()
    {
        for (var n = 999900006; n <= 999999990; n++)
        {
            var digits = n.ToString(CultureInfo.InvariantCulture);
            var sum = 0;
            for (var i = 0; i < 8; i++)
            {
                sum += (9 - i) * (digits[i] - '0');
            }

            if ((sum - (digits[8] - '0')) % 11 == 0)
            {
                yield return digits;
            }
        }
    }
}

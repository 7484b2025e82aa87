using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>
/// A financier's list of 1,000 routes (issue 10): the scenario's GP refers 1,000 young people of
/// one municipality (0599, which no other scenario uses), the funding route decides each, and the
/// municipality lists its routes through the gateway, 100 a page (each route read is written to the
/// access log): one page at a time at each concurrency, and the walk through all ten pages.
/// </summary>
internal static class FinancierBench
{
    public const string Municipality = "0599";
    public const int Routes = 1000;
    public const int PageSize = 100;
    public const int Walks = 20;

    public sealed record Result(double SetupSeconds, IReadOnlyList<(int Concurrency, List<double> Reads, int Errors, int Short, double Seconds)> Pages, List<double> WalkMs);

    public static async Task<Result> RunAsync(BenchSettings settings, HttpClient gp, HttpClient municipality, HttpClient management)
    {
        var setup = Stopwatch.StartNew();
        var bsns = Load.Take(Routes);
        await ConsentBench.ReferAllAsync(gp, settings.Gateway, bsns, bsn => $$"""
            {"subject":{"bsn":"{{bsn}}","name":"Bench Youth","birthDate":"2012-06-01","municipalityCode":"{{Municipality}}"},
             "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
             "domain":"youth","reason":"Benchmark referral."}
            """);
        await Backlog.DrainAsync(settings.DataFolder, management);
        var first = new Uri(settings.Gateway, $"/api/funding-routes?limit={PageSize}");
        await ConsentBench.UntilAsync<int>(async () => await CountAsync(municipality, settings.Gateway) >= Routes ? Routes : null, $"{Routes} routes for {Municipality}");
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var limits = settings.Consent;
        static bool Full(string body) => JsonNode.Parse(body)?["items"]?.AsArray().Count == PageSize;
        await ConsentBench.ReadLoopAsync(municipality, first, limits.Concurrencies.Max(), limits.WarmUpReads / 4, limits.TimeLimit, Full);
        var pages = new List<(int, List<double>, int, int, double)>();
        foreach (var concurrency in limits.Concurrencies)
        {
            var (reads, errors, shortPages, seconds) = await ConsentBench.ReadLoopAsync(municipality, first, concurrency, limits.MaxReads / 4, limits.TimeLimit, Full);
            pages.Add((concurrency, reads, errors, shortPages, seconds));
        }

        var walks = new List<double>();
        for (var w = 0; w < Walks; w++)
        {
            var begun = Stopwatch.GetTimestamp();
            var seen = await CountAsync(municipality, settings.Gateway);
            walks.Add(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            if (seen != Routes)
            {
                throw new InvalidOperationException($"a walk through the list saw {seen} routes, not {Routes}");
            }
        }

        return new Result(setupSeconds, pages, walks);
    }

    public static IEnumerable<string> Describe(Result result)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"financier list: {Routes} youth routes of municipality {Municipality} set up in {result.SetupSeconds:F1} s ({Routes} referrals through the gateway, 8 at a time, each decided by the funding route)");
        foreach (var (concurrency, reads, errors, shortPages, seconds) in result.Pages)
        {
            reads.Sort();
            yield return string.Create(CultureInfo.InvariantCulture,
                $"financier list, one page of {PageSize} (each route written to the access log), {concurrency} concurrent: {reads.Count} pages in {seconds:F1} s = {reads.Count / seconds:F0}/s, p50 {Stats.Percentile(reads, 0.5):F1} ms, p90 {Stats.Percentile(reads, 0.9):F1} ms, p99 {Stats.Percentile(reads, 0.99):F1} ms, max {(reads.Count > 0 ? reads[^1] : double.NaN):F1} ms; {errors} errors, {shortPages} short pages");
        }

        result.WalkMs.Sort();
        yield return string.Create(CultureInfo.InvariantCulture,
            $"financier list, all {Routes} routes in {Routes / PageSize} pages by cursor, one walk at a time: {result.WalkMs.Count} walks, p50 {Stats.Percentile(result.WalkMs, 0.5):F0} ms, max {result.WalkMs[^1]:F0} ms");
    }

    /// <summary>Walks the municipality's list by cursor and counts the routes.</summary>
    private static async Task<int> CountAsync(HttpClient municipality, Uri gateway)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = (await municipality.GetFromJsonAsync<JsonObject>(new Uri(gateway, $"/api/funding-routes?limit={PageSize}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"))))!;
            count += page["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return count;
    }
}

using System.Globalization;

namespace Coordination.Bench;

/// <summary>What deploy/bench.sh tells the benchmark, in BENCH_* environment variables.</summary>
internal sealed record BenchSettings(
    Uri Gateway,
    Uri Referral,
    string Token,
    string DataFolder,
    int RabbitPort,
    Uri RabbitManagement,
    int Concurrency,
    TimeSpan Duration,
    TimeSpan WarmUp,
    TimeSpan StepDuration,
    IReadOnlyList<int> Rates,
    int RelayEvents,
    IReadOnlyList<(string Name, int Pid)> Processes,
    IReadOnlySet<string> Scenarios,
    ConsentBenchSettings Consent,
    string MunicipalityToken)
{
    /// <summary>The scenarios, in the order they run; BENCH_SCENARIOS picks some (default: all).</summary>
    public static readonly IReadOnlyList<string> AllScenarios = ["relay", "consent", "family", "portal", "financier", "gateway", "direct", "rates"];

    /// <summary>Whether <paramref name="scenario"/> runs.</summary>
    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    public static BenchSettings FromEnvironment()
    {
        static string Env(string name, string? fallback = null) =>
            Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value
            : fallback ?? throw new InvalidOperationException($"{name} is not set; run deploy/bench.sh");
        static int Int(string name, int fallback) => int.Parse(Env(name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

        return new BenchSettings(
            new Uri(Env("BENCH_GATEWAY")),
            new Uri(Env("BENCH_REFERRAL")),
            Env("BENCH_TOKEN"),
            Env("BENCH_DATA"),
            Int("BENCH_RABBIT_PORT", 5672),
            new Uri(Env("BENCH_RABBIT_MANAGEMENT")),
            Int("BENCH_CONCURRENCY", 32),
            TimeSpan.FromSeconds(Int("BENCH_DURATION", 60)),
            TimeSpan.FromSeconds(Int("BENCH_WARMUP", 30)),
            TimeSpan.FromSeconds(Int("BENCH_STEP_SECONDS", 10)),
            Env("BENCH_RATES", "200,400,600,800,1000,1200,1500").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList(),
            Int("BENCH_RELAY_EVENTS", 20000),
            Env("BENCH_PIDS", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('='))
                .Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToList(),
            ParseScenarios(Env("BENCH_SCENARIOS", string.Join(',', AllScenarios))),
            new ConsentBenchSettings(
                Env("BENCH_TOKEN_PARENTS_GP"),
                Env("BENCH_TOKEN_PARENT"),
                Env("BENCH_PARENT_BSN"),
                Env("BENCH_CONSENT_CONCURRENCY", "1,8").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList(),
                Int("BENCH_CONSENT_WARMUP", 200),
                Int("BENCH_CONSENT_READS", 3000),
                TimeSpan.FromSeconds(Int("BENCH_CONSENT_SECONDS", 20))),
            Env("BENCH_TOKEN_MUNICIPALITY"));
    }

    private static HashSet<string> ParseScenarios(string list)
    {
        var picked = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
        var unknown = picked.Except(AllScenarios).ToList();
        return unknown.Count == 0 ? picked
            : throw new InvalidOperationException($"BENCH_SCENARIOS: unknown {string.Join(", ", unknown)}; known: {string.Join(",", AllScenarios)}");
    }
}

/// <summary>
/// The plan read with a consent check: the parent's own GP (BENCH_TOKEN_PARENTS_GP), the parent as
/// a client (BENCH_TOKEN_PARENT, whose bsn claim is BENCH_PARENT_BSN), the concurrencies to read at,
/// the warm-up reads, and per concurrency at most so many measured reads within so long.
/// </summary>
internal sealed record ConsentBenchSettings(
    string ParentsGpToken,
    string ParentToken,
    string ParentBsn,
    IReadOnlyList<int> Concurrencies,
    int WarmUpReads,
    int MaxReads,
    TimeSpan TimeLimit);

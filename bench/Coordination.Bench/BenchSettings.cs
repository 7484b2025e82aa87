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
    TimeSpan StepDuration,
    IReadOnlyList<int> Rates,
    int RelayEvents,
    IReadOnlyList<(string Name, int Pid)> Processes)
{
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
            TimeSpan.FromSeconds(Int("BENCH_STEP_SECONDS", 10)),
            Env("BENCH_RATES", "200,400,600,800,1000,1200,1500").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList(),
            Int("BENCH_RELAY_EVENTS", 20000),
            Env("BENCH_PIDS", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('='))
                .Select(p => (p[0], int.Parse(p[1], CultureInfo.InvariantCulture)))
                .ToList());
    }
}

namespace Faults.Tests;

/// <summary>
/// What deploy/faults.sh starts and names: a RabbitMQ cluster of three nodes, PostgreSQL for four
/// services and one of its own for the family plan (so that it alone can be stopped). Without them
/// the fault tests report themselves skipped: they run in deploy/faults.sh, not in deploy/test.sh.
/// </summary>
public static class FaultSetting
{
    public static IReadOnlyList<string> Nodes => Split("COORDINATION_FAULTS_RABBITMQ_NODES");

    public static IReadOnlyList<int> Ports => [.. Split("COORDINATION_FAULTS_RABBITMQ_PORTS").Select(int.Parse)];

    public static IReadOnlyList<int> ManagementPorts => [.. Split("COORDINATION_FAULTS_RABBITMQ_MANAGEMENT_PORTS").Select(int.Parse)];

    /// <summary>The folder holding node1, node2 and node3, each with its start.sh.</summary>
    public static string ClusterFolder => Env("COORDINATION_FAULTS_RABBITMQ_DIR")!;

    public static string Postgres => Env("COORDINATION_POSTGRES")!;

    public static string FamilyPlanPostgres => Env("COORDINATION_FAULTS_FAMILY_PLAN_POSTGRES")!;

    public static string FamilyPlanPostgresData => Env("COORDINATION_FAULTS_FAMILY_PLAN_PGDATA")!;

    public static string PostgresBin => Env("COORDINATION_FAULTS_PG_BIN")!;

    /// <summary>Referrals a second (10 unless set).</summary>
    public static int Rate => int.TryParse(Env("COORDINATION_FAULTS_RATE"), out var rate) ? rate : 10;

    /// <summary>How long the load runs (40 s unless set; at most 60).</summary>
    public static TimeSpan Duration => TimeSpan.FromSeconds(Math.Min(60, int.TryParse(Env("COORDINATION_FAULTS_SECONDS"), out var s) ? s : 40));

    /// <summary>Where each fault's figures are appended (a Markdown table row), if set.</summary>
    public static string? Report => Env("COORDINATION_FAULTS_REPORT");

    public static void Require() =>
        Skip.If(Env("COORDINATION_FAULTS_RABBITMQ_NODES") is null || Env("COORDINATION_FAULTS_FAMILY_PLAN_POSTGRES") is null,
            "the fault suite runs in deploy/faults.sh (a RabbitMQ cluster of three nodes and PostgreSQL)");

    private static string[] Split(string name) => (Env(name) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

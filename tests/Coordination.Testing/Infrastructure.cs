using Xunit;

namespace Coordination.Testing;

/// <summary>
/// The real RabbitMQ, PostgreSQL, Redis and (optionally) SQL Server that deploy/test.sh starts and names
/// in environment variables. Without them an integration test reports itself skipped, unless
/// COORDINATION_REQUIRE_INFRASTRUCTURE=1 (as in deploy/test.sh), where it fails instead.
/// </summary>
public static class Infrastructure
{
    public static Uri? RabbitMq => Env("COORDINATION_RABBITMQ") is { } uri ? new Uri(uri) : null;

    public static Uri? RabbitMqManagement => Env("COORDINATION_RABBITMQ_MANAGEMENT") is { } uri ? new Uri(uri) : null;

    public static string? Postgres => Env("COORDINATION_POSTGRES");

    public static string? SqlServer => Env("COORDINATION_SQLSERVER");

    /// <summary>The Redis the portal's replicas share (host:port).</summary>
    public static string? Redis => Env("COORDINATION_REDIS");

    private static bool Required => Env("COORDINATION_REQUIRE_INFRASTRUCTURE") == "1";

    public static void RequireRabbitMq() => Require(RabbitMq is not null && RabbitMqManagement is not null, "RabbitMQ (COORDINATION_RABBITMQ and COORDINATION_RABBITMQ_MANAGEMENT)");

    public static void RequireRedis() => Require(Redis is not null, "Redis (COORDINATION_REDIS)");

    public static void RequireDialect(string dialect)
    {
        switch (dialect)
        {
            case Dialects.Postgres:
                Require(Postgres is not null, "PostgreSQL (COORDINATION_POSTGRES)");
                break;
            case Dialects.SqlServer:
                // No SQL Server runs on the project's machines; these tests run where one is named.
                Skip.If(SqlServer is null, "SQL Server is not configured (set COORDINATION_SQLSERVER to run these tests)");
                break;
        }
    }

    private static void Require(bool present, string what)
    {
        if (!present && Required)
        {
            throw new InvalidOperationException($"{what} is required but not configured.");
        }

        Skip.IfNot(present, $"{what} is not configured; run deploy/test.sh");
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}

public static class Dialects
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";
    public const string SqlServer = "sqlserver";
}

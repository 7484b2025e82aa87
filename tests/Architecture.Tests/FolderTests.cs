using System.Reflection;
using Coordination.Testing;
using NetArchTest.Rules;

namespace Architecture.Tests;

/// <summary>
/// One meaning per folder in every service (issue 23), read from the compiled code, method bodies
/// included: <c>Domain/</c> holds rules and state changes and knows nothing of HTTP or SQL;
/// <c>Data/</c> holds SQL and rows and knows nothing of HTTP. A rule refuses with a reason
/// (<c>Coordination.ServiceDefaults.Outcomes.Refusal</c>), which the endpoints answer as a problem.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FolderTests
{
    /// <summary>
    /// What HTTP is made of: ASP.NET Core, its results, status codes and contexts (the platform's own
    /// text, JSON and If-Match helpers in <c>Coordination.ServiceDefaults.Http</c> are plain code).
    /// </summary>
    private static readonly string[] Http = ["Microsoft.AspNetCore"];

    /// <summary>What SQL is made of: Dapper and the database drivers.</summary>
    private static readonly string[] Sql = ["Dapper", "Microsoft.Data.Sqlite", "Npgsql", "Microsoft.Data.SqlClient", "System.Data"];

    /// <summary>The five services' assemblies, from the platform's own list of services.</summary>
    private static List<Assembly> Services() => Platform.ServiceBuilders.Select(s => s.Build.Method.DeclaringType!.Assembly).ToList();

    /// <summary>The namespaces of a folder of a service and its subfolders, e.g. <c>FundingRoute.Api.Domain.Engine</c>.</summary>
    private static string Folder(Assembly assembly, string folder) => $@"^{System.Text.RegularExpressions.Regex.Escape(assembly.GetName().Name!)}\.{folder}(\..+)?$";

    private static List<string> Violations(string folder, string[] forbidden) =>
        Services().SelectMany(assembly => Types.InAssembly(assembly).That().ResideInNamespaceMatching(Folder(assembly, folder))
                .ShouldNot().HaveDependencyOnAny(forbidden).GetResult().FailingTypes ?? [])
            .Select(t => t.FullName)
            .ToList();

    [Fact]
    public void Every_service_has_a_domain_folder_of_its_own()
    {
        foreach (var assembly in Services())
        {
            Assert.NotEmpty(Types.InAssembly(assembly).That().ResideInNamespaceMatching(Folder(assembly, "Domain")).GetTypes());
        }
    }

    [Fact]
    public void Domain_knows_neither_http_nor_sql() =>
        Assert.Empty(Violations("Domain", [.. Http, .. Sql]));

    [Fact]
    public void Data_knows_no_http() =>
        Assert.Empty(Violations("Data", Http));

    [Fact]
    public void A_subfolder_belongs_to_its_folder() =>
        Assert.Contains(Types.InAssembly(typeof(global::FundingRoute.Api.Program).Assembly).That().ResideInNamespaceMatching(
            Folder(typeof(global::FundingRoute.Api.Program).Assembly, "Domain")).GetTypes(), t => t.FullName.StartsWith("FundingRoute.Api.Domain.Engine.", StringComparison.Ordinal));

    [Fact]
    public void The_rule_finds_http_where_it_is()
    {
        // The same check over the endpoints, which are HTTP: it must name them, or the two above prove nothing.
        var endpoints = Violations("Endpoints", Http);
        Assert.Contains("FamilyPlan.Api.Endpoints.TeamEndpoints", endpoints);
        Assert.Contains("Referral.Api.Endpoints.ReferralEndpoints", endpoints);
    }
}

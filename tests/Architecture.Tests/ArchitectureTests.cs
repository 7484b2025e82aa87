using System.Xml.Linq;
using Coordination.Testing;

namespace Architecture.Tests;

[Trait("Category", "Unit")]
public sealed class ArchitectureTests
{
    private static IEnumerable<(string Name, XDocument Project)> Projects(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Repository.Root, "services"), pattern, SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "gateway"), pattern, SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(Repository.Root, "portal"), pattern, SearchOption.AllDirectories))
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(p => (Path.GetFileNameWithoutExtension(p), XDocument.Load(p)));

    [Fact]
    public void Contract_projects_depend_on_nothing_but_masstransit_abstractions()
    {
        var contracts = Projects("*.Contracts.csproj").ToList();
        Assert.Equal(5, contracts.Count);
        Assert.Empty(contracts.SelectMany(c => DependencyRules.ContractViolations(c.Name, c.Project)));
    }

    /// <summary>Every contract assembly, found from the contract projects on disk.</summary>
    private static List<System.Reflection.Assembly> ContractAssemblies() =>
        Projects("*.Contracts.csproj").Select(p => System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(p.Name))).ToList();

    [Fact]
    public void Contract_assemblies_reference_only_the_runtime_and_masstransit_abstractions()
    {
        var assemblies = ContractAssemblies();
        Assert.Equal(5, assemblies.Count);
        foreach (var assembly in assemblies)
        {
            var foreign = assembly.GetReferencedAssemblies().Select(a => a.Name!)
                .Where(n => n != DependencyRules.AllowedContractPackage && n != "netstandard" && !n.StartsWith("System", StringComparison.Ordinal) && n != "mscorlib");
            Assert.Empty(foreign);
        }
    }

    [Fact]
    public void No_service_or_the_gateway_references_a_services_api_project()
    {
        var projects = Projects("*.csproj").ToList();
        Assert.True(projects.Count >= 13, $"found only {projects.Count} projects");
        Assert.Empty(projects.SelectMany(p => DependencyRules.ApiReferenceViolations(p.Name, p.Project)));
    }

    /// <summary>What a host without a database must not carry: drivers, the data block, the bus.</summary>
    private static readonly string[] DatabaseAndBus =
        ["Coordination.Data", "Coordination.Messaging", "Microsoft.Data.Sqlite", "Npgsql", "Microsoft.Data.SqlClient", "Dapper", "dbup-core", "MassTransit"];

    /// <summary>The runtime libraries of a built host, from its deps.json in the same configuration as these tests.</summary>
    private static List<string> RuntimeLibraries(string projectFolder, string name)
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Debug/", StringComparison.Ordinal) ? "Debug" : "Release";
        var deps = Path.Combine(Repository.Root, projectFolder, "bin", configuration, "net10.0", name + ".deps.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(deps));
        return json.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
    }

    [Fact]
    public void The_gateway_carries_no_database_driver_data_block_or_bus()
    {
        var gateway = RuntimeLibraries("gateway/Coordination.Gateway", "Coordination.Gateway");
        Assert.Contains("Coordination.ServiceDefaults", gateway);
        Assert.Empty(gateway.Intersect(DatabaseAndBus, StringComparer.OrdinalIgnoreCase));

        // The same look at a service finds them: the rule can fail.
        var referral = RuntimeLibraries("services/Referral/Referral.Api", "Referral.Api");
        Assert.Equal(DatabaseAndBus.Length, referral.Intersect(DatabaseAndBus, StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_portal_reaches_the_services_only_through_the_gateway_it_carries_no_database_bus_or_service_code()
    {
        var portal = RuntimeLibraries("portal/Coordination.Portal", "Coordination.Portal");
        Assert.Contains("Coordination.ServiceDefaults", portal);
        Assert.Empty(portal.Intersect(DatabaseAndBus, StringComparer.OrdinalIgnoreCase));
        var serviceCode = Projects("*.Api.csproj").Concat(Projects("*.Contracts.csproj")).Select(p => p.Name).ToList();
        Assert.Equal(11, serviceCode.Count);
        Assert.Empty(portal.Intersect(serviceCode, StringComparer.Ordinal));
    }

    [Fact]
    public void The_fhir_edge_reaches_the_platform_only_through_the_gateway_it_carries_no_database_bus_or_service_code()
    {
        var edge = RuntimeLibraries("services/FhirEdge/FhirEdge.Api", "FhirEdge.Api");
        Assert.Contains("Coordination.ServiceDefaults", edge);
        Assert.Contains("Hl7.Fhir.R4", edge);
        Assert.Empty(edge.Intersect(DatabaseAndBus, StringComparer.OrdinalIgnoreCase));
        var serviceCode = Projects("*.Api.csproj").Concat(Projects("*.Contracts.csproj")).Select(p => p.Name).Where(n => n != "FhirEdge.Api").ToList();
        Assert.Equal(10, serviceCode.Count);
        Assert.Empty(edge.Intersect(serviceCode, StringComparer.Ordinal));
    }

    [Fact]
    public void The_contract_rule_fails_on_a_contract_that_references_more()
    {
        var bad = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk">
              <ItemGroup>
                <PackageReference Include="MassTransit.Abstractions" />
                <PackageReference Include="Dapper" />
                <ProjectReference Include="../../BuildingBlocks/Coordination.Data/Coordination.Data.csproj" />
              </ItemGroup>
            </Project>
            """);
        var violations = DependencyRules.ContractViolations("Bad.Contracts", bad);
        Assert.Equal(2, violations.Count);
        Assert.Contains(violations, v => v.Contains("Dapper", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("Coordination.Data", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_rule_fails_on_a_service_that_references_another_services_api()
    {
        var bad = XDocument.Parse("""
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <ItemGroup>
                <ProjectReference Include="../../Referral/Referral.Contracts/Referral.Contracts.csproj" />
                <ProjectReference Include="..\..\Referral\Referral.Api\Referral.Api.csproj" />
              </ItemGroup>
            </Project>
            """);
        var violation = Assert.Single(DependencyRules.ApiReferenceViolations("FamilyPlan.Api", bad));
        Assert.Contains("Referral.Api", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_message_type_is_declared_once_across_the_solution()
    {
        // A copied event class with a drifted namespace silently stops delivery.
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "services"), "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains("/obj/", StringComparison.Ordinal) && !p.Contains("/bin/", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var messages = ContractAssemblies().SelectMany(a => a.GetExportedTypes()).Select(t => t.Name).ToList();
        Assert.Contains("ReferralSubmitted", messages);
        Assert.Contains("FundingRouteDecided", messages);
        foreach (var message in messages)
        {
            var declaration = new System.Text.RegularExpressions.Regex($@"\b(record|class|interface)\s+{message}\b");
            Assert.Single(sources, declaration.IsMatch);
        }
    }
}

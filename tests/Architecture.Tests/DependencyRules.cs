using System.Xml.Linq;

namespace Architecture.Tests;

/// <summary>The dependency rules, as functions over a project file, so each can be shown to fail.</summary>
public static class DependencyRules
{
    public const string AllowedContractPackage = "MassTransit.Abstractions";

    /// <summary>A contract project depends on nothing but MassTransit.Abstractions.</summary>
    public static IReadOnlyList<string> ContractViolations(string projectName, XDocument project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var violations = new List<string>();
        foreach (var reference in project.Descendants().Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference" or "FrameworkReference" or "Reference"))
        {
            var include = (string?)reference.Attribute("Include") ?? "?";
            if (!(reference.Name.LocalName == "PackageReference" && include == AllowedContractPackage))
            {
                violations.Add($"{projectName} references {reference.Name.LocalName} {include}");
            }
        }

        return violations;
    }

    /// <summary>No service references another service's API project (contracts are the only way in).</summary>
    public static IReadOnlyList<string> ApiReferenceViolations(string projectName, XDocument project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return project.Descendants()
            .Where(e => e.Name.LocalName == "ProjectReference")
            .Select(e => ((string?)e.Attribute("Include") ?? string.Empty).Replace('\\', '/'))
            .Where(include => Path.GetFileNameWithoutExtension(include).EndsWith(".Api", StringComparison.Ordinal))
            .Select(include => $"{projectName} references the API project {include}")
            .ToList();
    }
}

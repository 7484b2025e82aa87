using Microsoft.Extensions.DependencyInjection;

namespace Coordination.ServiceDefaults.Outcomes;

/// <summary>
/// The rules a service refuses by, each id with what the rule requires: the service's OpenAPI
/// document lists them as the problem types its answers can carry (issue 23, docs/adr/0021).
/// </summary>
/// <param name="Rules">Every rule id of the service with a one-sentence description.</param>
public sealed record ProblemTypes(IReadOnlyDictionary<string, string> Rules);

/// <summary>Registers a service's <see cref="ProblemTypes"/>.</summary>
public static class ProblemTypesExtensions
{
    /// <summary>Declares <paramref name="rules"/> (rule id → what it requires) as the service's problem types.</summary>
    public static IServiceCollection AddProblemTypes(this IServiceCollection services, IReadOnlyDictionary<string, string> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        return services.AddSingleton(new ProblemTypes(rules));
    }
}

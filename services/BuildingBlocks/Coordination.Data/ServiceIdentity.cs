using System.Text.RegularExpressions;

namespace Coordination.Data;

/// <summary>
/// Which service this host is, as <see cref="DataHostingExtensions.AddCoordinationData"/> was told:
/// the name of its database file on SQLite and the prefix of its own queues, e.g. <c>family-plan</c>.
/// </summary>
public sealed partial record ServiceIdentity
{
    /// <summary>The identity of the service named <paramref name="name"/>: lower-case words joined by hyphens.</summary>
    public ServiceIdentity(string name)
    {
        if (name is null || !KebabCase().IsMatch(name))
        {
            throw new ArgumentException($"A service name is lower-case words joined by hyphens, e.g. family-plan; got '{name}'.", nameof(name));
        }

        Name = name;
    }

    /// <summary>The service's name.</summary>
    public string Name { get; }

    [GeneratedRegex(@"\A[a-z][a-z0-9]*(-[a-z0-9]+)*\z")]
    private static partial Regex KebabCase();
}

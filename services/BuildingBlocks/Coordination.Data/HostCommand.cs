namespace Coordination.Data;

/// <summary>
/// A task an operator runs with a service's own executable and configuration instead of serving
/// requests, e.g. <c>Referral.Api migrate</c> in a Kubernetes Job.
/// </summary>
/// <param name="services">The built (not started) host's services.</param>
/// <param name="output">Where the command prints its result.</param>
/// <param name="cancellationToken">Cancelled when the operator stops the command.</param>
/// <returns>The process exit code: 0 for success.</returns>
public delegate Task<int> HostCommand(IServiceProvider services, TextWriter output, CancellationToken cancellationToken);

/// <summary>A command a building block adds to every service that uses it, registered as a singleton.</summary>
/// <param name="Name">What the operator types, e.g. <c>requeue-parked</c>.</param>
/// <param name="Summary">One line for the list of commands.</param>
/// <param name="Run">The command.</param>
public sealed record NamedHostCommand(string Name, string Summary, HostCommand Run);


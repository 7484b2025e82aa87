using Hl7.Fhir.Model;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FhirEdge.Api.Fhir;

/// <summary>
/// Prepares the validator when the edge starts: the first validation against a profile unpacks the
/// base specification, generates the snapshots and compiles the schemas, seconds of work that no
/// partner's request should wait for. The edge is ready (<c>/health/ready</c>) once it is done.
/// </summary>
public sealed class ValidatorWarmUp(ProfileValidator validator, ILogger<ValidatorWarmUp> logger) : BackgroundService, IHealthCheck
{
    private volatile bool _ready;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        System.Threading.Tasks.Task.FromResult(_ready ? HealthCheckResult.Healthy("The profiles are compiled.") : HealthCheckResult.Unhealthy("The profiles are being compiled."));

    protected override async System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // One resource of each profiled type the edge takes or gives, so each profile is compiled once.
        Resource[] resources =
        [
            new Patient(), new RelatedPerson(), new Practitioner(), new PractitionerRole(), new Organization(), new ServiceRequest(),
            new Hl7.Fhir.Model.Task(), new Condition(), new Coverage(), new CareTeam(), new Goal(),
        ];
        foreach (var resource in resources)
        {
            await validator.ValidateAsync(resource, stoppingToken);
        }

        // Compiling leaves about 115 MB of garbage that the GC would otherwise keep committed for a long time: given back once,
        // before the first request (docs/performance.md, 8 December).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _ready = true;
        logger.LogInformation("FHIR profiles compiled in {Seconds:F1} s", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}

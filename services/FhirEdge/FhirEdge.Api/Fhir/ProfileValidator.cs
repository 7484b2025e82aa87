using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace FhirEdge.Api.Fhir;

/// <summary>
/// Validates resources against the nl-core (zib2020) profiles where one exists for their type
/// (<see cref="NlCoreProfiles"/>, vendored in <c>Profiles/</c>) and against base R4 otherwise, offline:
/// the base specification comes from <c>specification.zip</c>, value sets that cannot be expanded here
/// (SNOMED CT, AGB, …) give a warning, not an error. One instance a process: it compiles each profile
/// once and keeps it. Firely's resolvers and snapshot generator are not thread-safe (firely-validator-api
/// issues 378 and 381), so one validation runs at a time.
/// </summary>
public sealed class ProfileValidator : IDisposable
{
    private readonly Validator _validator;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <param name="profiles">The folder of the vendored profiles and value sets (JSON).</param>
    /// <param name="specificationZip">The base R4 conformance resources.</param>
    /// <param name="extractTo">A writable folder where the zip is unpacked once (about 60 MB).</param>
    public ProfileValidator(string profiles, string specificationZip, string extractTo)
    {
        var local = new DirectorySource(profiles, new DirectorySourceSettings { IncludeSubDirectories = true, Masks = ["*.json"] });
        var core = new ZipSource(specificationZip, extractTo, new DirectorySourceSettings { IncludeSubDirectories = true });
        // The profiles are differentials only: the snapshots are generated from their bases on first use and kept.
        var artifacts = new CachedResolver(new MultiResolver(local, core));
        var withSnapshots = new CachedResolver(new SnapshotSource(artifacts));
        var settings = new ValidationSettings
        {
            // A meta.profile claim this edge does not know would be an error ("unable to resolve"); it validates against its own choice.
            SelectValidationProfiles = (_, claimed, _, _) => claimed.Where(c => c.Uri is not null && NlCoreProfiles.All.Contains(c.Uri)).ToArray(),
        };
        settings.ExcludeFilters.Add(IsRef1);
        _validator = new Validator(withSnapshots, TerminologyServiceFactory.CreateDefaultForCore(artifacts), referenceResolver: null, settings);
    }

    /// <summary>The validator over the profiles and the specification next to the assembly, unpacking into <paramref name="extractTo"/>.</summary>
    public static ProfileValidator FromOutput(string extractTo) =>
        new(Path.Combine(AppContext.BaseDirectory, "Profiles"), Path.Combine(AppContext.BaseDirectory, "specification.zip"), extractTo);

    /// <summary>Validates <paramref name="resource"/> against its type's profile (<see cref="NlCoreProfiles.For"/>).</summary>
    public async Task<OperationOutcome> ValidateAsync(Resource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var profile = NlCoreProfiles.For(resource.TypeName);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _validator.Validate(resource, profile);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    // R4's invariant ref-1 ("a local reference needs a contained resource") fails in Firely's validator on a
    // reference that holds only an identifier (firely-net-sdk issues 2199, 2941 and 3571): the reference
    // string is absent, and the R4 text lacks the later "reference.exists() implies". Such logical references
    // (a Patient by BSN, an organisation by AGB) are how the edge names what it does not hold, so ref-1 is
    // left out; the edge itself resolves every reference of a bundle it takes, and never writes a local one.
#pragma warning disable ExperimentalApi // FhirPathValidator is how the validator names an invariant; no stable API names one.
    private static bool IsRef1(IAssertion assertion) => assertion is FhirPathValidator { Key: "ref-1" };
#pragma warning restore ExperimentalApi
}

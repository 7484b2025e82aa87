using Hl7.Fhir.Model;

namespace FhirEdge.Api.Fhir;

/// <summary>What the edge implements, and nothing more (<c>GET /fhir/metadata</c>).</summary>
public static class Capabilities
{
    /// <summary>The interactions of each resource type, as <c>FhirEndpoints</c> maps them.</summary>
    public static readonly IReadOnlyDictionary<string, (CapabilityStatement.TypeRestfulInteraction[] Interactions, string[] SearchParameters)> Resources =
        new Dictionary<string, (CapabilityStatement.TypeRestfulInteraction[], string[])>(StringComparer.Ordinal)
        {
            // Searched with POST …/_search only: a BSN is never put in a URL.
            ["ServiceRequest"] = ([CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType], ["patient.identifier", "_count"]),
            ["CarePlan"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["CareTeam"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["Goal"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["Observation"] = ([CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType], ["based-on", "_count"]),
            ["Appointment"] = ([CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType], ["supporting-info", "_count"]),
            ["Consent"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["Coverage"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["DocumentReference"] = ([CapabilityStatement.TypeRestfulInteraction.Read], []),
            ["AuditEvent"] = ([CapabilityStatement.TypeRestfulInteraction.SearchType], ["patient", "_count"]),
            ["Task"] = ([CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType], ["owner", "_lastUpdated", "_count"]),
        };

    public static CapabilityStatement Statement() => new()
    {
        Status = PublicationStatus.Active,
        Date = "2026-12-08",
        Kind = CapabilityStatementKind.Instance,
        Software = new CapabilityStatement.SoftwareComponent { Name = "Coordination FHIR edge" },
        Implementation = new CapabilityStatement.ImplementationComponent { Description = "Referrals in, the closed loop out; nl-core (zib2020) profiles where one exists." },
        FhirVersion = FHIRVersion.N4_0_1,
        Format = ["json"],
        Rest =
        [
            new CapabilityStatement.RestComponent
            {
                Mode = CapabilityStatement.RestfulCapabilityMode.Server,
                Security = new CapabilityStatement.SecurityComponent { Description = "A bearer token of the platform's identity provider on every request but this one." },
                Resource = Resources.Select(r => new CapabilityStatement.ResourceComponent
                {
                    Type = r.Key,
                    Interaction = r.Value.Interactions.Select(i => new CapabilityStatement.ResourceInteractionComponent { Code = i }).ToList(),
                    SearchParam = r.Value.SearchParameters.Select(p => new CapabilityStatement.SearchParamComponent
                    {
                        Name = p,
                        Type = p switch { "_lastUpdated" => SearchParamType.Date, "_count" => SearchParamType.Number, "patient.identifier" => SearchParamType.Token, _ => SearchParamType.Reference },
                    }).ToList(),
                }).ToList(),
                Interaction = [new CapabilityStatement.SystemInteractionComponent { Code = CapabilityStatement.SystemRestfulInteraction.Transaction }],
            },
        ],
    };
}

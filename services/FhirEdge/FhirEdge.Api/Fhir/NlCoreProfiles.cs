namespace FhirEdge.Api.Fhir;

/// <summary>
/// The profile each resource type is validated against: the nl-core (zib2020) profile where one
/// exists (Profiles/README.md), base R4 otherwise. A referral has no nl-core profile
/// (<c>nl-core-Procedure-request</c> is a planned procedure, docs/adr/0025).
/// </summary>
public static class NlCoreProfiles
{
    private const string NlCore = "http://nictiz.nl/fhir/StructureDefinition/";
    private const string Core = "http://hl7.org/fhir/StructureDefinition/";

    public const string Patient = NlCore + "nl-core-Patient";
    public const string ContactPerson = NlCore + "nl-core-ContactPerson";
    public const string Practitioner = NlCore + "nl-core-HealthProfessional-Practitioner";
    public const string PractitionerRole = NlCore + "nl-core-HealthProfessional-PractitionerRole";
    public const string HealthcareProvider = NlCore + "nl-core-HealthcareProvider-Organization";
    public const string CareTeam = NlCore + "nl-core-CareTeam";
    public const string TreatmentObjective = NlCore + "nl-core-TreatmentObjective";
    public const string PayerInsuranceCompany = NlCore + "nl-core-Payer.InsuranceCompany";
    public const string PayerOrganization = NlCore + "nl-core-Payer-Organization";

    private static readonly Dictionary<string, string> ByType = new(StringComparer.Ordinal)
    {
        ["Patient"] = Patient,
        ["RelatedPerson"] = ContactPerson,
        ["Practitioner"] = Practitioner,
        ["PractitionerRole"] = PractitionerRole,
        ["Organization"] = HealthcareProvider,
        ["CareTeam"] = CareTeam,
        ["Goal"] = TreatmentObjective,
        ["Coverage"] = PayerInsuranceCompany,
    };

    /// <summary>Every nl-core profile the edge validates against.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(ByType.Values.Append(PayerOrganization), StringComparer.Ordinal);

    /// <summary>The profile a resource of <paramref name="type"/> is validated against.</summary>
    public static string For(string type) => ByType.TryGetValue(type, out var profile) ? profile : Core + type;
}

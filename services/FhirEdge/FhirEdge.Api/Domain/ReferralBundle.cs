using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>What is wrong with a bundle, at which element (a FHIRPath expression into the bundle).</summary>
public sealed record BundleIssue(string Expression, string Message);

/// <summary>
/// Reads a referral from a FHIR transaction bundle (docs/fhir.md): one ServiceRequest, its subject
/// (Patient, BSN), its requester (PractitionerRole → Practitioner and the practice's Organization by
/// AGB), the household (RelatedPerson with a BSN), the suspected disorder (Condition, ICD-10 code of
/// the DSM-5 classification) and the insurer (Coverage whose payor has a UZOVI code). Pure: the
/// caller validates the resources against their profiles and sends the result to the referral API.
/// </summary>
public static class ReferralBundle
{
    public const string BsnSystem = "http://fhir.nl/fhir/NamingSystem/bsn";
    public const string AgbSystem = "http://fhir.nl/fhir/NamingSystem/agb-z";
    public const string UzoviSystem = "http://fhir.nl/fhir/NamingSystem/uzovi";

    /// <summary>GBA table 33: the municipalities' codes, given on <c>Address.district</c> with the core extension below.</summary>
    public const string MunicipalitySystem = "urn:oid:2.16.840.1.113883.2.4.6.14";

    /// <summary>HL7's core extension that gives a code to a string element.</summary>
    public const string StringCoding = "http://hl7.org/fhir/StructureDefinition/iso21090-SC-coding";

    /// <summary>The ICD-10 code systems a DSM-5 classification may be given in.</summary>
    public static readonly IReadOnlySet<string> IcdSystems = new HashSet<string>(StringComparer.Ordinal)
    {
        "http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10", "http://hl7.org/fhir/sid/icd-10-nl",
    };

    /// <summary>The care level asked for in adult GGZ, as a ServiceRequest.category: basic (generalistische basis-ggz) or specialised.</summary>
    public const string CareLevelSystem = "urn:coordination:care-level";

    private const string RoleCodes = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";

    /// <summary>The referral in <paramref name="bundle"/> on <paramref name="today"/>, or the issues that stop it.</summary>
    public static (ReferralSubmission? Submission, IReadOnlyList<BundleIssue> Issues) Read(Bundle bundle, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var issues = new List<BundleIssue>();
        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            issues.Add(new("Bundle.type", "A referral is sent as a transaction bundle."));
        }

        var entries = bundle.Entry.Select((e, i) => (Entry: e, Path: $"Bundle.entry[{i}]")).ToList();
        foreach (var (entry, path) in entries.Where(e => e.Entry.Resource is null || e.Entry.Request?.Method != Bundle.HTTPVerb.POST))
        {
            issues.Add(new(path, "Each entry holds a resource to create (request.method POST)."));
        }

        var requests = entries.Where(e => e.Entry.Resource is ServiceRequest).ToList();
        if (requests.Count != 1)
        {
            issues.Add(new("Bundle.entry", $"A referral bundle holds one ServiceRequest, not {requests.Count}."));
            return (null, issues);
        }

        var (requestEntry, requestPath) = requests[0];
        var request = (ServiceRequest)requestEntry.Resource!;
        var at = requestPath + ".resource";
        if (request.Status != RequestStatus.Active)
        {
            issues.Add(new(at + ".status", "A referral is sent as an active request."));
        }

        if (request.Intent is not (RequestIntent.Order or RequestIntent.OriginalOrder))
        {
            issues.Add(new(at + ".intent", "A referral is an order."));
        }

        Resource? Resolve(ResourceReference? reference, string element)
        {
            if (reference?.Reference is not { Length: > 0 } target)
            {
                issues.Add(new($"{at}.{element}", $"{element} is required and refers to an entry of the bundle."));
                return null;
            }

            var found = entries.FirstOrDefault(e => e.Entry.FullUrl == target || (e.Entry.Resource is { } r && $"{r.TypeName}/{r.Id}" == target));
            if (found.Entry is null)
            {
                issues.Add(new($"{at}.{element}", $"{target} is not an entry of the bundle."));
            }

            return found.Entry?.Resource;
        }

        var patient = Resolve(request.Subject, "subject") as Patient;
        var subject = patient is null ? null : Person(patient, PathOf(entries, patient), issues);
        var referrer = Referrer(Resolve(request.Requester, "requester"), entries, at + ".requester", issues);
        var receiver = request.Performer.Count == 0 ? null : Receiver(Resolve(request.Performer[0], "performer[0]"), at + ".performer[0]", issues);
        var reason = request.ReasonCode.Select(c => c.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));
        if (reason is null)
        {
            issues.Add(new(at + ".reasonCode", "Why the client is referred is required, as reasonCode.text."));
        }

        DsmPart? dsm = null;
        if (request.ReasonReference.Count > 0 && Resolve(request.ReasonReference[0], "reasonReference[0]") is Condition condition)
        {
            var coding = condition.Code?.Coding.FirstOrDefault(c => c.System is { } s && IcdSystems.Contains(s));
            if (coding is null)
            {
                issues.Add(new(PathOf(entries, condition) + ".code", "The suspected disorder is given as the ICD-10 code of its DSM-5 classification."));
            }
            else
            {
                dsm = new DsmPart(coding.Code, coding.Display ?? condition.Code!.Text);
            }
        }

        var coverageUzovi = entries.Select(e => e.Entry.Resource).OfType<Coverage>()
            .Select(c => Resolve(c.Payor.FirstOrDefault(), "payor") as Organization)
            .SelectMany(o => o?.Identifier ?? []).FirstOrDefault(i => i.System == UzoviSystem)?.Value;
        var household = entries.Where(e => e.Entry.Resource is RelatedPerson)
            .Select(e => Member((RelatedPerson)e.Entry.Resource!, e.Path + ".resource", issues)).ToList();
        var urgent = request.Priority is RequestPriority.Urgent or RequestPriority.Asap or RequestPriority.Stat;
        if (issues.Count > 0 || subject is null || referrer is null)
        {
            return (null, issues);
        }

        var domain = subject.BirthDate is { } born && Age(born, today) < 18 ? "youth" : "adult";
        return (new ReferralSubmission(subject with { Uzovi = coverageUzovi }, household, referrer, domain, reason, dsm,
            request.Category.SelectMany(c => c.Coding).FirstOrDefault(c => c.System == CareLevelSystem)?.Code, urgent, urgent ? request.Note.Select(n => n.Text).FirstOrDefault() : null, receiver), issues);
    }

    /// <summary>Which element of the bundle a field of the referral API's answer came from.</summary>
    public static string ExpressionOf(Bundle bundle, string field)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        ArgumentNullException.ThrowIfNull(field);
        var entries = bundle.Entry.Select((e, i) => (Entry: e, Path: $"Bundle.entry[{i}]")).ToList();
        string Of<T>(string element, int index = 0, string? otherwise = null) where T : Resource
        {
            var found = entries.Where(e => e.Entry.Resource is T).Skip(index).FirstOrDefault();
            return found.Entry is not null ? $"{found.Path}.resource{element}" : otherwise is null ? "Bundle" : Of<ServiceRequest>(otherwise);
        }

        var head = field.Split('.')[0];
        var member = head.StartsWith("household[", StringComparison.Ordinal) && int.TryParse(head.AsSpan(10, head.Length - 11), out var i) ? i : -1;
        return field switch
        {
            "subject.bsn" => Of<Patient>(".identifier"),
            "subject.name" => Of<Patient>(".name"),
            "subject.birthDate" => Of<Patient>(".birthDate"),
            "subject.municipalityCode" => Of<Patient>(".address"),
            "subject.uzovi" => Of<Coverage>(".payor", otherwise: string.Empty),
            _ when head == "subject" => Of<Patient>(string.Empty),
            _ when member >= 0 => Of<RelatedPerson>(string.Empty, member),
            _ when head == "referrer" => Of<ServiceRequest>(".requester"),
            _ when head == "receiver" => Of<ServiceRequest>(".performer"),
            _ when head == "suspectedDsm" => Of<Condition>(".code", otherwise: ".reasonReference"),
            "domain" => Of<Patient>(".birthDate"),
            "reason" => Of<ServiceRequest>(".reasonCode"),
            "careLevel" => Of<ServiceRequest>(".category"),
            "urgentReason" => Of<ServiceRequest>(".note"),
            _ => Of<ServiceRequest>(string.Empty),
        };
    }

    private static string PathOf(List<(Bundle.EntryComponent Entry, string Path)> entries, Resource resource) =>
        entries.First(e => ReferenceEquals(e.Entry.Resource, resource)).Path + ".resource";

    private static int Age(DateOnly born, DateOnly today) =>
        today.Year - born.Year - (today < born.AddYears(today.Year - born.Year) ? 1 : 0);

    private static PersonPart Person(Patient patient, string at, List<BundleIssue> issues)
    {
        var bsn = Bsn(patient.Identifier, at, issues);
        var municipality = patient.Address.Select(a => a.DistrictElement?.GetExtension(StringCoding)?.Value).OfType<Coding>()
            .FirstOrDefault(c => c.System == MunicipalitySystem)?.Code;
        if (municipality is null)
        {
            issues.Add(new(at + ".address", $"The municipality of residence is given as address.district with a {MunicipalitySystem} code (GBA table 33) in the extension {StringCoding}."));
        }

        return new PersonPart(bsn, NameOf(patient.Name), Date(patient.BirthDate, at + ".birthDate", issues), municipality, Uzovi: null);
    }

    private static HouseholdPart Member(RelatedPerson person, string at, List<BundleIssue> issues)
    {
        var codes = person.Relationship.SelectMany(r => r.Coding).Where(c => c.System == RoleCodes).Select(c => c.Code).ToList();
        var relation = codes.Select(RelationOf).FirstOrDefault(r => r is not null) ?? "other";
        return new HouseholdPart(Bsn(person.Identifier, at, issues), NameOf(person.Name), Date(person.BirthDate, at + ".birthDate", issues), relation,
            Custody: codes.Contains("GUARD"));
    }

    private static string? RelationOf(string? code) => code switch
    {
        "PRN" or "MTH" or "FTH" or "NPRN" or "NMTH" or "NFTH" or "STPPRN" or "STPMTH" or "STPFTH" => "parent",
        "CHILD" or "SON" or "DAU" or "NCHILD" or "STPCHLD" => "child",
        "SPS" or "HUSB" or "WIFE" or "DOMPART" or "SIGOTHR" => "partner",
        "SIB" or "BRO" or "SIS" or "NSIB" or "HSIB" or "STPSIB" => "sibling",
        "GRPRN" or "GRMTH" or "GRFTH" => "grandparent",
        _ => null,
    };

    private static ReferrerPart? Referrer(Resource? requester, List<(Bundle.EntryComponent Entry, string Path)> entries, string at, List<BundleIssue> issues)
    {
        Resource? Find(ResourceReference? reference) =>
            reference?.Reference is { } target ? entries.FirstOrDefault(e => e.Entry.FullUrl == target).Entry?.Resource : null;

        var (practice, practitioner) = requester switch
        {
            PractitionerRole role => (Find(role.Organization) as Organization, Find(role.Practitioner) as Practitioner),
            Organization organization => (organization, null),
            _ => (null, null),
        };
        var agb = practice?.Identifier.FirstOrDefault(i => i.System == AgbSystem)?.Value;
        if (agb is null)
        {
            issues.Add(new(at, "The requester is a PractitionerRole whose organization (the practice) has an AGB code (" + AgbSystem + ")."));
            return null;
        }

        // A GP or a POH-GGZ refers under the practice's AGB code, as referrer type 02 (iJw COD327).
        return new ReferrerPart(agb, "02", NameOf(practitioner?.Name ?? []) ?? practice!.Name);
    }

    private static ReceiverPart? Receiver(Resource? performer, string at, List<BundleIssue> issues)
    {
        if (performer is Organization { } organization && organization.Identifier.FirstOrDefault(i => i.System == AgbSystem)?.Value is { } agb)
        {
            return new ReceiverPart(agb, organization.Name);
        }

        issues.Add(new(at, "The performer, when given, is the receiving Organization with its AGB code (" + AgbSystem + ")."));
        return null;
    }

    private static string? Bsn(List<Identifier> identifiers, string at, List<BundleIssue> issues)
    {
        var bsn = identifiers.FirstOrDefault(i => i.System == BsnSystem)?.Value;
        if (bsn is null)
        {
            issues.Add(new(at + ".identifier", $"A BSN is required ({BsnSystem})."));
        }

        return bsn;
    }

    private static DateOnly? Date(string? value, string at, List<BundleIssue> issues)
    {
        if (value is not null && DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date))
        {
            return date;
        }

        issues.Add(new(at, "The date of birth is required, as a whole date (YYYY-MM-DD)."));
        return null;
    }

    private static string? NameOf(IEnumerable<HumanName> names)
    {
        var name = names.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? names.FirstOrDefault();
        if (name is null)
        {
            return null;
        }

        return !string.IsNullOrWhiteSpace(name.Text) ? name.Text : string.Join(' ', name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p)));
    }
}

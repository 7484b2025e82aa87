using FhirEdge.Api.Domain;
using Hl7.Fhir.Model;
using Person = Coordination.Testing.Person;

namespace FhirEdge.Tests;

/// <summary>Referrals as a GP's information system sends them: a transaction bundle of nl-core resources.</summary>
public static class ReferralBundles
{
    public const string GpPractice = "01012345";

    /// <summary>The referral of <paramref name="subject"/> living in <paramref name="municipality"/>, to the organisation <paramref name="receiver"/>.</summary>
    public static Bundle Referral(
        Person subject, string municipality, string reason, string receiver, string receiverName,
        IEnumerable<(Person Person, string RoleCode)>? household = null, string? uzovi = null, (string Code, string Display)? dsm = null, bool urgent = false, string? urgentReason = null,
        string? careLevel = null)
    {
        var ids = new Dictionary<string, string>();
        ResourceReference To(string name) => new(Uuid(name));
        string Uuid(string name) => ids.TryGetValue(name, out var id) ? id : ids[name] = "urn:uuid:" + Guid.NewGuid();
        var patient = new Patient
        {
            Meta = new Meta { Profile = [Api.Fhir.NlCoreProfiles.Patient] },
            Identifier = [new Identifier(ReferralBundle.BsnSystem, subject.Bsn)],
            Name = [Name(subject.Name)],
            BirthDate = subject.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            Address = [Address(municipality)],
        };
        var practice = new Organization
        {
            Identifier = [new Identifier(ReferralBundle.AgbSystem, GpPractice)],
            Name = "Huisartsenpraktijk Lombok",
        };
        var gp = new Practitioner { Name = [Name("Anna Jansen")] };
        var role = new PractitionerRole { Practitioner = To("gp"), Organization = To("practice") };
        var receiving = new Organization { Identifier = [new Identifier(ReferralBundle.AgbSystem, receiver)], Name = receiverName };
        var request = new ServiceRequest
        {
            Status = RequestStatus.Active,
            Intent = RequestIntent.Order,
            Priority = urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Subject = To("patient"),
            Requester = To("role"),
            Performer = [To("receiver")],
            ReasonCode = [new CodeableConcept { Text = reason }],
            Note = urgentReason is null ? [] : [new Annotation { Text = new Markdown(urgentReason) }],
            Category = careLevel is null ? [] : [new CodeableConcept(ReferralBundle.CareLevelSystem, careLevel)],
        };
        var entries = new List<(string Id, Resource Resource)>
        {
            ("request", request), ("patient", patient), ("role", role), ("gp", gp), ("practice", practice), ("receiver", receiving),
        };
        foreach (var (person, code) in household ?? [])
        {
            entries.Add(("member-" + person.Bsn, new RelatedPerson
            {
                Patient = To("patient"),
                Identifier = [new Identifier(ReferralBundle.BsnSystem, person.Bsn)],
                Name = [Name(person.Name)],
                BirthDate = person.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                Relationship = code.Split(',').Select(c => new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-RoleCode", c)).ToList(),
            }));
        }

        if (dsm is { } disorder)
        {
            entries.Add(("condition", new Condition
            {
                Subject = To("patient"),
                VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "provisional"),
                Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10-cm", disorder.Code, disorder.Display, null),
            }));
            request.ReasonReference = [To("condition")];
        }

        if (uzovi is not null)
        {
            entries.Add(("insurer", new Organization { Identifier = [new Identifier(ReferralBundle.UzoviSystem, uzovi)], Name = "Zorgverzekeraar" }));
            entries.Add(("coverage", new Coverage
            {
                Status = FinancialResourceStatusCodes.Active,
                Beneficiary = To("patient"),
                Payor = [To("insurer")],
            }));
        }

        return new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Identifier = new Identifier("urn:ietf:rfc:3986", "urn:uuid:" + Guid.NewGuid()),
            Entry = entries.Select(e => new Bundle.EntryComponent
            {
                FullUrl = Uuid(e.Id),
                Resource = e.Resource,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = e.Resource.TypeName },
            }).ToList(),
        };
    }

    private static HumanName Name(string full)
    {
        var parts = full.Split(' ', 2);
        var given = new FhirString(parts[0]);
        given.AddExtension("http://hl7.org/fhir/StructureDefinition/iso21090-EN-qualifier", new Code("BR"));
        return new HumanName { Use = HumanName.NameUse.Official, Text = full, Family = parts.Length > 1 ? parts[1] : parts[0], GivenElement = [given] };
    }

    private static Address Address(string municipality)
    {
        var district = new FhirString("Utrecht");
        district.AddExtension(ReferralBundle.StringCoding, new Coding(ReferralBundle.MunicipalitySystem, municipality));
        return new Address { Use = Hl7.Fhir.Model.Address.AddressUse.Home, DistrictElement = district, Country = "NL" };
    }
}

using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>
/// A funding route as its financier reads it, as a Coverage (nl-core-Payer.InsuranceCompany): the
/// beneficiary by BSN, the payor by UZOVI code (an insurer, Zvw: basisverzekering) or by GBA table 33
/// code (a municipality, Jeugdwet or Wmo), the law and the rule that decided it. No clinical content:
/// the route holds none.
/// </summary>
public static class CoverageResources
{
    /// <summary>Vektis' Verzekeringssoort (COD 5.1), the list nl-core binds Coverage.type to.</summary>
    public const string InsuranceKindSystem = "urn:oid:2.16.840.1.113883.2.4.3.11.60.101.5.1";

    /// <summary>The law that pays, and the rule that decided it (funding route's own ids).</summary>
    public const string LawSystem = "urn:coordination:funding-law";

    public static Coverage CoverageOf(FinancierRoute route)
    {
        ArgumentNullException.ThrowIfNull(route);
        var insurer = route.FinancierType == "insurer";
        return new Coverage
        {
            Id = route.ReferralId.ToString(),
            Status = FinancialResourceStatusCodes.Active,
            // The basic insurance (B) for the Zvw; a municipality's Jeugdwet or Wmo has no kind in the list.
            Type = insurer ? new CodeableConcept(InsuranceKindSystem, "B", "Basisverzekering", null) : null,
            Beneficiary = new ResourceReference { Type = "Patient", Identifier = new Identifier(ReferralBundle.BsnSystem, route.Subject.Bsn) },
            Payor =
            [
                new ResourceReference
                {
                    Type = "Organization",
                    Identifier = new Identifier(insurer ? ReferralBundle.UzoviSystem : ReferralBundle.MunicipalitySystem, route.FinancierCode),
                },
            ],
            Class =
            [
                new Coverage.ClassComponent
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/coverage-class", "plan"),
                    Value = route.Law,
                    Name = route.Rule,
                },
            ],
        };
    }
}

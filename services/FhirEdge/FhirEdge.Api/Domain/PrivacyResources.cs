using System.Globalization;
using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>
/// A client's privacy as FHIR gives it: a consent decision as an R4 Consent (scope patient-privacy),
/// and their access log, gathered from every service, as AuditEvents.
/// </summary>
public static class PrivacyResources
{
    /// <summary>The platform's purposes of consent (domain.md), as the provision's purpose.</summary>
    public const string PurposeSystem = "urn:coordination:consent-purpose";

    /// <summary>Who a consent names as its recipient: care-team, organisation or professional, then their id.</summary>
    public const string RecipientSystem = "urn:coordination:consent-recipient";

    public static Consent ConsentOf(ConsentDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new Consent
        {
            Id = decision.Id.ToString(),
            Status = decision.State switch
            {
                "active" => Consent.ConsentState.Active,
                "awaiting" or "scheduled" => Consent.ConsentState.Proposed,
                _ => Consent.ConsentState.Inactive,
            },
            Scope = new CodeableConcept("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy"),
            Category = [new CodeableConcept("http://loinc.org", "59284-0", "Patient Consent", null)],
            // The consent service names people by member id, never by BSN.
            Patient = new ResourceReference { Display = decision.Subject.Name ?? decision.Subject.MemberId.ToString() },
            DateTime = decision.Declarations.Count > 0 ? Instant(decision.Declarations.Max(d => d.DeclaredAt)) : null,
            Performer = decision.Declarations.Where(d => d.Counts).Select(d => new ResourceReference { Display = $"{d.Name} ({d.Capacity})" }).ToList(),
            // The rule of the client's age that says whose declaration counts (Wgbo, Jeugdwet), as the policy.
            PolicyRule = new CodeableConcept { Text = decision.Rule.Text },
            Provision = new Consent.provisionComponent
            {
                Type = Consent.ConsentProvisionType.Permit,
                Period = new Period { Start = Day(decision.Period.From), End = decision.Period.Until is { } until ? Day(until) : null },
                Purpose = [new Coding(PurposeSystem, decision.Purpose.Code)],
                Actor =
                [
                    new Consent.provisionActorComponent
                    {
                        Role = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP", "information recipient", null),
                        Reference = new ResourceReference { Identifier = new Identifier(RecipientSystem + ":" + decision.Recipient.Kind, decision.Recipient.Id) },
                    },
                ],
            },
        };
    }

    public static AuditEvent AuditEventOf(Access access, string id)
    {
        ArgumentNullException.ThrowIfNull(access);
        return new AuditEvent
        {
            Id = id,
            Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
            // NEN 7513's action codes are FHIR's: C, R, U, D, E.
            Action = access.Action switch
            {
                "C" => AuditEvent.AuditEventAction.C,
                "U" => AuditEvent.AuditEventAction.U,
                "D" => AuditEvent.AuditEventAction.D,
                "E" => AuditEvent.AuditEventAction.E,
                _ => AuditEvent.AuditEventAction.R,
            },
            Recorded = access.At,
            Outcome = access.Outcome == "success" ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
            PurposeOfEvent = [new CodeableConcept { Text = access.EmergencyAccess ? access.Purpose + " (emergency access)" : access.Purpose }],
            Agent =
            [
                new AuditEvent.AgentComponent
                {
                    Who = new ResourceReference { Identifier = new Identifier { Value = access.Who.Id }, Display = access.Who.Name },
                    Role = [new CodeableConcept { Text = access.Who.Role }],
                    Requestor = true,
                },
            ],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = access.Service } },
            Entity = [new AuditEvent.EntityComponent { What = new ResourceReference { Display = access.ObjectId is null ? access.ObjectType : $"{access.ObjectType} {access.ObjectId}" } }],
        };
    }

    private static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

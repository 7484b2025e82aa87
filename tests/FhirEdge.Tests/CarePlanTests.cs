using System.Net;
using Coordination.Testing;
using Hl7.Fhir.Model;
using FhirConsent = Hl7.Fhir.Model.Consent;
using static Coordination.Testing.Families;

namespace FhirEdge.Tests;

/// <summary>
/// Issue 25: the FHIR read of the family plan hides a member exactly as the plan does, before a
/// consent, with it, and after its withdrawal; the consent itself and the client's access log as
/// FHIR; a stranger finds no plan.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class CarePlanTests(FhirFixture fixture) : IClassFixture<FhirFixture>
{
    private const string SandrasGpAgb = "01099999";

    [SkippableFact]
    public async System.Threading.Tasks.Task The_CarePlan_hides_a_member_exactly_as_the_plan_does_before_and_after_a_withdrawal()
    {
        using var daansGp = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var daansGpFhir = fixture.Client(Tokens.Gp());
        using var sandrasGp = fixture.Platform.Gateway.Client(Tokens.Gp(SandrasGpAgb));
        using var sandra = fixture.Platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        var familyId = await Referrals.SubmitAsync(daansGp, Youth(Daan, "0344", "Truancy since secondary school.",
            Sandra.As("parent", custody: true), Mark.As("parent", custody: true)));
        Assert.Equal(familyId, await Referrals.SubmitAsync(sandrasGp, Adult(Sandra, "0344", "3311", ("F32.0", "Major depressive disorder, single episode, mild"),
            "Low mood since the boys went to secondary school.", SandrasGpAgb, Daan.As("child"), Mark.As("partner"))));
        await Plans.WithRoutesAsync(sandrasGp, familyId, routes: 1);
        await Plans.WithRoutesAsync(daansGp, familyId, routes: 1);
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);

        // Before a consent: Sandra by name and relation only, none of her referrals.
        var before = await SameAsPlanAsync(daansGp, daansGpFhir, familyId);
        Assert.DoesNotContain(Sandra.Bsn, before.Shown);
        Assert.Contains(Daan.Bsn, before.Shown);
        Assert.Contains(before.CarePlan.Contained.OfType<Group>().Single().Member, m => m.Entity.Display?.StartsWith(Sandra.Name, StringComparison.Ordinal) == true && m.Entity.Identifier is null);

        // With her consent, on the very next read: her BSN and her referral.
        var consent = await Consents.ShareWithCareTeamAsync(sandra, sandraId, familyId, HttpStatusCode.Created);
        var shared = await SameAsPlanAsync(daansGp, daansGpFhir, familyId);
        Assert.Contains(Sandra.Bsn, shared.Shown);
        Assert.True(shared.CarePlan.BasedOn.Count > before.CarePlan.BasedOn.Count);

        // Sandra reads her consent as FHIR: active, a patient-privacy consent for the care team.
        using var sandraFhir = fixture.Client(Tokens.Client(Sandra.Bsn));
        var consentId = consent["id"]!.GetValue<Guid>();
        var given = await ConsentAsync(sandraFhir, consentId);
        Assert.Equal((FhirConsent.ConsentState.Active, "patient-privacy"), (given.Status, given.Scope.Coding.Single().Code));
        Assert.Equal(consent["purpose"]!["code"]!.GetValue<string>(), given.Provision?.Purpose.Single().Code);

        // Withdrawn: hidden again at once.
        await Consents.WithdrawAsync(sandra, consentId, HttpStatusCode.OK);
        Assert.Equal(FhirConsent.ConsentState.Inactive, (await ConsentAsync(sandraFhir, consentId)).Status);
        var withdrawn = await SameAsPlanAsync(daansGp, daansGpFhir, familyId);
        Assert.DoesNotContain(Sandra.Bsn, withdrawn.Shown);
        Assert.Equal(before.CarePlan.BasedOn.Select(b => b.Reference), withdrawn.CarePlan.BasedOn.Select(b => b.Reference));

        // The care team: the GPs who referred, each by name and AGB code.
        using var team = await daansGpFhir.GetAsync($"/fhir/CareTeam/{familyId}");
        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        var careTeam = await FhirFixture.ValidAsync<CareTeam>(team);
        Assert.Contains(careTeam.Contained.OfType<Practitioner>(), p => p.Identifier.Any(i => i.Value == "01012345"));
        Assert.Equal(careTeam.Contained.Count, careTeam.Participant.Count);
        Assert.Equal("CareTeam/" + familyId, withdrawn.CarePlan.CareTeam.Single().Reference);

        // Sandra's access log as AuditEvents: Daan's GP read her part of the plan, refused before her consent and allowed with it.
        using var log = await sandraFhir.GetAsync("/fhir/AuditEvent?_count=100");
        Assert.Equal(HttpStatusCode.OK, log.StatusCode);
        var events = (await FhirFixture.ValidAsync<Bundle>(log)).Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
        var byDaansGp = events.Where(e => e.Agent.Single().Who?.Identifier?.Value == "gp-01012345").ToList();
        Assert.Contains(byDaansGp, e => e.Outcome == AuditEvent.AuditEventOutcome.N0 && e.Action == AuditEvent.AuditEventAction.R);
        Assert.Contains(byDaansGp, e => e.Outcome == AuditEvent.AuditEventOutcome.N4);
        // A professional has no access log of their own to read here.
        using var notAClient = await daansGpFhir.GetAsync("/fhir/AuditEvent");
        Assert.True(notAClient.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound, notAClient.StatusCode.ToString());

        // Someone outside the family finds no plan.
        using var stranger = fixture.Client(Tokens.Gp("01077777"));
        using var none = await stranger.GetAsync($"/fhir/CarePlan/{familyId}");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        await FhirFixture.ValidAsync<OperationOutcome>(none);
    }

    private static async Task<FhirConsent> ConsentAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/fhir/Consent/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FhirFixture.ValidAsync<FhirConsent>(response);
    }

    /// <summary>
    /// Reads the plan through the API and the CarePlan through the edge, one after the other, and asserts they show
    /// the same members' care data and the same referrals; returns the CarePlan and the BSNs it shows.
    /// </summary>
    private static async Task<(CarePlan CarePlan, IReadOnlySet<string> Shown)> SameAsPlanAsync(HttpClient api, HttpClient fhir, Guid familyId)
    {
        var plan = await Plans.ReadAsync(api, familyId);
        using var response = await fhir.GetAsync($"/fhir/CarePlan/{familyId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var carePlan = await FhirFixture.ValidAsync<CarePlan>(response);

        var members = plan["members"]!.AsArray();
        var shownInPlan = members.Where(m => m!["bsn"] is not null).Select(m => m!["bsn"]!.GetValue<string>()).ToHashSet();
        var group = carePlan.Contained.OfType<Group>().Single();
        var shown = group.Member.Select(m => m.Entity.Identifier?.Value).OfType<string>().ToHashSet();
        Assert.Equal(shownInPlan.Order(), shown.Order());
        Assert.Equal(members.Count, group.Member.Count);
        var referrals = members.SelectMany(m => m!["referrals"]!.AsArray()).Select(r => "ServiceRequest/" + r!["id"]!.GetValue<Guid>()).Order();
        Assert.Equal(referrals, carePlan.BasedOn.Select(b => b.Reference).Order());
        return (carePlan, shown);
    }
}

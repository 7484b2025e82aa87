using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using FhirTask = Hl7.Fhir.Model.Task;

namespace FhirEdge.Tests;

/// <summary>
/// Issue 25, FHIR R4: a referral sent as a transaction bundle through the gateway becomes the
/// platform's referral; its Task follows the closed loop; every answer passes its profile.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ReferralTests(FhirFixture fixture) : IClassFixture<FhirFixture>
{
    private const string YouthPractice = "73730001";
    private const string FamilyTherapyPractice = "73730003";

    private static readonly string Today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public async System.Threading.Tasks.Task The_capability_statement_names_exactly_what_the_edge_implements_and_needs_no_token()
    {
        using var anyone = fixture.Client();
        using var response = await anyone.GetAsync("/fhir/metadata");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var statement = await FhirFixture.ValidAsync<CapabilityStatement>(response);

        Assert.Equal(FHIRVersion.N4_0_1, statement.FhirVersion);
        var rest = Assert.Single(statement.Rest);
        Assert.Equal(["Appointment", "AuditEvent", "CarePlan", "CareTeam", "Consent", "Coverage", "DocumentReference", "Goal", "Observation", "ServiceRequest", "Task"],
            rest.Resource.Select(r => r.Type).Order());
        // Exactly the interactions the edge maps: a GET of /fhir/{type}/{id} is a read, a GET of /fhir/{type} or a POST of its
        // _search a search; GET /fhir/ServiceRequest is mapped only to refuse a BSN in the URL.
        var mapped = fixture.Edge.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(method => (method, e.RoutePattern.RawText!.Split('/', StringSplitOptions.RemoveEmptyEntries))))
            .Select(route => route switch
            {
                ("GET", ["fhir", "ServiceRequest"]) => null,
                ("GET", ["fhir", var type, "{id}"]) => $"{type} read",
                ("GET", ["fhir", var type]) when type != "metadata" => $"{type} search-type",
                ("POST", ["fhir", var type, "_search"]) => $"{type} search-type",
                _ => null,
            })
            .OfType<string>().Order(StringComparer.Ordinal);
        Assert.Equal(mapped, rest.Resource.SelectMany(r => r.Interaction.Select(i => $"{r.Type} {i.Code.GetLiteral()}")).Order(StringComparer.Ordinal));
        Assert.Equal([CapabilityStatement.TypeRestfulInteraction.Read, CapabilityStatement.TypeRestfulInteraction.SearchType],
            rest.Resource.Single(r => r.Type == "ServiceRequest").Interaction.Select(i => i.Code));
        Assert.Equal(["_count", "patient.identifier"], rest.Resource.Single(r => r.Type == "ServiceRequest").SearchParam.Select(p => p.Name).Order());
        Assert.Equal(["_count", "_lastUpdated", "owner"], rest.Resource.Single(r => r.Type == "Task").SearchParam.Select(p => p.Name).Order());
        Assert.Equal([CapabilityStatement.SystemRestfulInteraction.Transaction], rest.Interaction.Select(i => i.Code));

        // Everything else asks for a token.
        using var task = await anyone.GetAsync($"/fhir/Task/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.Unauthorized, task.StatusCode);
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task The_edge_is_ready_once_its_profiles_are_compiled()
    {
        using var probe = fixture.Edge.Client();
        var body = await Eventually.Until(
            async () =>
            {
                using var response = await probe.GetAsync("/health/ready");
                return (response.StatusCode, Text: await response.Content.ReadAsStringAsync());
            },
            r => r.StatusCode == HttpStatusCode.OK, "the edge's readiness", TimeSpan.FromSeconds(120));
        Assert.Equal("Healthy", JsonNode.Parse(body.Text)!["checks"]!["fhir-profiles"]!["status"]!.GetValue<string>());
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task Scenario_1_step_4_the_GP_refers_Daan_by_FHIR_and_follows_the_Task_to_accepted()
    {
        using var gp = fixture.Client(Tokens.Gp());
        using var clinician = fixture.Platform.Gateway.Client(Tokens.Clinician("youth", "94012345", YouthPractice));
        var bundle = ReferralBundles.Referral(Families.Daan, "0344", "Truancy and withdrawal since the start of secondary school.", YouthPractice, "Jeugd-GGZ Utrecht",
            household: [(Families.Sandra, "MTH,GUARD"), (Families.Mark, "FTH,GUARD"), (Families.Tim, "BRO")]);

        var id = await ReferAsync(gp, bundle);

        // The platform's referral: youth care (Daan is 14) in Utrecht, the household with who has custody.
        var (referral, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("youth", referral["domain"]!.GetValue<string>());
        Assert.Equal(Families.Daan.Bsn, referral["subjectBsn"]!.GetValue<string>());
        Assert.Equal(YouthPractice, referral["receiverAgb"]!.GetValue<string>());

        var task = await TaskAsync(gp, id);
        Assert.Equal(FhirTask.TaskStatus.Requested, task.Status);
        Assert.Equal("received", task.BusinessStatus!.Coding.Single().Code);
        Assert.Equal("ServiceRequest/" + id, task.Focus!.Reference);
        Assert.Equal(Families.Daan.Bsn, task.For?.Identifier?.Value);
        Assert.Equal(YouthPractice, task.Owner?.Identifier?.Value);

        using (var read = await gp.GetAsync($"/fhir/ServiceRequest/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var request = await FhirFixture.ValidAsync<ServiceRequest>(read);
            Assert.Equal(RequestStatus.Active, request.Status);
            Assert.Equal("Truancy and withdrawal since the start of secondary school.", request.ReasonCode.Single().Text);
        }

        await Referrals.TakeAsync(clinician, id, "triage");
        Assert.Equal(FhirTask.TaskStatus.Received, (await TaskAsync(gp, id)).Status);
        await Referrals.TakeAsync(clinician, id, "accept");
        Assert.Equal(FhirTask.TaskStatus.Accepted, (await TaskAsync(gp, id)).Status);

        // The same bundle again (its identifier) is the same referral, not a second one.
        Assert.Equal(id, await ReferAsync(gp, bundle));
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task Scenario_2_step_3_Annes_Task_follows_the_treatment_to_completed_and_the_practice_finds_it_by_owner()
    {
        using var gp = fixture.Client(Tokens.Gp());
        using var practice = fixture.Platform.Gateway.Client(Tokens.Clinician("youth", "94030001", FamilyTherapyPractice));
        using var practiceFhir = fixture.Client(Tokens.Clinician("youth", "94030001", FamilyTherapyPractice));
        var bundle = ReferralBundles.Referral(Families.Anne, "0307", "Told her teacher she wants to be dead.", FamilyTherapyPractice, "Praktijk voor Gezinstherapie Amersfoort",
            household: [(Families.AnnesFather, "FTH,GUARD"), (Families.AnnesMother, "MTH,GUARD"), (Families.AnnesBrother, "BRO")],
            urgent: true, urgentReason: "Suicidal statements by a 9-year-old.");
        var id = await ReferAsync(gp, bundle);
        Assert.Equal(RequestPriority.Urgent, (await TaskAsync(gp, id)).Priority);

        var steps = new (string Step, object? Body, FhirTask.TaskStatus Status)[]
        {
            ("triage", new { note = "Urgent: seen today." }, FhirTask.TaskStatus.Received),
            ("accept", null, FhirTask.TaskStatus.Accepted),
            ("schedule-intake", new { intakeDate = Today, held = true }, FhirTask.TaskStatus.Accepted),
            ("start-treatment", new { treatmentStartDate = Today }, FhirTask.TaskStatus.InProgress),
            ("close", new { summary = "Six family sessions; no suicidal statements since session 3." }, FhirTask.TaskStatus.Completed),
        };
        DateTimeOffset? before = null;
        foreach (var (step, body, status) in steps)
        {
            before = (await TaskAsync(gp, id)).LastModifiedElement?.ToDateTimeOffset(TimeSpan.Zero);
            await Referrals.TakeAsync(practice, id, step, body);
            Assert.Equal(status, (await TaskAsync(gp, id)).Status);
        }

        // The practice's Tasks by owner: Anne's among them; changed after the close's predecessor, it is there; after its own change, not.
        var owned = await SearchAsync(practiceFhir, $"/fhir/Task?owner=Organization/{FamilyTherapyPractice}");
        Assert.Contains(owned, t => t.Id == id.ToString());
        Assert.All(owned, t => Assert.Equal(FamilyTherapyPractice, t.Owner?.Identifier?.Value));
        var closed = owned.Single(t => t.Id == id.ToString());
        Assert.Contains(await SearchAsync(practiceFhir, "/fhir/Task?_lastUpdated=gt" + Uri.EscapeDataString(before!.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture))), t => t.Id == id.ToString());
        Assert.DoesNotContain(await SearchAsync(practiceFhir, "/fhir/Task?_lastUpdated=gt" + Uri.EscapeDataString(closed.LastModified!)), t => t.Id == id.ToString());
        Assert.Empty(await SearchAsync(practiceFhir, $"/fhir/Task?owner=Organization/{YouthPractice}"));
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task The_letter_is_a_DocumentReference_another_GP_finds_no_Task_or_letter_and_a_BSN_in_a_URL_is_refused()
    {
        using var gp = fixture.Client(Tokens.Gp());
        using var otherGp = fixture.Client(Tokens.Gp("01099999"));
        var id = await ReferAsync(gp, ReferralBundles.Referral(Families.Tim, "0344", "Sleeps badly since his brother's troubles.", YouthPractice, "Jeugd-GGZ Utrecht"));

        // The GP's letter as a DocumentReference, the PDF inline; another GP finds none.
        using (var letter = await gp.GetAsync($"/fhir/DocumentReference/{id}"))
        {
            Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
            var document = await FhirFixture.ValidAsync<DocumentReference>(letter);
            var attachment = document.Content.Single().Attachment;
            Assert.Equal(("application/pdf", "%PDF-"), (attachment.ContentType, System.Text.Encoding.ASCII.GetString(attachment.Data!, 0, 5)));
            Assert.Equal("ServiceRequest/" + id, document.Context?.Related.Single().Reference);
        }

        using (var letter = await otherGp.GetAsync($"/fhir/DocumentReference/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, letter.StatusCode);
        }

        using var task = await otherGp.GetAsync($"/fhir/Task/{id}");
        Assert.Equal(HttpStatusCode.NotFound, task.StatusCode);
        Assert.Equal(OperationOutcome.IssueType.NotFound, (await FhirFixture.ValidAsync<OperationOutcome>(task)).Issue.Single().Code);
        Assert.DoesNotContain(await SearchAsync(otherGp, "/fhir/Task"), t => t.Id == id.ToString());

        using var byBsn = await gp.GetAsync($"/fhir/ServiceRequest?patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn|{Families.Tim.Bsn}");
        Assert.Equal(HttpStatusCode.BadRequest, byBsn.StatusCode);
        var outcome = await FhirFixture.ValidAsync<OperationOutcome>(byBsn);
        Assert.Equal(OperationOutcome.IssueType.Security, outcome.Issue.Single().Code);
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task A_patients_ServiceRequests_are_searched_with_the_BSN_in_the_body_and_only_the_callers()
    {
        using var gp = fixture.Client(Tokens.Gp());
        using var otherGp = fixture.Client(Tokens.Gp("01099999"));
        var first = await ReferAsync(gp, ReferralBundles.Referral(Families.Lisa, "0363", "Sleep and concentration problems.", "73730002", "GGZ Amsterdam",
            uzovi: "3311", dsm: ("F51.01", "Insomnia disorder"), careLevel: "basic"));
        var second = await ReferAsync(gp, ReferralBundles.Referral(Families.Lisa, "0363", "Panic attacks at school.", "73730002", "GGZ Amsterdam",
            uzovi: "3311", dsm: ("F41.0", "Panic disorder"), careLevel: "basic"));
        await ReferAsync(gp, ReferralBundles.Referral(Families.Omar, "0363", "Low mood.", "73730002", "GGZ Amsterdam", uzovi: "3311", dsm: ("F32.0", "Mild depressive episode"), careLevel: "specialised"));

        var found = await SearchRequestsAsync(gp, $"{FhirEdge.Api.Domain.ReferralBundle.BsnSystem}|{Families.Lisa.Bsn}");
        Assert.Equal([second.ToString(), first.ToString()], found.Select(r => r.Id));
        Assert.All(found, r => Assert.Equal(Families.Lisa.Bsn, r.Subject?.Identifier?.Value));
        Assert.Empty(await SearchRequestsAsync(otherGp, $"{FhirEdge.Api.Domain.ReferralBundle.BsnSystem}|{Families.Lisa.Bsn}"));

        // A BSN that fails the eleven-test, a parameter in the URL: refused, naming it.
        using var bad = await gp.PostAsync("/fhir/ServiceRequest/_search", new FormUrlEncodedContent([new("patient.identifier", $"{FhirEdge.Api.Domain.ReferralBundle.BsnSystem}|123456789")]));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("patient.identifier", (await FhirFixture.ValidAsync<OperationOutcome>(bad)).Issue.Single().Expression);
        using var inUrl = await gp.PostAsync($"/fhir/ServiceRequest/_search?patient.identifier=x", new FormUrlEncodedContent([new("_count", "5")]));
        Assert.Equal(HttpStatusCode.BadRequest, inUrl.StatusCode);
    }

    [SkippableFact]
    public async System.Threading.Tasks.Task Bad_input_is_an_OperationOutcome_naming_the_element_and_stores_nothing()
    {
        using var gp = fixture.Client(Tokens.Gp());
        var before = await WorklistCountAsync();

        // Not JSON at all; JSON that is no FHIR resource.
        await RefusedAsync(gp, "{ \"resourceType\": \"Bundle\", ", HttpStatusCode.BadRequest);
        await RefusedAsync(gp, "{ \"resourceType\": \"Bundle\", \"type\": \"transaction\", \"entry\": [ { \"resource\": { \"resourceType\": \"Patient\", \"gender\": 7 } } ] }", HttpStatusCode.BadRequest);

        // The Patient without a BSN: the mapping names its identifier.
        var noBsn = ReferralBundles.Referral(Families.Tim, "0344", "Reason.", YouthPractice, "Jeugd-GGZ Utrecht");
        ((Patient)noBsn.Entry[1].Resource!).Identifier.Clear();
        var outcome = await RefusedAsync(gp, noBsn, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Bundle.entry[1].resource.identifier"));

        // The official given name without its nl-core qualifier: the profile refuses it, at the Patient's name.
        var unqualified = ReferralBundles.Referral(Families.Tim, "0344", "Reason.", YouthPractice, "Jeugd-GGZ Utrecht");
        ((Patient)unqualified.Entry[1].Resource!).Name[0].GivenElement[0].Extension.Clear();
        outcome = await RefusedAsync(gp, unqualified, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(outcome.Issue, i => i.Expression.Any(e => e!.StartsWith("Bundle.entry[1].resource.name", StringComparison.Ordinal)));

        // An adult referral without a suspected disorder: the platform's rule, named at the ServiceRequest's reasonReference.
        var adult = ReferralBundles.Referral(Families.Sandra, "0344", "Low mood.", "73730002", "GGZ Utrecht", uzovi: "3311", careLevel: "basic");
        outcome = await RefusedAsync(gp, adult, HttpStatusCode.BadRequest);
        Assert.Contains(outcome.Issue, i => i.Expression.Contains("Bundle.entry[0].resource.reasonReference"));

        Assert.Equal(before, await WorklistCountAsync());
    }

    private async Task<int> WorklistCountAsync()
    {
        using var gp = fixture.Platform.Gateway.Client(Tokens.Gp());
        return (await gp.GetFromJsonAsync<JsonObject>("/api/referrals/?limit=100"))!["items"]!.AsArray().Count;
    }

    private static async Task<OperationOutcome> RefusedAsync(HttpClient client, object body, HttpStatusCode expected)
    {
        using var content = new StringContent(body as string ?? FhirJsonSerializer.Default.SerializeToString((Resource)body));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync("/fhir", content);
        Assert.Equal(expected, response.StatusCode);
        var outcome = await FhirFixture.ValidAsync<OperationOutcome>(response);
        Assert.NotEmpty(outcome.Issue);
        return outcome;
    }

    /// <summary>Sends the bundle; asserts the transaction response names the ServiceRequest and its Task; returns the referral's id.</summary>
    private static async Task<Guid> ReferAsync(HttpClient client, Bundle bundle)
    {
        using var content = new StringContent(FhirJsonSerializer.Default.SerializeToString(bundle));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync("/fhir", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        var answer = await FhirFixture.ValidAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.TransactionResponse, answer.Type);
        var locations = answer.Entry.Select(e => e.Response?.Location).Where(l => l is not null).ToList();
        var request = Assert.Single(locations, l => l!.StartsWith("ServiceRequest/", StringComparison.Ordinal))!;
        var id = Guid.Parse(request["ServiceRequest/".Length..]);
        Assert.Contains("Task/" + id, locations);
        return id;
    }

    private static async Task<FhirTask> TaskAsync(HttpClient client, Guid id)
    {
        using var response = await client.GetAsync($"/fhir/Task/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await FhirFixture.ValidAsync<FhirTask>(response);
    }

    private static async Task<List<ServiceRequest>> SearchRequestsAsync(HttpClient client, string patientIdentifier)
    {
        using var response = await client.PostAsync("/fhir/ServiceRequest/_search", new FormUrlEncodedContent([new("patient.identifier", patientIdentifier)]));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var bundle = await FhirFixture.ValidAsync<Bundle>(response);
        return bundle.Entry.Select(e => Assert.IsType<ServiceRequest>(e.Resource)).ToList();
    }

    private static async Task<List<FhirTask>> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{query}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var bundle = await FhirFixture.ValidAsync<Bundle>(response);
        Assert.Equal(Bundle.BundleType.Searchset, bundle.Type);
        return bundle.Entry.Select(e => Assert.IsType<FhirTask>(e.Resource)).ToList();
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Coordination.Testing;
using FhirEdge.Api.Ijw;
using Hl7.Fhir.Serialization;

namespace FhirEdge.Tests;

/// <summary>
/// Issue 25, iJw 3.2: the youth practice's JW315 for scenario 1 step 4 written from the platform's
/// request and valid against the schema; the municipality's JW316 receives or returns it, its JW301
/// assigns and JW319 refuses, the last two answered with their retour; a message that fails its
/// schema or names no request changes nothing.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class IjwTests(FhirFixture fixture) : IClassFixture<FhirFixture>
{
    private static readonly IjwSchemas Schemas = IjwSchemas.FromOutput();
    private static readonly XNamespace Basis = IjwSchemas.Basis;
    private static readonly string Today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Scenario_1_step_4_the_JW315_for_Daan_is_valid_and_Utrechts_JW301_assigns_then_JW305_and_JW307_follow()
    {
        var (id, youth) = await RequestedAsync(Families.Daan, "0344");
        using var utrecht = fixture.Platform.Gateway.Client(Tokens.Municipality("0344"));

        // The JW315: from the youth practice (AGB 73730001) to Utrecht (0344), product category 54, referred by the GP (type 02).
        var jw315 = await MessageAsync(youth, $"/ijw/assignments/{id}/jw315");
        var ns = IjwSchemas.Of("JW315");
        Assert.Equal(("446", Referrals.YouthPractice, "0344"), (Header(jw315, "BerichtCode"), Header(jw315, "Afzender"), Header(jw315, "Ontvanger")));
        var client = jw315.Root!.Element(ns + "Client")!;
        Assert.Equal(Families.Daan.Bsn, client.Element(ns + "Bsn")!.Value);
        Assert.Equal(("Vries", "de"), (client.Descendants(Basis + "Achternaam").Single().Value, client.Descendants(Basis + "Voorvoegsel").Single().Value));
        var product = client.Descendants(ns + "AangevraagdProduct").Single();
        Assert.Equal((id.ToString(), "54", "02", "01012345"), (product.Element(ns + "ReferentieAanbieder")!.Value, product.Descendants(Basis + "Categorie").Single().Value,
            product.Descendants(Basis + "Type").Single().Value, product.Descendants(Basis + "ZorgverlenerCode").Single().Value));

        // Utrecht's JW301 assigns from today for a year: the retour is its header alone (accepted), and the request is assigned.
        var retour = await SendAsync(utrecht, "/ijw/jw301", Jw301("0344", Referrals.YouthPractice, Families.Daan, id.ToString(), Today, "2027-11-22"));
        Assert.Equal("437", Header(retour, "BerichtCode"));
        Assert.Empty(retour.Descendants(IjwSchemas.Of("JW302") + "RetourCode"));
        var assigned = await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}");
        Assert.Equal(("assigned", Today, "2027-11-22"), (assigned!["status"]!.GetValue<string>(), assigned["assignedFrom"]!.GetValue<string>(), assigned["assignedTo"]!.GetValue<string>()));

        // The same JW301 again names a request already assigned: its product comes back with 9359, nothing changes.
        retour = await SendAsync(utrecht, "/ijw/jw301", Jw301("0344", Referrals.YouthPractice, Families.Daan, id.ToString(), Today, "2027-11-22"));
        Assert.Equal(["9359"], RetourCodesOf(retour, "ToegewezenProduct"));
        Assert.Equal(["0200"], RetourCodesOf(retour, "Client"));

        // Care starts and stops (reason 31, ended as planned): the JW305 and JW307.
        await StepAsync(youth, id, "start", new { on = Today });
        var jw305 = await MessageAsync(youth, $"/ijw/assignments/{id}/jw305");
        Assert.Equal(("438", Today), (Header(jw305, "BerichtCode"), jw305.Descendants(IjwSchemas.Of("JW305") + "Begindatum").Single().Value));
        await StepAsync(youth, id, "stop", new { on = Today, reason = "31" });
        var jw307 = await MessageAsync(youth, $"/ijw/assignments/{id}/jw307");
        Assert.Equal(("440", "31"), (Header(jw307, "BerichtCode"), jw307.Descendants(IjwSchemas.Of("JW307") + "RedenBeeindiging").Single().Value));
    }

    [SkippableFact]
    public async Task A_JW319_refuses_with_its_reason_and_is_answered_with_a_JW320()
    {
        var (id, youth) = await RequestedAsync(Families.Tim, "0344");
        using var utrecht = fixture.Platform.Gateway.Client(Tokens.Municipality("0344"));

        // A reason the platform does not take for a request (7, zorginhoudelijke afkeur): a 400 naming it, as no retour code says that; nothing changed.
        var problem = await RefusedAsync(utrecht, "/ijw/jw319", Jw319("0344", Referrals.YouthPractice, id.ToString(), reason: "7"), HttpStatusCode.BadRequest);
        Assert.Equal(["RedenAfwijzingVerzoek"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal("requested", (await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}"))!["status"]!.GetValue<string>());

        var retour = await SendAsync(utrecht, "/ijw/jw319", Jw319("0344", Referrals.YouthPractice, id.ToString(), reason: "8"));
        Assert.Equal("489", Header(retour, "BerichtCode"));
        Assert.Empty(retour.Descendants(IjwSchemas.Of("JW320") + "RetourCode"));
        var refused = await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}");
        Assert.Equal(("rejected", "8"), (refused!["status"]!.GetValue<string>(), refused["rejectionReason"]!["code"]!.GetValue<string>()));

        // The same refusal again: the request has its answer (9365); an answer to a request nobody made: 9355. Nothing changed.
        retour = await SendAsync(utrecht, "/ijw/jw319", Jw319("0344", Referrals.YouthPractice, id.ToString(), reason: "5"));
        Assert.Equal(["9365"], RetourCodesOf(retour, "Antwoord"));
        retour = await SendAsync(utrecht, "/ijw/jw319", Jw319("0344", Referrals.YouthPractice, Guid.NewGuid().ToString(), reason: "8"));
        Assert.Equal(["9355"], RetourCodesOf(retour, "Antwoord"));
        Assert.Equal("8", (await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}"))!["rejectionReason"]!["code"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_JW316_with_retour_codes_returns_the_request_the_corrected_JW315_asks_again_and_a_JW316_of_its_header_alone_receives_it()
    {
        var (id, youth) = await RequestedAsync(Families.AnnesBrother, "0307");
        using var amersfoort = fixture.Platform.Gateway.Client(Tokens.Municipality("0307"));
        using var utrecht = fixture.Platform.Gateway.Client(Tokens.Municipality("0344"));
        var path = $"/ijw/assignments/{id}/jw315";
        var jw315 = await MessageAsync(youth, path);

        // Amersfoort's system returns the JW315 with 9347 on its product: the request goes back to the practice with that code.
        var product = jw315.Descendants(IjwSchemas.Of("JW315") + "AangevraagdProduct").Single();
        var returning = Written(IjwMessages.Retour(jw315, "JW316", "RET000001", TestClock.Today, new Dictionary<XElement, string> { [product] = "9347" }));
        // The JW316 is the JW315's header: Amersfoort is its Ontvanger, and only Amersfoort's token may send it.
        await RefusedAsync(utrecht, "/ijw/jw316", returning, HttpStatusCode.Forbidden);
        var answer = await TakenAsync(amersfoort, returning);
        Assert.Equal(("returned", "9347"), (answer["requests"]![0]!["status"]!.GetValue<string>(), answer["retourCodes"]![0]!.GetValue<string>()));
        var returned = (await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}"))!;
        Assert.Equal(("returned", "resend"), (returned["status"]!.GetValue<string>(), returned["allowed"]!.AsArray().Single()!.GetValue<string>()));
        Assert.Equal(("JW316", "9347"), (returned["messages"]!.AsArray()[^1]!["message"]!.GetValue<string>(), returned["messages"]!.AsArray()[^1]!["detail"]!.GetValue<string>()));
        // A returned request has no JW315 to send until it is corrected; the same JW316 again finds no request waiting for one.
        using (var none = await youth.GetAsync(path))
        {
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        }

        await RefusedAsync(amersfoort, "/ijw/jw316", returning, HttpStatusCode.Conflict);

        // The practice sends it again: a new JW315 with an id of its own, which Amersfoort accepts with the header alone.
        await StepAsync(youth, id, "resend", new { });
        var again = await MessageAsync(youth, path);
        Assert.NotEqual(Header(jw315, "BerichtIdentificatie"), Header(again, "BerichtIdentificatie"));
        var accepting = Written(IjwMessages.Retour(again, "JW316", "RET000002", TestClock.Today));
        Assert.Null(Valid(accepting).Root!.Element(IjwSchemas.Of("JW316") + "Client"));
        answer = await TakenAsync(amersfoort, accepting);
        Assert.Equal("received", answer["requests"]![0]!["status"]!.GetValue<string>());
        var received = (await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}"))!;
        Assert.Equal(("received", Today), (received["status"]!.GetValue<string>(), received["receivedOn"]!.GetValue<string>()));
        Assert.Equal(["JW315", "JW316", "JW315", "JW316"], received["messages"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));
        // Once received, the accepting JW316 again is about a JW315 no request waits for: 404, nothing changed.
        await RefusedAsync(amersfoort, "/ijw/jw316", accepting, HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task A_malformed_or_schema_invalid_JW301_or_one_for_an_unknown_request_changes_nothing_and_a_readable_one_gets_its_technical_retour()
    {
        var (id, youth) = await RequestedAsync(Families.Anne, "0307");
        using var amersfoort = fixture.Platform.Gateway.Client(Tokens.Municipality("0307"));
        using var utrecht = fixture.Platform.Gateway.Client(Tokens.Municipality("0344"));
        var valid = Jw301("0307", Referrals.YouthPractice, Families.Anne, id.ToString(), Today, null);

        // Not well-formed: 400 naming the line.
        var problem = await RefusedAsync(amersfoort, "/ijw/jw301", valid[..(valid.Length / 2)], HttpStatusCode.BadRequest);
        Assert.StartsWith("line ", problem["errors"]!.AsObject().First().Key, StringComparison.Ordinal);
        // Well-formed, but the schema refuses it (a message code that is not a JW301's, a BSN of 8 digits): its retour, the JW302,
        // refuses it as a whole with retour code 0001 (rejected for technical reasons), each error a comment.
        var invalid = valid.Replace(">436<", ">999<", StringComparison.Ordinal).Replace(Families.Anne.Bsn, "12345678", StringComparison.Ordinal);
        using (var technical = await amersfoort.PostAsync("/ijw/jw301", new StringContent(invalid, Encoding.UTF8, "application/xml")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, technical.StatusCode);
            var rejected = Valid(await technical.Content.ReadAsStringAsync());
            var jw302 = IjwSchemas.Of("JW302");
            Assert.Equal(("437", "0001"), (Header(rejected, "BerichtCode"), rejected.Root!.Element(jw302 + "Header")!.Element(jw302 + "RetourCodes")!.Element(jw302 + "RetourCode")!.Value));
            Assert.Null(rejected.Root.Element(jw302 + "Client"));
            Assert.True(rejected.Nodes().OfType<XComment>().Count() >= 2, rejected.ToString());
        }

        // A DTD is never read.
        await RefusedAsync(amersfoort, "/ijw/jw301", "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + valid[valid.IndexOf("<jw301:Bericht", StringComparison.Ordinal)..], HttpStatusCode.BadRequest);
        // Another municipality's token for Amersfoort's message: refused.
        await RefusedAsync(utrecht, "/ijw/jw301", valid, HttpStatusCode.Forbidden);
        // A JW319 at the JW301's address.
        await RefusedAsync(amersfoort, "/ijw/jw301", Jw319("0307", Referrals.YouthPractice, id.ToString(), "8"), HttpStatusCode.BadRequest);

        // A request nobody made: the product comes back with 9379.
        var retour = await SendAsync(amersfoort, "/ijw/jw301", Jw301("0307", Referrals.YouthPractice, Families.Anne, Guid.NewGuid().ToString(), Today, null));
        Assert.Equal(["9379"], RetourCodesOf(retour, "ToegewezenProduct"));

        var request = await youth.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{id}");
        Assert.Equal("requested", request!["status"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task The_municipality_reads_its_residents_funding_route_as_a_Coverage_another_municipality_finds_none()
    {
        using var gp = fixture.Platform.Gateway.Client(Tokens.Gp());
        var referral = await Referrals.ReferAsync(gp, Families.Youth(Families.Filip, "0935", "Anxious since a move.", Families.FilipsMother.As("parent", custody: true)));
        using var maastricht = fixture.Client(Tokens.Municipality("0935"));
        var coverage = await Eventually.Until(async () =>
        {
            using var response = await maastricht.GetAsync($"/fhir/Coverage/{referral}");
            return response.StatusCode == HttpStatusCode.OK ? await FhirFixture.ValidAsync<Hl7.Fhir.Model.Coverage>(response) : null;
        }, c => c is not null, "Filip's funding route decided");
        Assert.Equal((Families.Filip.Bsn, FhirEdge.Api.Domain.ReferralBundle.MunicipalitySystem, "0935", "Jeugdwet"),
            (coverage!.Beneficiary?.Identifier?.Value, coverage.Payor.Single().Identifier?.System, coverage.Payor.Single().Identifier?.Value, coverage.Class.Single().Value));
        Assert.DoesNotContain("Anxious", FhirJsonSerializer.Default.SerializeToString(coverage), StringComparison.Ordinal);

        using var utrecht = fixture.Client(Tokens.Municipality("0344"));
        using var other = await utrecht.GetAsync($"/fhir/Coverage/{referral}");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        // A youth clinician has no financier's view.
        using var clinician = fixture.Client(Tokens.Clinician());
        using var refused = await clinician.GetAsync($"/fhir/Coverage/{referral}");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    /// <summary>A youth referral of <paramref name="person"/> accepted by the youth practice, which requests the assignment; its id and the practice's client.</summary>
    private async Task<(Guid Id, HttpClient Youth)> RequestedAsync(Person person, string municipality)
    {
        using var gp = fixture.Platform.Gateway.Client(Tokens.Gp());
        var youth = fixture.Platform.Gateway.Client(Tokens.Clinician());
        var referral = await Referrals.ReferAsync(gp, Families.Youth(person, municipality, "Worries at school.", Families.Sandra.As("parent", custody: true)).To(Referrals.YouthPractice));
        await Referrals.AcceptAsync(youth, referral);
        var request = await Referrals.RequestAssignmentAsync(youth, referral);
        return (request["id"]!.GetValue<Guid>(), youth);
    }

    private static async Task<XDocument> MessageAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return Valid(text);
    }

    private static async Task<XDocument> SendAsync(HttpClient client, string path, string message)
    {
        using var response = await client.PostAsync(path, new StringContent(message, Encoding.UTF8, "application/xml"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return Valid(text);
    }

    /// <summary>Posts a JW316; asserts 200 and returns what became of its requests.</summary>
    private static async Task<JsonObject> TakenAsync(HttpClient municipality, string jw316)
    {
        using var response = await municipality.PostAsync("/ijw/jw316", new StringContent(jw316, Encoding.UTF8, "application/xml"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"JW316: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>A message as a partner's system sends it: its text, checked against its schema.</summary>
    private static string Written(XDocument message) => Schemas.Write(message);

    private static async Task<JsonObject> RefusedAsync(HttpClient client, string path, string message, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(path, new StringContent(message, Encoding.UTF8, "application/xml"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static async Task StepAsync(HttpClient provider, Guid id, string step, object body)
    {
        using var response = await provider.PostAsJsonAsync($"/api/funding/assignments/{id}/{step}", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{step}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Asserts the message passes its iJw 3.2 schema.</summary>
    private static XDocument Valid(string text)
    {
        var (document, errors) = Schemas.Read(text);
        Assert.True(document is not null, string.Join("; ", errors.Select(e => $"line {e.Line}: {e.Message}")) + "\n" + text);
        return document!;
    }

    private static string Header(XDocument message, string element) =>
        message.Root!.Element(message.Root.Name.Namespace + "Header")!.Element(message.Root.Name.Namespace + element)!.Value;

    private static List<string> RetourCodesOf(XDocument retour, string part)
    {
        var ns = retour.Root!.Name.Namespace;
        return retour.Descendants(ns + part).Single().Elements(ns + "RetourCodes").Elements(ns + "RetourCode").Select(c => c.Value).ToList();
    }

    /// <summary>A municipality's message header: code, version 3.2, sender and receiver, a new id, today.</summary>
    private static string Header(string prefix, string code, string municipality, string provider, string idPrefix) => $"""
        <{prefix}:Header>
            <{prefix}:BerichtCode>{code}</{prefix}:BerichtCode>
            <{prefix}:BerichtVersie>3</{prefix}:BerichtVersie>
            <{prefix}:BerichtSubversie>2</{prefix}:BerichtSubversie>
            <{prefix}:Afzender>{municipality}</{prefix}:Afzender>
            <{prefix}:Ontvanger>{provider}</{prefix}:Ontvanger>
            <{prefix}:BerichtIdentificatie>
              <ijw:Identificatie>{idPrefix}{Random.Shared.Next(1, 999999):D6}</ijw:Identificatie>
              <ijw:Dagtekening>{Today}</ijw:Dagtekening>
            </{prefix}:BerichtIdentificatie>
            <{prefix}:XsdVersie>
              <ijw:BasisschemaXsdVersie>0.1.0</ijw:BasisschemaXsdVersie>
              <ijw:BerichtXsdVersie>0.1.0</ijw:BerichtXsdVersie>
            </{prefix}:XsdVersie>
          </{prefix}:Header>
        """;

    /// <summary>A JW301 as a municipality's system writes it: one product, assigned from <paramref name="from"/>.</summary>
    private static string Jw301(string municipality, string provider, Person person, string reference, string from, string? to) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <jw301:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema">
          {Header("jw301", "436", municipality, provider, "TOE")}
          <jw301:Client>
            <jw301:Bsn>{person.Bsn}</jw301:Bsn>
            <jw301:Geboortedatum><ijw:Datum>{person.BirthDate:yyyy-MM-dd}</ijw:Datum></jw301:Geboortedatum>
            <jw301:Geslacht>0</jw301:Geslacht>
            <jw301:Naam>
              <ijw:Geslachtsnaam><ijw:Achternaam>{person.Name.Split(' ')[^1]}</ijw:Achternaam></ijw:Geslachtsnaam>
              <ijw:NaamGebruik>1</ijw:NaamGebruik>
            </jw301:Naam>
            <jw301:Contactgegevens>
              <jw301:Contact>
                <jw301:Soort>01</jw301:Soort>
              </jw301:Contact>
            </jw301:Contactgegevens>
            <jw301:ToegewezenProducten>
              <jw301:ToegewezenProduct>
                <jw301:ToewijzingNummer>{Random.Shared.Next(1, 999999)}</jw301:ToewijzingNummer>
                <jw301:ReferentieAanbieder>{reference}</jw301:ReferentieAanbieder>
                <jw301:Product><ijw:Categorie>54</ijw:Categorie></jw301:Product>
                <jw301:Toewijzingsdatum>{Today}</jw301:Toewijzingsdatum>
                <jw301:Toewijzingstijd>09:00:00</jw301:Toewijzingstijd>
                <jw301:Ingangsdatum>{from}</jw301:Ingangsdatum>{(to is null ? string.Empty : $"\n            <jw301:Einddatum>{to}</jw301:Einddatum>")}
              </jw301:ToegewezenProduct>
            </jw301:ToegewezenProducten>
          </jw301:Client>
        </jw301:Bericht>
        """;

    /// <summary>A JW319 refusing the request <paramref name="reference"/> with <paramref name="reason"/>.</summary>
    private static string Jw319(string municipality, string provider, string reference, string reason) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <jw319:Bericht xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema" xmlns:jw319="http://www.istandaarden.nl/ijw/3_2/jw319/schema">
          {Header("jw319", "488", municipality, provider, "ANT")}
          <jw319:Antwoord>
            <jw319:ReferentieAanbieder>{reference}</jw319:ReferentieAanbieder>
            <jw319:VerzoekAntwoord>1</jw319:VerzoekAntwoord>
            <jw319:RedenAfwijzingVerzoek>{reason}</jw319:RedenAfwijzingVerzoek>
          </jw319:Antwoord>
        </jw319:Bericht>
        """;
}

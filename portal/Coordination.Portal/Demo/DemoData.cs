using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Coordination.Portal.Session;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Demo;

/// <summary>
/// <c>deploy/run.sh --demo</c>: the families of scenarios 1 (De Vries) and 2 (Anne) from
/// ../shared/scenarios, entered through the gateway's public API as the demo personas would enter
/// them, so that a newcomer who signs in finds real work. Every write carries an
/// <c>Idempotency-Key</c> or is a step taken only when the status allows it: loading twice adds nothing.
/// </summary>
public sealed class DemoData(HttpClient gateway, AuthOptions auth, TextWriter log)
{
    private const string Practice = "01012345";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly Persona AnnesMother = new("moeder-anne", Roles.Client, "Femke Bakker", new Dictionary<string, string> { [ClaimNames.Bsn] = "999900092" });
    private static readonly Persona Therapist = new("gezinstherapeut", Roles.Clinician, "J. de Wit",
        new Dictionary<string, string> { [ClaimNames.Agb] = "94031111", [ClaimNames.Org] = "73731111", [ClaimNames.Domain] = "youth" });

    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        // Scenario 1: Sandra to the practice's own POH-GGZ, who accepts (and gets the kindcheck), Daan to youth GGZ; Sandra
        // shares her care data and agrees to an MDO, and consents for Daan, who has not yet consented himself.
        var sandra = await ReferAsync(Persona("huisarts"), "demo-scenario-1-sandra", Household(
            Person("999900006", "Sandra de Vries", "1991-06-02", "0344", uzovi: "3311"), "adult",
            "Somber en moe sinds de jongens naar de middelbare school gaan; slaapt slecht.",
            [Member("999900055", "Mark de Vries", "1991-02-11", "partner"), Member("999900018", "Daan de Vries", "2012-04-20", "child", true),
             Member("999900067", "Tim de Vries", "2014-05-10", "child", true)],
            receiver: (Practice, "POH-GGZ Huisartsenpraktijk Lombok"), careLevel: "basic", dsm: ("F32.0", "Depressieve stoornis, eenmalige episode, licht")), cancellationToken);
        await ReferAsync(Persona("huisarts"), "demo-scenario-1-daan", Household(
            Person("999900018", "Daan de Vries", "2012-04-20", "0344"), "youth",
            "Spijbelt en trekt zich terug sinds de start van de middelbare school; de schoolmaatschappelijk werker maakt zich zorgen.",
            [Member("999900006", "Sandra de Vries", "1991-06-02", "parent", true), Member("999900055", "Mark de Vries", "1991-02-11", "parent", true),
             Member("999900067", "Tim de Vries", "2014-05-10", "sibling")],
            receiver: ("73730001", "Jeugd-GGZ Utrecht")), cancellationToken);
        await StepsAsync(Persona("poh-ggz"), sandra.Id, ["triage", "accept"], cancellationToken);
        var sandraId = await MemberIdAsync(Persona("ouder"), "Sandra de Vries", cancellationToken);
        var daanId = await MemberIdAsync(Persona("ouder"), "Daan de Vries", cancellationToken);
        await ConsentAsync(Persona("ouder"), "demo-1-sandra-team", sandraId, "family-care-team", sandra.FamilyId, cancellationToken);
        await ConsentAsync(Persona("ouder"), "demo-1-sandra-mdo", sandraId, "mdo", sandra.FamilyId, cancellationToken);
        await ConsentAsync(Persona("ouder"), "demo-1-daan-team", daanId, "family-care-team", sandra.FamilyId, cancellationToken);

        // Scenario 2: Anne (9), urgently, to a family therapy practice; her mother consents alone; the practice accepts.
        var anne = await ReferAsync(Persona("huisarts"), "demo-scenario-2-anne", Household(
            Person("999900079", "Anne Bakker", "2017-09-03", "0307"), "youth",
            "Anne vertelde haar juf dat ze dood wil. Thuis veel spanning tussen de ouders.",
            [Member("999900080", "Joost Bakker", "1984-01-15", "parent", true), Member("999900092", "Femke Bakker", "1986-07-22", "parent", true),
             Member("999900109", "Sem Bakker", "2020-03-30", "sibling")],
            receiver: ("73731111", "Praktijk voor Gezinstherapie De Linde"), urgentReason: "Uitspraken over dood willen zijn; veiligheid thuis onduidelijk."), cancellationToken);
        var anneId = await MemberIdAsync(AnnesMother, "Anne Bakker", cancellationToken);
        await ConsentAsync(AnnesMother, "demo-2-anne-team", anneId, "family-care-team", anne.FamilyId, cancellationToken);
        await StepsAsync(Therapist, anne.Id, ["triage", "accept"], cancellationToken);
        await log.WriteLineAsync("demo data: scenario 1 (De Vries) and scenario 2 (Anne) are in; sign in as a demo user");
    }

    private static Persona Persona(string id) => Session.Personas.Find(id) ?? throw new InvalidOperationException($"No persona {id}.");

    private static JsonObject Person(string bsn, string name, string birthDate, string municipality, string? uzovi = null) => new()
    {
        ["bsn"] = bsn, ["name"] = name, ["birthDate"] = birthDate, ["municipalityCode"] = municipality, ["uzovi"] = uzovi,
    };

    private static JsonObject Member(string bsn, string name, string birthDate, string relation, bool? custody = null) => new()
    {
        ["bsn"] = bsn, ["name"] = name, ["birthDate"] = birthDate, ["relation"] = relation, ["custody"] = custody,
    };

    private static JsonObject Household(
        JsonObject subject, string domain, string reason, JsonObject[] household, (string Agb, string Name) receiver,
        string? careLevel = null, (string Code, string Description)? dsm = null, string? urgentReason = null) => new()
    {
        ["subject"] = subject,
        ["household"] = new JsonArray(household),
        ["referrer"] = new JsonObject { ["agb"] = Practice, ["type"] = "02", ["name"] = "Huisartsenpraktijk Lombok" },
        ["domain"] = domain,
        ["reason"] = reason,
        ["careLevel"] = careLevel,
        ["suspectedDsm"] = dsm is { } d ? new JsonObject { ["code"] = d.Code, ["description"] = d.Description } : null,
        ["urgent"] = urgentReason is not null,
        ["urgentReason"] = urgentReason,
        ["receiver"] = new JsonObject { ["agb"] = receiver.Agb, ["name"] = receiver.Name },
    };

    private async Task<(Guid Id, Guid FamilyId)> ReferAsync(Persona gp, string key, JsonObject referral, CancellationToken ct)
    {
        using var response = await SendAsync(gp, HttpMethod.Post, "/api/referrals", referral, key, ct);
        var body = await ExpectAsync(response, "a referral", HttpStatusCode.Created);
        return (body["id"]!.GetValue<Guid>(), body["familyId"]!.GetValue<Guid>());
    }

    /// <summary>Takes each step the referral's status still allows, with its ETag; a step already taken is skipped.</summary>
    private async Task StepsAsync(Persona who, Guid referral, string[] steps, CancellationToken ct)
    {
        foreach (var step in steps)
        {
            using var read = await SendAsync(who, HttpMethod.Get, $"/api/referrals/{referral}", null, null, ct);
            var current = await ExpectAsync(read, "the referral", HttpStatusCode.OK);
            if (!current["allowedSteps"]!.AsArray().Any(s => s!.GetValue<string>() == step))
            {
                continue;
            }

            using var taken = await SendAsync(who, HttpMethod.Post, $"/api/referrals/{referral}/{step}", new JsonObject(), null, ct, read.Headers.ETag?.ToString());
            await ExpectAsync(taken, $"the step {step}", HttpStatusCode.OK);
        }
    }

    /// <summary>The member id of <paramref name="name"/> as <paramref name="client"/> may declare for, once the consent service knows the family.</summary>
    private async Task<Guid> MemberIdAsync(Persona client, string name, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using var response = await SendAsync(client, HttpMethod.Get, "/api/consents/subjects", null, null, ct);
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonArray>(ct))?.FirstOrDefault(s => s?["name"]?.GetValue<string>() == name) is { } subject)
            {
                return subject["memberId"]!.GetValue<Guid>();
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"The consent service did not learn of {name} within {Patience.TotalSeconds:F0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    private async Task ConsentAsync(Persona client, string key, Guid subject, string purpose, Guid familyId, CancellationToken ct)
    {
        var body = new JsonObject
        {
            ["subject"] = subject, ["purpose"] = purpose, ["recipient"] = new JsonObject { ["kind"] = "care-team", ["id"] = familyId.ToString() },
        };
        using var response = await SendAsync(client, HttpMethod.Post, "/api/consents", body, key, ct);
        await ExpectAsync(response, $"the consent {purpose}", HttpStatusCode.Created, HttpStatusCode.OK);
    }

    private async Task<HttpResponseMessage> SendAsync(Persona who, HttpMethod method, string path, JsonObject? body, string? key, CancellationToken ct, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DevelopmentTokens.Mint(who, auth, DateTimeOffset.UtcNow, TimeSpan.FromHours(1)));
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await gateway.SendAsync(request, ct);
    }

    private static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, string what, params HttpStatusCode[] expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        if (!expected.Contains(response.StatusCode))
        {
            throw new InvalidOperationException($"Loading the demo data: {what} answered {(int)response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)?.AsObject() ?? [];
    }
}

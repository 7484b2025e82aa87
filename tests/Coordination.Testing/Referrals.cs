using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Referral bodies from the issue and the scenarios, as JSON a client would send.</summary>
public static class Referrals
{
    /// <summary>Daan's BSN in these bodies.</summary>
    public const string DaanBsn = "999900018";

    /// <summary>Sandra's BSN in these bodies.</summary>
    public const string SandraBsn = "999900006";

    /// <summary>Daan (14), Utrecht, to youth GGZ, with his mother Sandra in the household.</summary>
    public static JsonObject Daan() => JsonNode.Parse("""
        {
          "subject":   { "bsn": "999900018", "name": "Daan de Vries", "birthDate": "2011-03-14",
                         "municipalityCode": "0344" },
          "household": [ { "bsn": "999900006", "name": "Sandra de Vries", "birthDate": "1990-06-02",
                           "relation": "parent", "custody": true } ],
          "referrer":  { "agb": "01012345", "type": "02", "name": "Huisartsenpraktijk Lombok" },
          "domain":    "youth",
          "reason":    "Truancy and withdrawal since the start of secondary school."
        }
        """)!.AsObject();

    /// <summary>Sandra (36), Utrecht, insured with 3311, to adult GGZ with a suspected mild depression; Daan at home.</summary>
    public static JsonObject Sandra() => JsonNode.Parse("""
        {
          "subject":   { "bsn": "999900006", "name": "Sandra de Vries", "birthDate": "1990-06-02",
                         "municipalityCode": "0344", "uzovi": "3311" },
          "household": [ { "bsn": "999900018", "name": "Daan de Vries", "birthDate": "2011-03-14",
                           "relation": "child" } ],
          "referrer":  { "agb": "01012345", "type": "02", "name": "Huisartsenpraktijk Lombok" },
          "domain":    "adult",
          "careLevel": "basic",
          "suspectedDsm": { "code": "F32.0", "description": "Major depressive disorder, single episode, mild" },
          "reason":    "Low mood since the boys went to secondary school."
        }
        """)!.AsObject();

    /// <summary>Submits <paramref name="referral"/> as the GP <paramref name="gp"/>; asserts 201 and returns the family id.</summary>
    public static async Task<Guid> SubmitAsync(HttpClient gp, JsonObject referral)
    {
        ArgumentNullException.ThrowIfNull(gp);
        using var response = await gp.PostAsJsonAsync("/api/referrals", referral);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new Xunit.Sdk.XunitException($"Expected 201 referring, got {response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["familyId"]!.GetValue<Guid>();
    }

    /// <summary>The organisation the youth referrals of the tests are addressed to (a youth GGZ practice).</summary>
    public const string YouthPractice = "73730001";

    /// <summary>The organisation the adult referrals of the tests are addressed to.</summary>
    public const string AdultPractice = "73730002";

    /// <summary><paramref name="referral"/> addressed to the organisation <paramref name="agb"/>.</summary>
    public static JsonObject To(this JsonObject referral, string agb, string name = "Praktijk De Linde")
    {
        ArgumentNullException.ThrowIfNull(referral);
        referral["receiver"] = new JsonObject { ["agb"] = agb, ["name"] = name };
        return referral;
    }

    /// <summary>Submits <paramref name="referral"/>; asserts 201 and returns the referral's id.</summary>
    public static async Task<Guid> ReferAsync(HttpClient gp, JsonObject referral)
    {
        ArgumentNullException.ThrowIfNull(gp);
        using var response = await gp.PostAsJsonAsync("/api/referrals", referral);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new Xunit.Sdk.XunitException($"Expected 201 referring, got {response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!["id"]!.GetValue<Guid>();
    }

    /// <summary>Reads the referral as <paramref name="client"/> and returns its body and ETag.</summary>
    public static async Task<(JsonObject Referral, string ETag)> ReadAsync(HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/api/referrals/{id}");
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new Xunit.Sdk.XunitException($"Expected 200 reading the referral, got {response.StatusCode}: {body}");
        }

        return (JsonNode.Parse(body)!.AsObject(), response.Headers.ETag!.ToString());
    }

    /// <summary>Takes <paramref name="step"/> with the ETag of a fresh read (or <paramref name="ifMatch"/>); returns the response.</summary>
    public static async Task<HttpResponseMessage> StepAsync(HttpClient client, Guid id, string step, object? body = null, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ifMatch ??= (await ReadAsync(client, id)).ETag;
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{id}/{step}") { Content = JsonContent.Create(body ?? new { }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await client.SendAsync(request);
    }

    /// <summary>Takes <paramref name="step"/> and asserts it was taken; returns the referral as it is now.</summary>
    public static async Task<JsonObject> TakeAsync(HttpClient client, Guid id, string step, object? body = null)
    {
        using var response = await StepAsync(client, id, step, body);
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new Xunit.Sdk.XunitException($"Expected 200 taking {step}, got {response.StatusCode}: {text}");
        }

        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The receiver triages and accepts the referral, and so joins the family's care team; asserts each step.</summary>
    public static async Task AcceptAsync(HttpClient receiver, Guid id)
    {
        await TakeAsync(receiver, id, "triage");
        await TakeAsync(receiver, id, "accept");
    }

    /// <summary>
    /// The youth care provider that accepted <paramref name="referralId"/> sends its JW315 assignment request, once the
    /// acceptance has reached the funding route service (a 404 or 409 until then); returns the request as created.
    /// </summary>
    public static async Task<JsonNode> RequestAssignmentAsync(HttpClient provider, Guid referralId)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var (_, body) = await Eventually.Until(async () =>
        {
            using var response = await provider.PostAsJsonAsync("/api/funding/assignments", new { referralId });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }, r => r.StatusCode == HttpStatusCode.Created, "the JW315 request, once the acceptance reached the funding route");
        return JsonNode.Parse(body)!;
    }
}

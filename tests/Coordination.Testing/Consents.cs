using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Declaring and reading consents as a family does, through the gateway.</summary>
public static class Consents
{
    /// <summary>
    /// The member id of <paramref name="person"/>, as the client <paramref name="client"/> finds it
    /// among the people they may declare for, once the consent service has learnt the household.
    /// </summary>
    public static async Task<Guid> MemberIdAsync(HttpClient client, Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var subjects = await Eventually.Until(
            async () =>
            {
                using var response = await client.GetAsync("/api/consents/subjects");
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray() : [];
            },
            list => list.Any(s => s!["name"]?.GetValue<string>() == person.Name),
            $"the consent service to know {person.Name}");
        return subjects.First(s => s!["name"]!.GetValue<string>() == person.Name)!["memberId"]!.GetValue<Guid>();
    }

    /// <summary>A declaration body.</summary>
    public static JsonObject Body(Guid subject, string purpose, string recipientKind, string recipientId, string? from = null, string? until = null)
    {
        var body = new JsonObject
        {
            ["subject"] = subject.ToString(),
            ["purpose"] = purpose,
            ["recipient"] = new JsonObject { ["kind"] = recipientKind, ["id"] = recipientId },
        };
        if (from is not null || until is not null)
        {
            body["period"] = new JsonObject { ["from"] = from, ["until"] = until };
        }

        return body;
    }

    /// <summary>Each of <paramref name="declarants"/> in turn declares the consent (a child and a parent, or one); asserts 201 or 200 and returns its id.</summary>
    public static async Task<Guid> DeclareAsync(Guid subject, string purpose, string recipientKind, string recipientId, params HttpClient[] declarants)
    {
        var id = Guid.Empty;
        foreach (var client in declarants)
        {
            using var response = await client.PostAsJsonAsync("/api/consents", Body(subject, purpose, recipientKind, recipientId));
            var text = await response.Content.ReadAsStringAsync();
            Xunit.Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, text);
            id = JsonNode.Parse(text)!["id"]!.GetValue<Guid>();
        }

        return id;
    }

    /// <summary>Declares consent to share <paramref name="subject"/>'s care data with the family's care team; asserts the status.</summary>
    public static async Task<JsonObject> ShareWithCareTeamAsync(HttpClient client, Guid subject, Guid familyId, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/api/consents", Body(subject, "family-care-team", "care-team", familyId.ToString()));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {expected} declaring consent, got {response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Withdraws a consent; asserts the status.</summary>
    public static async Task<JsonObject> WithdrawAsync(HttpClient client, Guid consentId, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync($"/api/consents/{consentId}/withdraw", new { reason = "I changed my mind." });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {expected} withdrawing consent {consentId}, got {response.StatusCode}: {body}");
        }

        return JsonNode.Parse(body)!.AsObject();
    }
}

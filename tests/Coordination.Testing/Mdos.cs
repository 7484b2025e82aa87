using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>Calendars and MDOs as professionals keep and book them, through the gateway.</summary>
public static class Mdos
{
    /// <summary>Monday to Friday, <paramref name="from"/> to <paramref name="to"/> (HH:mm, Amsterdam time).</summary>
    public static object[] Weekdays(string from = "09:00", string to = "17:00") =>
        [.. new[] { "monday", "tuesday", "wednesday", "thursday", "friday" }.Select(day => new { day, from, to })];

    /// <summary>Sets the caller's working hours; asserts 200.</summary>
    public static async Task SetHoursAsync(HttpClient professional, params object[] hours)
    {
        ArgumentNullException.ThrowIfNull(professional);
        using var response = await professional.PutAsJsonAsync("/api/mdos/calendar/hours", new { hours });
        await ExpectAsync(response, HttpStatusCode.OK, "setting working hours");
    }

    /// <summary>Adds a busy period to the caller's calendar; asserts 201.</summary>
    public static async Task BusyAsync(HttpClient professional, DateTimeOffset start, DateTimeOffset end)
    {
        ArgumentNullException.ThrowIfNull(professional);
        using var response = await professional.PostAsJsonAsync("/api/mdos/calendar/busy", new { start, end });
        await ExpectAsync(response, HttpStatusCode.Created, "adding busy time");
    }

    /// <summary>An MDO request body: the family, whom it discusses, who must come, the length and the window in days from today.</summary>
    public static JsonObject Request(Guid familyId, Guid[] members, string[] required, int minutes = 60, int days = 14, string[]? optional = null, Guid[]? family = null) => new()
    {
        ["familyId"] = familyId.ToString(),
        ["purpose"] = "Align the family's help at home and at school.",
        ["members"] = new JsonArray([.. members.Select(m => (JsonNode)m.ToString())]),
        ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
        ["optional"] = new JsonArray([.. (optional ?? []).Select(r => (JsonNode)r)]),
        ["family"] = new JsonArray([.. (family ?? []).Select(m => (JsonNode)m.ToString())]),
        ["durationMinutes"] = minutes,
        ["from"] = Day(TestClock.Today),
        ["until"] = Day(TestClock.Today.AddDays(days - 1)),
    };

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/>; returns the status and the parsed body.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> PostAsync(HttpClient client, string path, JsonNode body, string? ifMatch = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.ToString());
    }

    /// <summary>Reads an MDO; returns the status, the body and its ETag.</summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Body, string? ETag)> ReadAsync(HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/api/mdos/{id}");
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers.ETag?.ToString());
    }

    /// <summary>The caller's invitation; asserts 200 and text/calendar.</summary>
    public static async Task<string> InvitationAsync(HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync($"/api/mdos/{id}/invitation.ics");
        await ExpectAsync(response, HttpStatusCode.OK, "reading the invitation");
        Xunit.Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The caller's list of MDOs.</summary>
    public static async Task<JsonArray> ListAsync(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return (await client.GetFromJsonAsync<JsonObject>("/api/mdos"))!["items"]!.AsArray();
    }

    /// <summary>Declares an mdo consent about <paramref name="subject"/> for the recipient, as each client in turn; returns the consent's id.</summary>
    public static Task<Guid> ConsentAsync(Guid subject, string recipientKind, string recipientId, params HttpClient[] declarants) =>
        Consents.DeclareAsync(subject, "mdo", recipientKind, recipientId, declarants);

    public static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            throw new Xunit.Sdk.XunitException($"Expected {expected} {what}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}

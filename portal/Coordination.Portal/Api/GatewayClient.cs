using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Coordination.Portal.Session;
using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Authentication;

namespace Coordination.Portal.Api;

/// <summary>What an RFC 9457 problem from the API said: its status, title, and the errors per field.</summary>
public sealed record ApiProblem(int Status, string? Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    /// <summary>Each field the problem names (renamed to the form's name, where a form names it differently) with the page's one sentence for it.</summary>
    public Dictionary<string, string> FieldErrors(string sentence, Func<string, string>? rename = null) =>
        Errors.Keys.ToDictionary(field => rename?.Invoke(field) ?? field, _ => sentence, StringComparer.Ordinal);

    /// <summary>The list and the index a field names (<c>decisions[1].dueOn</c>: decisions, 1, <c>.dueOn</c>), or null for a field of no list.</summary>
    public static (string List, int Index, string After)? Indexed(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        var open = field.IndexOf('[', StringComparison.Ordinal);
        var close = open < 0 ? -1 : field.IndexOf(']', open);
        return close > open + 1 && int.TryParse(field.AsSpan(open + 1, close - open - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
            ? (field[..open], index, field[(close + 1)..])
            : null;
    }

    public static ApiProblem Of(int status, string body)
    {
        var problem = ProblemBody.Read(body);
        return new ApiProblem(status, problem.Title, problem.Detail, problem.Errors);
    }
}

/// <summary>An API answer: its status, the value of a 2xx, or the problem of anything else.</summary>
public sealed record ApiAnswer<T>(int Status, T? Value, ApiProblem? Problem, string? ETag)
{
    public bool Ok => Status is >= 200 and < 300;

    public bool NotFound => Status == (int)HttpStatusCode.NotFound;
}

/// <summary>The session ended at the API (a 401): the page sends the user to sign in again.</summary>
public sealed class SessionEndedException() : Exception("The API refused the session's token.");

/// <summary>
/// The portal's only way to the services: the gateway's public API, with the signed-in user's
/// access token taken from their server-side session. It never calls a service directly.
/// </summary>
public sealed class GatewayClient(HttpClient http, IHttpContextAccessor accessor)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken = default) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, cancellationToken: cancellationToken);

    public async Task<ApiAnswer<T>> SendAsync<T>(
        HttpMethod method, string path, object? body, string? idempotencyKey = null, string? ifMatch = null, CancellationToken cancellationToken = default)
    {
        using var request = await RequestAsync(method, path);
        // A body is sent as JSON, unless it is content already (an uploaded calendar).
        if (body is not null)
        {
            request.Content = body as HttpContent ?? JsonContent.Create(body, body.GetType(), options: Json);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        ThrowWhenSessionEnded(response);
        var etag = response.Headers.ETag?.ToString();
        if (response.IsSuccessStatusCode)
        {
            var value = response.StatusCode == HttpStatusCode.NoContent ? default : await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
            return new ApiAnswer<T>(status, value, null, etag);
        }

        return new ApiAnswer<T>(status, default, ApiProblem.Of(status, await response.Content.ReadAsStringAsync(cancellationToken)), etag);
    }

    /// <summary>A document (a PDF, an invitation) as the API gives it, or null with its status.</summary>
    public async Task<(int Status, byte[]? Bytes, string? ContentType)> DownloadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var request = await RequestAsync(HttpMethod.Get, path);
        using var response = await http.SendAsync(request, cancellationToken);
        ThrowWhenSessionEnded(response);
        return response.IsSuccessStatusCode
            ? ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentType?.ToString())
            : ((int)response.StatusCode, null, null);
    }

    private async Task<HttpRequestMessage> RequestAsync(HttpMethod method, string path)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The gateway is called for a signed-in user's request only.");
        var token = await context.GetTokenAsync(PortalAuthentication.AccessToken) ?? throw new SessionEndedException();
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The gateway limits each address: the user's, not the portal's (which every user shares). It believes this
        // header only from the proxies of its Gateway:KnownProxies, which then include the portal.
        if (context.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Add("X-Forwarded-For", address.ToString());
        }

        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static void ThrowWhenSessionEnded(HttpResponseMessage response)
    {
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            throw new SessionEndedException();
        }
    }
}

using System.Net.Http.Headers;
using System.Text.Json;
using Coordination.ServiceDefaults.Http;

namespace FhirEdge.Api.Endpoints;

/// <summary>An answer of the platform's API: its status, the value of a 2xx, or the problem's errors per field.</summary>
public sealed record PlatformAnswer<T>(int Status, T? Value, string? Title, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool Ok => Status is >= 200 and < 300;
}

/// <summary>
/// The edge's only way to the platform: the gateway's public API, called with the caller's own
/// token, so that every service makes its own checks (who may see what, consent) and writes its
/// own access-log entries, exactly as for a portal user. The edge holds nothing of its own.
/// </summary>
public sealed class PlatformApi(HttpClient http, IHttpContextAccessor accessor)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<PlatformAnswer<T>> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, body: null, idempotencyKey: null, cancellationToken);

    /// <summary>A document (a PDF) as the API gives it: its bytes, or null with the status.</summary>
    public async Task<(int Status, byte[]? Bytes)> DownloadAsync(string path, CancellationToken cancellationToken)
    {
        using var request = Request(HttpMethod.Get, path, idempotencyKey: null);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync(cancellationToken)) : ((int)response.StatusCode, null);
    }

    public async Task<PlatformAnswer<T>> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, idempotencyKey);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return new PlatformAnswer<T>(status, await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken), null, new Dictionary<string, string[]>());
        }

        var problem = ProblemBody.Read(await response.Content.ReadAsStringAsync(cancellationToken));
        return new PlatformAnswer<T>(status, default, problem.Detail ?? problem.Title, problem.Errors);
    }

    /// <summary>A request as the caller: their token, their address (the gateway limits each one), an Idempotency-Key when given.</summary>
    private HttpRequestMessage Request(HttpMethod method, string path, string? idempotencyKey)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("The platform is called for a caller's request only.");
        var request = new HttpRequestMessage(method, path);
        if (AuthenticationHeaderValue.TryParse(context.Request.Headers.Authorization, out var authorization))
        {
            request.Headers.Authorization = authorization;
        }

        // The gateway limits each address: the caller's, which it believes from the proxies it knows.
        if (context.Connection.RemoteIpAddress is { } address)
        {
            request.Headers.Add("X-Forwarded-For", address.ToString());
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }
}

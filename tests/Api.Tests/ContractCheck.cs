using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;

namespace Api.Tests;

/// <summary>
/// Sends requests through the gateway and checks each answer against the OpenAPI document of the
/// service that serves it; remembers which operations were answered with which statuses.
/// </summary>
public sealed class ContractCheck
{
    private readonly Dictionary<string, OpenApiContract> _services;
    private readonly List<string> _violations = [];
    private readonly HashSet<(string Operation, int Status)> _seen = [];

    private ContractCheck(Platform platform, Dictionary<string, OpenApiContract> services)
    {
        Platform = platform;
        _services = services;
    }

    public Platform Platform { get; }

    public IReadOnlyDictionary<string, OpenApiContract> Services => _services;

    public IReadOnlyCollection<(string Operation, int Status)> Seen => _seen;

    /// <summary>
    /// Called after the first 2xx of each operation with the request as it was sent and the answer's
    /// body, before the walk goes on: the access matrix sends the same request as callers who must not reach it.
    /// </summary>
    public Func<string, SentRequest, string, RunningHost?, Task>? OnFirstSuccess { get; set; }

    public static async Task<ContractCheck> CreateAsync(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var services = new Dictionary<string, OpenApiContract>();
        foreach (var (name, _) in Platform.ServiceBuilders)
        {
            using var client = platform.Service(name).Client();
            services[name] = new OpenApiContract((await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!);
        }

        return new ContractCheck(platform, services);
    }

    /// <summary>
    /// Sends <paramref name="request"/> through the gateway (or straight to <paramref name="via"/>, a
    /// service restarted on another day that the gateway does not know) with <paramref name="token"/>,
    /// asserts the status the case is about, and records every way the answer breaks the document.
    /// </summary>
    public async Task<JsonNode?> SendAsync(string @case, HttpRequestMessage request, string? token, int expectedStatus, RunningHost? via = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var client = (via ?? Platform.Gateway).Client(token);
        var sent = await SentRequest.OfAsync(request);
        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status == expectedStatus, $"{@case}: expected {expectedStatus}, got {status}: {body}");

        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.AbsolutePath : request.RequestUri.OriginalString;
        var owners = _services.Where(s => s.Value.OperationOf(request.Method, path) is not null).ToList();
        if (owners.Count == 1)
        {
            var contract = owners[0].Value;
            var operation = contract.OperationOf(request.Method, path)!;
            var first = status is >= 200 and < 300 && !_seen.Any(s => s.Operation == operation && s.Status is >= 200 and < 300);
            _seen.Add((operation, status));
            if (first && OnFirstSuccess is not null)
            {
                await OnFirstSuccess(operation, sent, body, via);
            }

            var headers = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key));
            _violations.AddRange(contract.Violations(request.Method, path, status, response.Content.Headers.ContentType, headers, body)
                .Select(v => $"{@case}: {v}"));
        }
        else
        {
            _violations.Add($"{@case}: {request.Method} {path} is described by {owners.Count} services");
        }

        var json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        return body.Length > 0 && json ? JsonNode.Parse(body) : null;
    }

    /// <summary>
    /// Calls every operation of every document through the gateway with what every operation refuses
    /// before it looks at anything else (issue 19): a header value outside ASCII (a 400 naming the
    /// header), more header fields than the gateway takes (431) and a path and query that are too long
    /// (414); each a problem its document declares.
    /// </summary>
    public async Task SendEveryOperationWithBadHeadersAsync(string token)
    {
        // HttpClient refuses bytes outside ASCII itself unless told how to encode them.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8 };
        using var client = new HttpClient(handler) { BaseAddress = Platform.Gateway.Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (string Case, int Status, string InBody, Action<HttpRequestMessage> Spoil)[] cases =
        [
            ("a header outside ASCII", 400, "X-Note", request => request.Headers.TryAddWithoutValidation("X-Note", "÷")),
            ("too many header fields", 431, "header fields", request =>
            {
                for (var n = 0; n <= HeaderLimits.MaxHeaderCount; n++)
                {
                    request.Headers.Add($"X-Extra-{n}", "x");
                }
            }),
            ("too long a query", 414, "path and query", request =>
                request.RequestUri = new Uri(request.RequestUri!.OriginalString + "?pad=" + new string('p', HeaderLimits.MaxTargetLength), UriKind.Relative)),
        ];
        foreach (var operation in _services.Values.SelectMany(s => s.Operations()))
        {
            var space = operation.IndexOf(' ', StringComparison.Ordinal);
            var path = System.Text.RegularExpressions.Regex.Replace(operation[(space + 1)..], "{[^}]+}", Guid.NewGuid().ToString());
            var contract = _services.Values.Single(s => s.OperationOf(new HttpMethod(operation[..space]), path) == operation);
            foreach (var (@case, status, inBody, spoil) in cases)
            {
                using var request = new HttpRequestMessage(new HttpMethod(operation[..space]), path);
                spoil(request);
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True((int)response.StatusCode == status, $"{operation} with {@case}: {response.StatusCode} {body}");
                Assert.Contains(inBody, body, StringComparison.Ordinal);
                _seen.Add((operation, status));
                var headers = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key));
                _violations.AddRange(contract.Violations(request.Method, path, status, response.Content.Headers.ContentType, headers, body)
                    .Select(v => $"{operation} with {@case}: {v}"));
            }
        }
    }

    public void AssertNoViolations() =>
        Assert.True(_violations.Count == 0, "Answers that break their OpenAPI document:\n" + string.Join("\n", _violations));

    /// <summary>Every operation of every service was answered at least once with a 2xx.</summary>
    public void AssertEveryOperationSucceededOnce()
    {
        var untested = _services.Values.SelectMany(s => s.Operations())
            .Where(operation => !_seen.Any(seen => seen.Operation == operation && seen.Status is >= 200 and < 300))
            .ToList();
        Assert.True(untested.Count == 0, "Operations no case called successfully: " + string.Join(", ", untested));
    }

    /// <summary>Every status (or range) an operation declares was seen.</summary>
    public void AssertEveryDeclaredStatusSeen()
    {
        var missing = _services.Values.SelectMany(s => s.Operations().SelectMany(operation =>
            s.DeclaredStatuses(operation).Select(key => (Operation: operation, Key: key))))
            .Where(declared => !_seen.Any(seen => seen.Operation == declared.Operation && OpenApiContract.Covers(declared.Key, seen.Status)))
            .Select(declared => $"{declared.Operation} {declared.Key}")
            .ToList();
        Assert.True(missing.Count == 0, "Declared answers no case produced: " + string.Join(", ", missing));
    }
}

/// <summary>A request as it was sent, to send again as someone else.</summary>
public sealed record SentRequest(HttpMethod Method, string Path, byte[]? Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public static async Task<SentRequest> OfAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync();
        var path = request.RequestUri!.IsAbsoluteUri ? request.RequestUri.PathAndQuery : request.RequestUri.OriginalString;
        return new SentRequest(request.Method, path, body, request.Content?.Headers.ContentType?.ToString(),
            [.. request.Headers.Where(h => h.Key != "Authorization").SelectMany(h => h.Value.Select(v => (h.Key, v)))]);
    }

    /// <summary>
    /// A new message of the same request; for another caller without its Idempotency-Key, which
    /// belongs to its first caller. Headers go as they are, bytes outside ASCII too.
    /// </summary>
    public HttpRequestMessage ToMessage(bool withoutIdempotencyKey = false)
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            message.Content.Headers.ContentType = ContentType is null ? null : System.Net.Http.Headers.MediaTypeHeaderValue.Parse(ContentType);
        }

        foreach (var (name, value) in Headers.Where(h => !withoutIdempotencyKey || h.Name != "Idempotency-Key"))
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;

namespace Gateway.Tests;

[Trait("Category", "Integration")]
public sealed class GatewayBehaviourTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [SkippableFact]
    public async Task Every_response_carries_one_correlation_id_and_echoes_the_callers()
    {
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/families/{Guid.NewGuid()}/plan");
        request.Headers.Add("X-Correlation-Id", "case-4711");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(["case-4711"], response.Headers.GetValues("X-Correlation-Id"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("case-4711", problem!["correlationId"]!.GetValue<string>());

        using var fresh = await client.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
        Assert.True(Guid.TryParse(Assert.Single(fresh.Headers.GetValues("X-Correlation-Id")), out _));
    }

    [SkippableTheory]
    [InlineData("short")]
    [InlineData("-starts-with-a-hyphen")]
    [InlineData("has;a;semicolon")]
    public async Task A_correlation_id_outside_the_strict_shape_is_replaced_by_a_new_one(string incoming)
    {
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/families/{Guid.NewGuid()}/plan");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", incoming);
        using var response = await client.SendAsync(request);

        var id = Assert.Single(response.Headers.GetValues("X-Correlation-Id"));
        Assert.True(Guid.TryParseExact(id, "D", out _), id);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(id, problem!["correlationId"]!.GetValue<string>());
    }

    [SkippableTheory]
    [InlineData("If-Match", "ñ")]
    [InlineData("X-Note", "÷")]
    [InlineData("Idempotency-Key", "sleutel-ß")]
    public async Task A_header_value_outside_ascii_is_a_400_problem_naming_the_header_at_the_gateway_and_every_service(string header, string value)
    {
        // HttpClient refuses such bytes itself unless told how to encode them; Kestrel used to answer a bare 400 with no body.
        var referrals = await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals");
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        foreach (var host in Platform.ServiceBuilders.Select(s => fixture.Platform.Service(s.Name)).Prepend(fixture.Platform.Gateway))
        {
            using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = host.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", Tokens.Gp());
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(Referrals.Daan()) };
            request.Headers.TryAddWithoutValidation(header, value);
            using var response = await client.SendAsync(request);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(400, problem!["status"]!.GetValue<int>());
            Assert.NotNull(problem["errors"]![header]);
        }

        Assert.Equal(referrals, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    [SkippableFact]
    public async Task Past_the_header_limits_the_gateway_answers_a_problem_and_a_service_takes_all_the_gateway_forwards()
    {
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        var referrals = await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals");

        async Task<(HttpStatusCode Status, JsonObject? Problem)> PostAsync(int extraHeaders, int queryLength = 0)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals?pad=" + new string('p', queryLength))
            {
                Content = new ByteArrayContent("{}"u8.ToArray()) { Headers = { ContentType = new("application/json") } },
            };
            for (var n = 0; n < extraHeaders; n++)
            {
                request.Headers.Add($"X-Extra-{n}", "x");
            }

            using var response = await client.SendAsync(request);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonObject>());
        }

        // Host, Authorization, Content-Type, Content-Length and (from this process's tracing) traceparent with 95 more:
        // the 100 the gateway takes, and more than Kestrel's default once the gateway adds its forwarding and trace
        // headers. The service reads them all and answers.
        var atTheLimit = await PostAsync(95);
        Assert.Equal(HttpStatusCode.BadRequest, atTheLimit.Status);
        Assert.NotNull(atTheLimit.Problem!["errors"]);
        var tooMany = await PostAsync(97);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, tooMany.Status);
        Assert.Contains($"at most {HeaderLimits.MaxHeaderCount} header fields", tooMany.Problem!["title"]!.GetValue<string>(), StringComparison.Ordinal);
        var tooLong = await PostAsync(0, queryLength: HeaderLimits.MaxTargetLength);
        Assert.Equal(HttpStatusCode.RequestUriTooLong, tooLong.Status);
        Assert.Equal(414, tooLong.Problem!["status"]!.GetValue<int>());
        Assert.Equal(referrals, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "referrals"));
    }

    [SkippableFact]
    public async Task Every_answer_is_kept_from_caches_and_content_sniffing()
    {
        // Issue 19: client data (JSON, letters, invitations, the access log) never lands in a browser or proxy cache.
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var created = await client.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        using var letter = await client.GetAsync(created.Headers.Location + "/letter.pdf");
        using var missing = await client.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
        using var anonymous = await fixture.Platform.Gateway.Client().GetAsync("/api/referrals");
        foreach (var response in new[] { created, letter, missing, anonymous })
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage!.RequestUri}: Cache-Control {response.Headers.CacheControl}");
            Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        }

        Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
        Assert.Equal("application/pdf", letter.Content.Headers.ContentType?.MediaType);
    }

    [SkippableFact]
    public async Task The_correlation_id_reaches_the_audit_log_of_the_service()
    {
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(Referrals.Daan()) };
        request.Headers.Add("X-Correlation-Id", "audit-trail-1");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.Referral), "audit_log", "correlation_id = 'audit-trail-1' AND action = 'C'"));
    }

    [SkippableFact]
    public async Task Health_needs_no_token()
    {
        using var anonymous = fixture.Platform.Gateway.Client();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        foreach (var (name, _) in Platform.ServiceBuilders)
        {
            using var service = fixture.Platform.Service(name).Client();
            Assert.Equal(HttpStatusCode.OK, (await service.GetAsync("/health/live")).StatusCode);
            var ready = await service.GetFromJsonAsync<JsonObject>("/health/ready");
            Assert.Equal("Healthy", ready!["status"]!.GetValue<string>());
            Assert.Contains("database", ready["checks"]!.AsObject().Select(c => c.Key));
            Assert.Contains(ready["checks"]!.AsObject(), c => c.Key.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
            using var openApi = await service.GetAsync("/openapi/v1.json");
            Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        }
    }

    [SkippableFact]
    public async Task The_funding_routes_route_takes_a_financier_to_the_funding_route_service_and_turns_everyone_else_away()
    {
        // A municipality's list comes from the funding route service (a 404 from the gateway itself would have no items).
        using var municipality = fixture.Platform.Gateway.Client(Tokens.Municipality("0363"));
        using var list = await municipality.GetAsync("/api/funding-routes?limit=5");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.NotNull((await list.Content.ReadFromJsonAsync<JsonObject>())!["items"]);

        // A route that does not exist is the service's 404, and its refusal is in the service's access log.
        var unknown = Guid.NewGuid();
        using var insurer = fixture.Platform.Gateway.Client(Tokens.Insurer("7095"));
        Assert.Equal(HttpStatusCode.NotFound, (await insurer.GetAsync($"/api/funding-routes/{unknown}")).StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.FundingRoute), "audit_log",
            "action = 'R' AND outcome = 'denied' AND user_id = 'insurer-7095' AND object_id = @Id", new { Id = unknown.ToString() }));

        // Care roles and clients have no population of routes: the gateway's role policy turns them away.
        foreach (var token in (string[])[Tokens.Gp(), Tokens.Clinician(), Tokens.Client(), Tokens.For(Roles.SocialDomain)])
        {
            using var other = fixture.Platform.Gateway.Client(token);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/funding-routes")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/funding-routes/{unknown}")).StatusCode);
        }

        // The merged document describes both operations, as the route forwards their paths unchanged.
        using var anonymous = fixture.Platform.Gateway.Client();
        var merged = await anonymous.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(merged!["paths"]!["/api/funding-routes"]!["get"]);
        Assert.NotNull(merged["paths"]!["/api/funding-routes/{referralId}"]!["get"]);
    }

    [SkippableFact]
    public async Task The_openapi_document_describes_the_referral_endpoints()
    {
        using var service = fixture.Platform.Service(Platform.Referral).Client();
        var document = await service.GetFromJsonAsync<JsonObject>("/openapi/v1.json");
        Assert.NotNull(document!["paths"]!["/api/referrals"]!["post"]);
        Assert.NotNull(document["paths"]!["/api/referrals/{id}"]!["get"]);
    }

    [SkippableTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_oversized_body_is_refused_at_the_gateway_with_a_400_problem_and_nothing_is_stored(bool declaresLength)
    {
        var referrals = fixture.Platform.Databases.For(Platform.Referral);
        var before = await DbCounts.CountAsync(referrals, "referrals");
        using var client = fixture.Platform.Gateway.Client(Tokens.Gp());
        var body = Encoding.UTF8.GetBytes(new string(' ', 2 * 1024 * 1024));
        // Without a declared length the body comes in chunks and the limit is only met while reading it.
        using HttpContent content = declaresLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/api/referrals", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("body"));
        Assert.Equal(before, await DbCounts.CountAsync(referrals, "referrals"));
    }

    /// <summary>A stream that cannot tell its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}

[Trait("Category", "Integration")]
public sealed class RateLimitTests
{
    [SkippableFact]
    public async Task A_service_that_is_down_is_a_502_problem_at_the_gateway()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        await platform.StopServiceAsync(Platform.FamilyPlan);
        using var gp = platform.Gateway.Client(Tokens.Gp());

        using var response = await gp.GetAsync($"/api/families/{Guid.NewGuid()}/plan");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(502, problem!["status"]!.GetValue<int>());
        Assert.NotNull(problem["correlationId"]);
    }

    [SkippableFact]
    public async Task Past_the_limit_a_caller_gets_429_with_retry_after_and_another_caller_does_not()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite, gatewaySettings:
        [
            new("RateLimiting:PermitLimit", "3"),
            new("RateLimiting:Window", "00:01:00"),
        ]);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 4; i++)
        {
            var response = await gp.GetAsync($"/api/families/{Guid.NewGuid()}/plan");
            statuses.Add(response.StatusCode);
            limited = response;
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        var retryAfter = int.Parse(limited!.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        limited.Dispose();

        using var otherGp = platform.Gateway.Client(Tokens.Gp("01099999"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherGp.GetAsync($"/api/families/{Guid.NewGuid()}/plan")).StatusCode);
    }
}

/// <summary>
/// The limit per client address, before any token is looked at. The gateway alone shows it: the
/// requests never get past it to a service.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PerAddressRateLimitTests
{
    [Fact]
    public async Task A_flood_from_one_address_gets_429_with_retry_after_before_any_token_is_looked_at()
    {
        await using var gateway = await StartGatewayAsync(permitLimit: 5);
        using var anonymous = gateway.Client();
        var responses = new List<HttpResponseMessage>();
        for (var i = 1; i <= 7; i++)
        {
            // No proxy is configured, so a forwarded address is not believed: all seven come from the socket's address.
            responses.Add(await SendAsync(anonymous, forwardedFor: $"203.0.113.{i}"));
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        var limited = responses[^1];
        Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        responses.ForEach(r => r.Dispose());

        // A good token from the same address waits like everyone else there.
        using var gp = gateway.Client(Tokens.Gp());
        using var withToken = await SendAsync(gp, forwardedFor: null);
        Assert.Equal(HttpStatusCode.TooManyRequests, withToken.StatusCode);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.0/8")] // a network: in a cluster the ingress controller's pods change address
    public async Task Behind_a_configured_proxy_each_forwarded_address_has_its_own_limit(string proxy)
    {
        await using var gateway = await StartGatewayAsync(permitLimit: 2, new KeyValuePair<string, string?>("Gateway:KnownProxies:0", proxy));
        using var anonymous = gateway.Client();
        var statuses = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.9", "203.0.113.9", "203.0.113.9" })
        {
            using var response = await SendAsync(anonymous, address);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    [Theory]
    [InlineData("proxy.example.nl")]
    [InlineData("10.1.2.3/8")]
    [InlineData("10.0.0.0/33")]
    public void A_known_proxy_that_is_no_ip_address_or_network_stops_the_start(string proxy)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Coordination.Gateway.Program.Build(
            ["--environment=Development", "--Auth:AllowDevelopmentKey=true", $"--Gateway:KnownProxies:0={proxy}"]));
        Assert.Contains("Gateway:KnownProxies", error.Message, StringComparison.Ordinal);
    }

    private static Task<RunningHost> StartGatewayAsync(int permitLimit, params KeyValuePair<string, string?>[] settings) =>
        RunningHost.StartAsync(Coordination.Gateway.Program.Build,
        [
            new("RateLimiting:PerAddressPermitLimit", permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("RateLimiting:Window", "00:01:00"),
            .. settings,
        ]);

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string? forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/families/{Guid.NewGuid()}/plan");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return await client.SendAsync(request);
    }
}

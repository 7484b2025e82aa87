using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Data.Idempotency;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Api.Tests;

/// <summary>
/// Every endpoint of every service, called through the gateway as a partner would, answers as
/// its service's OpenAPI document says: each status declared, each content type, each body valid
/// against its schema; and every status a document declares is one a caller can really get.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ContractTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    private static readonly string Gp = Tokens.Gp();
    private static readonly string Municipality = Tokens.Municipality();
    private static readonly string Clinician = Tokens.Clinician();
    private static readonly string Insurer = Tokens.Insurer();

    [SkippableFact]
    public async Task Every_answer_of_every_endpoint_is_what_its_document_declares()
    {
        var check = await ContractCheck.CreateAsync(fixture.Platform);

        // Referral: submit.
        var created = await check.SendAsync("a GP refers Daan", Post(Referrals.Daan()), Gp, 201);
        var daanKey = "contract-" + Guid.NewGuid();
        var sandra = Referrals.Sandra();
        var sandraCreated = await check.SendAsync("a GP refers Sandra with an Idempotency-Key", Post(sandra, daanKey), Gp, 201);
        await check.SendAsync("the same key and body again", Post(sandra, daanKey), Gp, 201);
        var other = Referrals.Sandra();
        other["reason"] = "Another reason.";
        await check.SendAsync("the same key with another body", Post(other, daanKey), Gp, 422);
        await check.SendAsync("a key still being processed", await InFlightAsync(sandra), Gp, 409);
        await check.SendAsync("an oversized Idempotency-Key", Post(sandra, new string('k', IdempotencyKey.MaxLength + 1)), Gp, 400);
        var badBsn = Referrals.Daan();
        badBsn["subject"]!["bsn"] = "123456789";
        await check.SendAsync("a BSN that fails the eleven-test", Post(badBsn), Gp, 400);
        await check.SendAsync("no token", Post(Referrals.Daan()), null, 401);
        await check.SendAsync("a municipality, whose role the gateway turns away", Post(Referrals.Daan()), Municipality, 403);
        await check.SendAsync("a clinician, whom the service turns away", Post(Referrals.Daan()), Clinician, 403);
        using (var text = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = new StringContent("subject=Daan", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a body that is not JSON", text, Gp, 415);
        }

        // Referral: follow up.
        var referralId = created!["id"]!.GetValue<string>();
        await check.SendAsync("the referrer reads the referral", Get($"/api/referrals/{referralId}"), Gp, 200);
        await check.SendAsync("another GP reads it", Get($"/api/referrals/{referralId}"), Tokens.Gp("01099999"), 404);
        await check.SendAsync("no token", Get($"/api/referrals/{referralId}"), null, 401);
        await check.SendAsync("a municipality", Get($"/api/referrals/{referralId}"), Municipality, 403);

        // Family plan: Daan's referral states no DSM code and Sandra's does; wait until both carry their funding route.
        var familyId = created["familyId"]!.GetValue<string>();
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        {
            await Eventually.Until(
                async () =>
                {
                    using var response = await gp.GetAsync($"/api/families/{familyId}/plan");
                    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                },
                plan => plan?["members"]?.AsArray().SelectMany(m => m!["referrals"]!.AsArray()).Count(r => r!["fundingRoute"] is not null) >= 2,
                "both referrals in the plan with their funding route");
        }

        var plan = await check.SendAsync("the referrer reads the family plan", Get($"/api/families/{familyId}/plan"), Gp, 200);
        Assert.Contains(plan!["members"]!.AsArray().SelectMany(m => m!["referrals"]!.AsArray()), r => r!["suspectedDsmCode"] is null);
        await check.SendAsync("another GP reads it", Get($"/api/families/{familyId}/plan"), Tokens.Gp("01099999"), 404);
        await check.SendAsync("no token", Get($"/api/families/{familyId}/plan"), null, 401);
        await check.SendAsync("a municipality", Get($"/api/families/{familyId}/plan"), Municipality, 403);

        // Funding routes: a financier reads and lists the routes it pays (both are decided: the plan shows them).
        var sandraId = sandraCreated!["id"]!.GetValue<string>();
        await check.SendAsync("the municipality reads Daan's funding route", Get($"/api/funding-routes/{referralId}"), Municipality, 200);
        await check.SendAsync("the insurer reads Sandra's funding route", Get($"/api/funding-routes/{sandraId}"), Insurer, 200);
        await check.SendAsync("another municipality reads Daan's funding route", Get($"/api/funding-routes/{referralId}"), Tokens.Municipality("0307"), 404);
        await check.SendAsync("the insurer reads Daan's funding route", Get($"/api/funding-routes/{referralId}"), Insurer, 404);
        await check.SendAsync("no token", Get($"/api/funding-routes/{referralId}"), null, 401);
        await check.SendAsync("a GP, whose role the gateway turns away", Get($"/api/funding-routes/{referralId}"), Gp, 403);
        var routes = await check.SendAsync("the municipality lists its routes", Get("/api/funding-routes?limit=1"), Municipality, 200);
        Assert.Equal(referralId, Assert.Single(routes!["items"]!.AsArray())!["referralId"]!.GetValue<string>());
        await check.SendAsync("the insurer lists its routes", Get("/api/funding-routes"), Insurer, 200);
        await check.SendAsync("another municipality lists its (no) routes", Get("/api/funding-routes"), Tokens.Municipality("0307"), 200);
        await check.SendAsync("a limit out of range", Get("/api/funding-routes?limit=101"), Municipality, 400);
        await check.SendAsync("a cursor the service never gave out", Get("/api/funding-routes?cursor=nonsense"), Municipality, 400);
        await check.SendAsync("no token", Get("/api/funding-routes"), null, 401);
        await check.SendAsync("a client, whose role the gateway turns away", Get("/api/funding-routes"), Tokens.Client(), 403);

        // The gateway's rate limit: a caller past the limit gets 429 on every route until the window ends.
        var busy = Tokens.Gp("01077777");
        await ExhaustAsync(busy, $"/api/families/{familyId}/plan");
        await check.SendAsync("past the rate limit", Get($"/api/families/{familyId}/plan"), busy, 429);
        await check.SendAsync("past the rate limit", Get($"/api/referrals/{referralId}"), busy, 429);
        await check.SendAsync("past the rate limit", Post(Referrals.Daan()), busy, 429);
        // A GP never gets past the funding routes' role policy to its limit: a financier is the busy caller there.
        var busyFinancier = Tokens.Municipality("0599");
        await ExhaustAsync(busyFinancier, "/api/funding-routes?limit=1");
        await check.SendAsync("past the rate limit", Get("/api/funding-routes"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get($"/api/funding-routes/{referralId}"), busyFinancier, 429);

        // A service that is down: the gateway answers for it.
        await fixture.Platform.StopServiceAsync(Platform.Referral);
        await fixture.Platform.StopServiceAsync(Platform.FamilyPlan);
        await fixture.Platform.StopServiceAsync(Platform.FundingRoute);
        await check.SendAsync("the referral service is down", Post(Referrals.Daan()), Gp, 502);
        await check.SendAsync("the referral service is down", Get($"/api/referrals/{referralId}"), Gp, 502);
        await check.SendAsync("the family plan service is down", Get($"/api/families/{familyId}/plan"), Gp, 502);
        await check.SendAsync("the funding route service is down", Get($"/api/funding-routes/{referralId}"), Municipality, 502);
        await check.SendAsync("the funding route service is down", Get("/api/funding-routes"), Municipality, 502);

        check.AssertNoViolations();
        check.AssertEveryOperationSucceededOnce();
        check.AssertEveryDeclaredStatusSeen();
    }

    private static HttpRequestMessage Post(JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKey.HeaderName, idempotencyKey);
        }

        return request;
    }

    private static HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);

    /// <summary>Calls <paramref name="path"/> as <paramref name="token"/>'s caller until the gateway's limit answers 429.</summary>
    private async Task ExhaustAsync(string token, string path)
    {
        using var client = fixture.Platform.Gateway.Client(token);
        var statuses = new List<int>();
        for (var i = 0; i <= PlatformFixture.PermitLimit && !statuses.Contains(429); i++)
        {
            using var response = await client.GetAsync(path);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal(429, statuses[^1]);
    }

    /// <summary>
    /// A POST whose key another request of the same caller has claimed and not yet answered: the
    /// claim is made here as that first request would make it, so the 409 comes without a race.
    /// </summary>
    private async Task<HttpRequestMessage> InFlightAsync(JsonObject body)
    {
        var services = fixture.Platform.Service(Platform.Referral).App.Services;
        var route = services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.Metadata.GetMetadata<IdempotentAttribute>() is not null).RoutePattern.RawText;
        var request = Post(body, "in-flight-" + Guid.NewGuid());
        var bytes = await request.Content!.ReadAsByteArrayAsync();
        var claimed = await services.GetRequiredService<IdempotencyStore>().ClaimAsync(
            "gp-01012345", $"POST {route}", request.Headers.GetValues(IdempotencyKey.HeaderName).Single(), Convert.ToHexString(SHA256.HashData(bytes)),
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, services.GetRequiredService<IOptions<IdempotencyOptions>>().Value, CancellationToken.None);
        Assert.Null(claimed);
        return request;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// <c>Idempotency-Key</c> on a creating POST: checked before validation, keyed by caller, route and
/// key, on the raw body; the first completed 2xx answer is replayed byte for byte.
/// </summary>
[Trait("Category", "Integration")]
public sealed class IdempotencyTests
{
    private const string Key = "referral-lisa-2026-11-23";

    /// <summary>Lisa turns 18 on 24 November 2026: on the 23rd a youth referral, on the 24th no longer.</summary>
    private static JsonObject LisaToYouthCare()
    {
        var body = Referrals.Daan();
        body["subject"]!["bsn"] = "999900031";
        body["subject"]!["name"] = "Lisa de Vries";
        body["subject"]!["birthDate"] = "2008-11-24";
        return body;
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, string key = Key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_retry_after_the_day_changed_replays_the_201_byte_for_byte(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        byte[] original;
        Uri? location;
        await using (var monday = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = monday.Client(Tokens.Gp());
            using var first = await PostAsync(gp, LisaToYouthCare());
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            original = await first.Content.ReadAsByteArrayAsync();
            location = first.Headers.Location;
        }

        // The next morning Lisa is 18; the client's retry of Monday's request must not become a 400.
        await using var tuesday = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases,
            [new(Coordination.ServiceDefaults.Clock.StartsAtKey, "2026-11-24T08:00:00Z")]);
        using var gpAgain = tuesday.Client(Tokens.Gp());
        using var retry = await PostAsync(gpAgain, LisaToYouthCare());
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(location, retry.Headers.Location);
        Assert.Equal(original, await retry.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, await DbCounts.CountAsync(databases.For(Platform.Referral), "referrals"));

        // Without the key, the same body on Tuesday is judged on Tuesday.
        using var fresh = await gpAgain.PostAsJsonAsync("/api/referrals", LisaToYouthCare());
        Assert.Equal(HttpStatusCode.BadRequest, fresh.StatusCode);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Concurrent_retries_with_one_key_create_one_referral(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases);
        using var gp = referral.Client(Tokens.Gp());

        // All started together; none waits for another's answer.
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PostAsync(gp, Referrals.Daan(), "concurrent-1")));
        try
        {
            Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"status {r.StatusCode}"));
            Assert.All(responses.Where(r => r.StatusCode == HttpStatusCode.Conflict), r => Assert.NotNull(r.Headers.RetryAfter));
            var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
            Assert.NotEmpty(created);
            var bodies = await Task.WhenAll(created.Select(r => r.Content.ReadAsStringAsync()));
            Assert.Single(bodies.Distinct());
            Assert.Equal(1, await DbCounts.CountAsync(databases.For(Platform.Referral), "referrals"));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // A retry after they all finished gets the one referral's answer.
        using var late = await PostAsync(gp, Referrals.Daan(), "concurrent-1");
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(databases.For(Platform.Referral), "referrals"));
    }

    [SkippableFact]
    public async Task The_same_key_with_another_body_is_422_and_a_refused_request_does_not_use_up_its_key()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases);
        using var gp = referral.Client(Tokens.Gp());

        // A 400 is not stored: the corrected request with the same key is taken.
        var invalid = Referrals.Daan();
        invalid["subject"]!["bsn"] = "123456789";
        using (var refused = await PostAsync(gp, invalid, "k-1"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        using (var created = await PostAsync(gp, Referrals.Daan(), "k-1"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var other = Referrals.Daan();
        other["reason"] = "Another reason.";
        using var reused = await PostAsync(gp, other, "k-1");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);

        // Another caller's key of the same name is theirs alone.
        using var otherGp = referral.Client(Tokens.Gp("01012346"));
        var theirs = Referrals.Daan();
        theirs["referrer"]!["agb"] = "01012346";
        using var separate = await PostAsync(otherGp, theirs, "k-1");
        Assert.Equal(HttpStatusCode.Created, separate.StatusCode);
        Assert.Equal(2, await DbCounts.CountAsync(databases.For(Platform.Referral), "referrals"));
    }

    [SkippableFact]
    public async Task A_key_older_than_its_retention_is_forgotten_and_the_same_key_creates_anew()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using (var monday = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = monday.Client(Tokens.Gp());
            using var first = await PostAsync(gp, Referrals.Daan(), "k-old");
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        // 25 hours later, past Idempotency:Retain (24 h): the key no longer stands for Monday's request.
        await using var tuesday = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases,
            [new(Coordination.ServiceDefaults.Clock.StartsAtKey, "2026-11-24T10:00:00Z")]);
        using var gpAgain = tuesday.Client(Tokens.Gp());
        var other = Referrals.Daan();
        other["reason"] = "A new referral a day later.";
        using var again = await PostAsync(gpAgain, other, "k-old");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(2, await DbCounts.CountAsync(databases.For(Platform.Referral), "referrals"));
    }
}

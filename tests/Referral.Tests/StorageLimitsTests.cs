using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// Whatever the rules accept fits the columns of every dialect (SQLite does not enforce lengths,
/// PostgreSQL and SQL Server do): the longest accepted referral is stored, one character more is a
/// 400 naming the field, never a 500.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StorageLimitsTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    [InlineData(Dialects.SqlServer)]
    public async Task The_longest_referral_the_rules_accept_is_stored_and_one_character_more_is_refused(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases);
        var token = Tokens.Create(Roles.Gp, new Dictionary<string, string>
        {
            [ClaimNames.Agb] = "01012345",
            [ClaimNames.Subject] = new('s', TokenClaimRules.MaxSubjectLength),
            [ClaimNames.Name] = new('n', TokenClaimRules.MaxNameLength),
        });
        using var gp = referral.Client(token);

        var longest = Referrals.Sandra();
        longest["subject"]!["name"] = new string('a', 200);
        longest["household"]![0]!["name"] = new string('b', 200);
        longest["referrer"]!["name"] = new string('c', 200);
        longest["reason"] = new string('d', 4000);
        longest["suspectedDsm"]!["code"] = "F32.A";
        longest["suspectedDsm"]!["description"] = new string('e', 200);
        longest["careLevel"] = "specialised";
        longest["urgent"] = true;
        longest["urgentReason"] = new string('u', 1000);
        longest["receiver"] = new JsonObject { ["agb"] = "73731111", ["name"] = new string('r', 200) };
        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/referrals") { Content = JsonContent.Create(longest) })
        {
            request.Headers.Add("Idempotency-Key", new string('k', 200));
            using var stored = await gp.SendAsync(request);
            Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        }

        var db = databases.For(Platform.Referral);
        Assert.Equal(1, await DbCounts.CountAsync(db, "referrals"));

        var tooLong = Referrals.Sandra();
        tooLong["suspectedDsm"]!["description"] = new string('e', 201);
        using var refused = await gp.PostAsJsonAsync("/api/referrals", tooLong);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonObject>();
        Assert.True(problem!["errors"]!.AsObject().ContainsKey("suspectedDsm.description"));
        Assert.Equal(1, await DbCounts.CountAsync(db, "referrals"));
        Assert.Equal(2, await DbCounts.CountAsync(db, "outbox"));
    }
}

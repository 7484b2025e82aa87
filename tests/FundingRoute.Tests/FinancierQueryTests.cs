using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;

namespace FundingRoute.Tests;

/// <summary>
/// Financiers read their own population's funding routes through the gateway (issue 10): a
/// municipality its Jeugdwet routes, an insurer its Zvw routes, nothing clinical and nobody else;
/// another financier's route is 404; every read and every refusal is in the access log.
/// </summary>
[Trait("Category", "Integration")]
public sealed class FinancierQueryTests
{
    private const string DaanBsn = "999900018";
    private const string SandraBsn = "999900006";

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_financier_reads_and_lists_only_the_routes_it_pays_without_clinical_content_and_every_read_is_logged(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var daan = await ReferAsync(gp, Referrals.Daan());
        var sandra = await ReferAsync(gp, Referrals.Sandra());
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_routes"), n => n == 2, "both funding routes to be decided");

        // Utrecht (0344) pays Daan's youth care: it reads his route, with whom it pays for and why.
        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));
        var (status, body) = await GetAsync(utrecht, $"/api/funding-routes/{daan}");
        Assert.Equal(HttpStatusCode.OK, status);
        FinancierResponses.AssertNothingClinical(body, otherMember: SandraBsn);
        var route = JsonNode.Parse(body)!;
        Assert.Equal(daan, route["referralId"]!.GetValue<Guid>());
        Assert.Equal(DaanBsn, route["subject"]!["bsn"]!.GetValue<string>());
        Assert.Equal("2011-03-14", route["subject"]!["birthDate"]!.GetValue<string>());
        Assert.Equal("Jeugdwet", route["law"]!.GetValue<string>());
        Assert.Equal("municipality", route["financierType"]!.GetValue<string>());
        Assert.Equal("0344", route["financierCode"]!.GetValue<string>());
        Assert.Equal("54", route["productCategory"]!.GetValue<string>());
        Assert.False(route["deductibleApplies"]!.GetValue<bool>());
        Assert.Contains(route["paperwork"]!.AsArray(), p => p!.GetValue<string>().Contains("JW315", StringComparison.Ordinal));
        Assert.Equal("jeugdwet-minor", route["ruleId"]!.GetValue<string>());
        Assert.Contains("Jeugdwet art. 1.1", route["rule"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(TestClock.Today, DateOnly.FromDateTime(route["decidedAt"]!.GetValue<DateTimeOffset>().UtcDateTime));
        Assert.Equal(1, route["version"]!.GetValue<int>());

        // Sandra lives in Utrecht too, but the insurer pays her adult GGZ: not Utrecht's to know about.
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(utrecht, $"/api/funding-routes/{sandra}")).Status);
        var utrechtList = await ListAsync(utrecht, "/api/funding-routes");
        Assert.Equal(new[] { daan }, Ids(utrechtList.Page));
        Assert.Null(utrechtList.Page["nextCursor"]);
        FinancierResponses.AssertNothingClinical(utrechtList.Body, otherMember: SandraBsn);

        // Filtered by one of its laws: the Jeugdwet holds Daan's route, the Wmo none; a law it does not pay under is a 400 naming it.
        Assert.Equal(new[] { daan }, Ids((await ListAsync(utrecht, "/api/funding-routes?law=Jeugdwet")).Page));
        Assert.Empty(Ids((await ListAsync(utrecht, "/api/funding-routes?law=Wmo")).Page));
        var (badLaw, badLawBody) = await GetAsync(utrecht, "/api/funding-routes?law=Zvw");
        Assert.Equal(HttpStatusCode.BadRequest, badLaw);
        Assert.NotNull(JsonNode.Parse(badLawBody)!["errors"]!["law"]);

        // Amersfoort (0307) pays neither: Daan's route does not exist for it, and its list is empty.
        using var amersfoort = platform.Gateway.Client(Tokens.Municipality("0307"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(amersfoort, $"/api/funding-routes/{daan}")).Status);
        Assert.Empty(Ids((await ListAsync(amersfoort, "/api/funding-routes")).Page));

        // Insurer 3311 pays Sandra's adult GGZ: her route, without her suspected disorder; not Daan's.
        using var insurer = platform.Gateway.Client(Tokens.Insurer("3311"));
        (status, body) = await GetAsync(insurer, $"/api/funding-routes/{sandra}");
        Assert.Equal(HttpStatusCode.OK, status);
        FinancierResponses.AssertNothingClinical(body, otherMember: DaanBsn);
        route = JsonNode.Parse(body)!;
        Assert.Equal(SandraBsn, route["subject"]!["bsn"]!.GetValue<string>());
        Assert.Equal("1990-06-02", route["subject"]!["birthDate"]!.GetValue<string>());
        Assert.Equal(("Zvw", "insurer", "3311"), (route["law"]!.GetValue<string>(), route["financierType"]!.GetValue<string>(), route["financierCode"]!.GetValue<string>()));
        Assert.Null(route["productCategory"]);
        Assert.True(route["deductibleApplies"]!.GetValue<bool>());
        Assert.Equal("zvw-disorder-and-referral", route["ruleId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(insurer, $"/api/funding-routes/{daan}")).Status);
        var insurerList = await ListAsync(insurer, "/api/funding-routes");
        Assert.Equal(new[] { sandra }, Ids(insurerList.Page));
        FinancierResponses.AssertNothingClinical(insurerList.Body, otherMember: DaanBsn);

        // An insurer whose UZOVI is the same four digits as Utrecht's code is still not Utrecht.
        using var lookalike = platform.Gateway.Client(Tokens.Insurer("0344"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(lookalike, $"/api/funding-routes/{daan}")).Status);
        Assert.Empty(Ids((await ListAsync(lookalike, "/api/funding-routes")).Page));

        // An id that was never a referral is the same 404 as another financier's route.
        var unknown = Guid.NewGuid();
        (status, body) = await GetAsync(utrecht, $"/api/funding-routes/{unknown}");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, JsonNode.Parse(body)!["status"]!.GetValue<int>());

        // Care roles and the client have no population of routes: the gateway turns them away (403),
        // and the service itself, called directly, answers 404 for a route and 403 for a list.
        foreach (var token in (string[])[Tokens.Gp(), Tokens.Clinician(), Tokens.Client(DaanBsn)])
        {
            using var through = platform.Gateway.Client(token);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(through, $"/api/funding-routes/{daan}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(through, "/api/funding-routes")).Status);
            using var direct = platform.Service(Platform.FundingRoute).Client(token);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(direct, $"/api/funding-routes/{daan}")).Status);
            Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(direct, "/api/funding-routes")).Status);
        }

        // The access log: every read as the financier, for the purpose of funding, resting on the law (no
        // treatment relationship or consent), against the client whose route it was; every refusal too. Utrecht read Daan's
        // route three times: alone, in its list, and in its list filtered by the Jeugdwet.
        Assert.Equal(3, await ReadsAsync(funding, "municipality-0344", "success", DaanBsn, daan));
        Assert.Equal(1, await ReadsAsync(funding, "municipality-0344", "denied", SandraBsn, sandra));
        Assert.Equal(1, await ReadsAsync(funding, "municipality-0307", "denied", DaanBsn, daan));
        Assert.Equal(2, await ReadsAsync(funding, "insurer-3311", "success", SandraBsn, sandra));
        Assert.Equal(1, await ReadsAsync(funding, "insurer-3311", "denied", DaanBsn, daan));
        Assert.Equal(1, await ReadsAsync(funding, "insurer-0344", "denied", DaanBsn, daan));
        Assert.Equal(1, await DbCounts.CountAsync(funding, "audit_log",
            "action = 'R' AND outcome = 'denied' AND user_id = 'municipality-0344' AND client_bsn IS NULL AND object_id = @Id", new { Id = unknown.ToString() }));
        foreach (var user in (string[])["gp-01012345", "clinician-94012345", $"client-{DaanBsn}"])
        {
            Assert.Equal(1, await DbCounts.CountAsync(funding, "audit_log",
                "action = 'R' AND outcome = 'denied' AND purpose = 'funding' AND user_id = @User AND client_bsn = @Bsn AND object_id = @Id",
                new { User = user, Bsn = DaanBsn, Id = daan.ToString() }));
            Assert.Equal(1, await DbCounts.CountAsync(funding, "audit_log",
                "action = 'R' AND outcome = 'denied' AND purpose = 'funding' AND user_id = @User AND client_bsn IS NULL AND object_id IS NULL", new { User = user }));
        }

        // An empty list (Amersfoort's, Utrecht's Wmo routes) showed nobody's data and names no client, and a refused
        // filter read nothing: nothing more than the above was written.
        Assert.Equal(16, await DbCounts.CountAsync(funding, "audit_log", "action = 'R'"));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_financiers_list_pages_newest_first_with_an_opaque_cursor_and_bad_paging_is_a_400_naming_the_parameter(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var youths = new List<Guid> { await ReferAsync(gp, Referrals.Daan()) };
        foreach (var (bsn, name) in (ValueTuple<string, string>[])[("999900031", "Noor Jansen"), ("999900043", "Milan de Boer")])
        {
            var referral = Referrals.Daan();
            referral["subject"]!["bsn"] = bsn;
            referral["subject"]!["name"] = name;
            referral.Remove("household");
            youths.Add(await ReferAsync(gp, referral));
        }

        await ReferAsync(gp, Referrals.Sandra());
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_routes"), n => n == 4, "four funding routes to be decided");
        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));

        // Without a limit, one page of at most 50: the three youths, newest decision first, no next page.
        var all = await ListAsync(utrecht, "/api/funding-routes");
        var newestFirst = Ids(all.Page);
        Assert.Equal(youths.Order(), newestFirst.Order());
        Assert.Null(all.Page["nextCursor"]);
        var decided = all.Page["items"]!.AsArray().Select(i => i!["decidedAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(decided.OrderDescending(), decided);

        // Page by page, one or two at a time, the cursor walks the same order and ends without an empty page.
        foreach (var limit in (int[])[1, 2])
        {
            var walked = new List<Guid>();
            var pages = 0;
            string? cursor = null;
            do
            {
                var path = $"/api/funding-routes?limit={limit}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}");
                var page = (await ListAsync(utrecht, path)).Page;
                var ids = Ids(page);
                Assert.InRange(ids.Count, 1, limit);
                walked.AddRange(ids);
                cursor = page["nextCursor"]?.GetValue<string>();
                Assert.True(++pages <= 3, "the cursor never ends");
            }
            while (cursor is not null);

            Assert.Equal(newestFirst, walked);
            Assert.Equal((3 + limit - 1) / limit, pages);
        }

        // Bad paging is a 400 problem naming the parameter, and reads nothing, so logs nothing.
        var readsBefore = await DbCounts.CountAsync(funding, "audit_log", "action = 'R'");
        var someCursor = (await ListAsync(utrecht, "/api/funding-routes?limit=1")).Page["nextCursor"]!.GetValue<string>();
        var readsAfterOnePage = await DbCounts.CountAsync(funding, "audit_log", "action = 'R'");
        Assert.Equal(readsBefore + 1, readsAfterOnePage);
        foreach (var (query, parameters) in (ValueTuple<string, string[]>[])
        [
            ("limit=0", ["limit"]),
            ("limit=101", ["limit"]),
            ("limit=-1", ["limit"]),
            ("limit=ten", ["limit"]),
            ("limit=1.5", ["limit"]),
            ("limit=", ["limit"]),
            ("cursor=not-a-cursor", ["cursor"]),
            ("cursor=abc", ["cursor"]),
            ($"cursor={someCursor[..^2]}", ["cursor"]),
            ($"cursor={new string('A', PageCursor.MaxLength + 1)}", ["cursor"]),
            // A cursor of the platform's form whose keys are not an instant and an id.
            ($"cursor={PageCursor.After("yesterday", "someone").Encode()}", ["cursor"]),
            ("limit=0&cursor=x", ["cursor", "limit"]),
        ])
        {
            var (status, body) = await GetAsync(utrecht, $"/api/funding-routes?{query}", expectProblem: true);
            Assert.True(status == HttpStatusCode.BadRequest, $"{query}: {status} {body}");
            var problem = JsonNode.Parse(body)!;
            Assert.Equal(400, problem["status"]!.GetValue<int>());
            Assert.Equal(parameters, problem["errors"]!.AsObject().Select(e => e.Key).Order());
        }

        Assert.Equal(readsAfterOnePage, await DbCounts.CountAsync(funding, "audit_log", "action = 'R'"));
    }

    private static async Task<Guid> ReferAsync(HttpClient gp, JsonObject referral)
    {
        using var response = await gp.PostAsJsonAsync("/api/referrals", referral);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, bool expectProblem = false)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        var expected = expectProblem || !response.IsSuccessStatusCode ? "application/problem+json" : "application/json";
        Assert.True(expected == response.Content.Headers.ContentType?.MediaType, $"{path}: {response.StatusCode} {response.Content.Headers.ContentType} {body}");
        return (response.StatusCode, body);
    }

    private static async Task<(JsonNode Page, string Body)> ListAsync(HttpClient client, string path)
    {
        var (status, body) = await GetAsync(client, path);
        Assert.True(status == HttpStatusCode.OK, $"{path}: {status} {body}");
        return (JsonNode.Parse(body)!, body);
    }

    private static List<Guid> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["referralId"]!.GetValue<Guid>()).ToList();

    private static Task<long> ReadsAsync(Database funding, string user, string outcome, string clientBsn, Guid referralId) =>
        DbCounts.CountAsync(funding, "audit_log",
            """
            action = 'R' AND outcome = @Outcome AND user_id = @User AND user_role = @Role AND user_name = @Name AND on_behalf_of = @Code
            AND purpose = 'funding' AND object_type = 'FundingRoute' AND object_id = @Id AND client_bsn = @Bsn
            AND check_authorisation = @Authorisation AND check_treatment_relation = 'not-applicable' AND check_consent = 'not-applicable'
            AND source_system = 'coordination-funding-route'
            """,
            new
            {
                Outcome = outcome,
                User = user,
                Role = user.Split('-')[0],
                Name = "Test " + user.Split('-')[0],
                Code = user.Split('-')[1],
                Id = referralId.ToString(),
                Bsn = clientBsn,
                Authorisation = outcome == "success" ? "passed" : "failed",
            });
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// Every kind of bad input gets a 400 problem naming the field (or 401/403), and nothing is
/// stored or published: the referral, outbox and idempotency tables stay empty.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests : IAsyncLifetime
{
    private RabbitVirtualHost _broker = null!;
    private TestDatabase _databases = null!;
    private RunningHost _referral = null!;
    private Database _db = null!;

    public async Task InitializeAsync()
    {
        Infrastructure.RequireRabbitMq();
        _broker = await RabbitVirtualHost.CreateAsync();
        _databases = TestDatabase.Create(Dialects.Sqlite);
        _referral = await RunningHost.StartServiceAsync(Platform.Referral, _broker, _databases);
        _db = _databases.For(Platform.Referral);
    }

    public async Task DisposeAsync()
    {
        if (_referral is not null)
        {
            await _referral.DisposeAsync();
            await _databases.DisposeAsync();
            await _broker.DisposeAsync();
        }
    }

    public static TheoryData<string, string, string> InvalidBodies() => new()
    {
        { "subject.bsn", "999900019", "eleven-test fails" },
        { "referrer.agb", "0101234", "AGB of 7 digits" },
        { "subject.municipalityCode", "344", "municipality code of 3 digits" },
        { "subject.uzovi", "33110", "UZOVI of 5 digits" },
        { "subject.birthDate", TestClock.Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "date of birth tomorrow" },
        { "household[0].bsn", "999900019", "a household member's BSN fails the eleven-test" },
        { "household[0].birthDate", TestClock.Today.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "a household member born tomorrow" },
    };

    [SkippableTheory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_field_is_named_in_a_400_problem_and_nothing_is_stored(string field, string value, string because)
    {
        var body = Referrals.Daan();
        var (parent, name) = field.Split('.') switch { [var p, var n] => (p, n), _ => throw new ArgumentException(field) };
        var target = parent == "household[0]" ? body["household"]![0]! : body[parent]!;
        target[name] = value;

        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.BadRequest, field, because);
    }

    [SkippableTheory]
    [InlineData("subject.bsn")]
    [InlineData("subject.name")]
    [InlineData("subject.birthDate")]
    [InlineData("subject.municipalityCode")]
    [InlineData("referrer.agb")]
    [InlineData("domain")]
    [InlineData("reason")]
    [InlineData("subject")]
    [InlineData("referrer")]
    public async Task A_missing_field_is_named_in_a_400_problem_and_nothing_is_stored(string field)
    {
        var body = Referrals.Daan();
        var path = field.Split('.');
        var parent = path.Length == 2 ? body[path[0]]!.AsObject() : body;
        parent.Remove(path[^1]);

        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.BadRequest, field, "it is missing");
    }

    [SkippableTheory]
    [InlineData("suspectedDsm")]
    [InlineData("subject.uzovi")]
    [InlineData("referrer.name")]
    public async Task An_adult_referral_without_what_adult_ggz_needs_is_refused(string field)
    {
        var body = Referrals.Sandra();
        var path = field.Split('.');
        (path.Length == 2 ? body[path[0]]!.AsObject() : body).Remove(path[^1]);
        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.BadRequest, field, "adult GGZ needs it");
    }

    [SkippableFact]
    public async Task An_adult_referral_without_its_care_level_is_a_422_naming_the_rule()
    {
        var body = Referrals.Sandra();
        body.Remove("careLevel");
        using var response = await PostAsync(body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("adult-ggz-care-level", problem!["rule"]!.GetValue<string>());
        Assert.Equal("careLevel", problem["field"]!.GetValue<string>());
        Assert.Equal(0, await DbCounts.CountAsync(_db, "referrals"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "outbox"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "members"));
    }

    [SkippableFact]
    public async Task A_suspected_disorder_code_not_on_the_code_list_is_a_422_naming_the_rule()
    {
        var body = Referrals.Sandra();
        body["suspectedDsm"]!["code"] = "F99.99";
        using var response = await PostAsync(body);
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("dsm-code-unknown", problem!["rule"]!.GetValue<string>());
        Assert.Equal("suspectedDsm.code", problem["field"]!.GetValue<string>());
        Assert.Equal(0, await DbCounts.CountAsync(_db, "referrals"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "outbox"));
    }

    [SkippableTheory]
    [InlineData("urgentReason", "{\"urgent\": true}")]
    [InlineData("urgentReason", "{\"urgent\": true, \"urgentReason\": \"   \"}")]
    [InlineData("receiver.agb", "{\"receiver\": {\"agb\": \"7373\", \"name\": \"Jeugd-GGZ Utrecht\"}}")]
    [InlineData("receiver.name", "{\"receiver\": {\"agb\": \"73730001\"}}")]
    public async Task Urgency_without_a_reason_and_a_receiver_without_a_valid_agb_or_name_are_400s(string field, string extra)
    {
        var body = Referrals.Daan();
        foreach (var (key, value) in JsonNode.Parse(extra)!.AsObject().ToList())
        {
            body[key] = value?.DeepClone();
        }

        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.BadRequest, field, $"{field} is wrong");
    }

    [SkippableFact]
    public async Task An_urgent_referral_to_a_named_receiver_is_stored_and_read_back_with_both()
    {
        var body = Referrals.Daan();
        body["urgent"] = true;
        body["urgentReason"] = "Told her teacher she wants to be dead.";
        body["receiver"] = new JsonObject { ["agb"] = "73731111", ["name"] = "Praktijk voor Gezinstherapie De Linde" };
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var gp = Client();
        var read = await gp.GetFromJsonAsync<JsonObject>(response.Headers.Location);
        Assert.True(read!["urgent"]!.GetValue<bool>());
        Assert.Equal("Told her teacher she wants to be dead.", read["urgentReason"]!.GetValue<string>());
        Assert.Equal("73731111", read["receiverAgb"]!.GetValue<string>());
        Assert.Equal("Praktijk voor Gezinstherapie De Linde", read["receiverName"]!.GetValue<string>());

        // The receiving organisation's clinician in the referral's domain reads it; another organisation's, or another domain's, finds nothing.
        using var receiver = _referral.Client(Tokens.Clinician(domain: "youth", agb: "94031111", org: "73731111"));
        Assert.Equal(HttpStatusCode.OK, (await receiver.GetAsync(response.Headers.Location)).StatusCode);
        using var otherOrganisation = _referral.Client(Tokens.Clinician(domain: "youth", agb: "94012345", org: "73730001"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherOrganisation.GetAsync(response.Headers.Location)).StatusCode);
        using var otherDomain = _referral.Client(Tokens.Clinician(domain: "adult", agb: "94031112", org: "73731111"));
        Assert.Equal(HttpStatusCode.NotFound, (await otherDomain.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(_db, "audit_log", "action = 'R' AND outcome = 'success' AND purpose = 'referral-intake' AND on_behalf_of = '73731111'"));
        Assert.Equal(2, await DbCounts.CountAsync(_db, "audit_log", "action = 'R' AND outcome = 'denied' AND user_role = 'clinician' AND client_bsn = '999900018'"));
    }

    [SkippableFact]
    public async Task Fields_the_platform_assigns_are_ignored_a_status_in_the_body_is_stored_as_received()
    {
        var body = Referrals.Daan();
        body["status"] = "accepted";
        body["id"] = "00000000-0000-0000-0000-000000000001";
        body["submittedAt"] = "2020-01-01T00:00:00Z";
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("received", created!["status"]!.GetValue<string>());
        Assert.NotEqual(Guid.Parse("00000000-0000-0000-0000-000000000001"), created["id"]!.GetValue<Guid>());
        Assert.Equal(1, await DbCounts.CountAsync(_db, "referrals", "status = 'received'"));
    }

    [SkippableTheory]
    [InlineData("{\"subject\": {\"bsn\": \"999900018\",", "subject")]
    [InlineData("{\"subject\": {\"birthDate\": \"14-03-2011\"}}", "subject.birthDate")]
    [InlineData("{\"subject\": {\"bsn\": 999900018}}", "subject.bsn")]
    [InlineData("[]", "body")]
    [InlineData("", "body")]
    public async Task Malformed_json_is_a_400_problem_naming_where_it_broke(string json, string field)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        await AssertRejectedAsync(await Client().PostAsync("/api/referrals", content), HttpStatusCode.BadRequest, field, "the JSON is malformed");
    }

    [SkippableFact]
    public async Task An_oversized_body_is_a_400_problem_naming_the_body()
    {
        var body = Referrals.Daan();
        body["reason"] = new string('x', 100 * 1024);
        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.BadRequest, "body", "it exceeds the limit");
    }

    [SkippableFact]
    public async Task A_request_without_a_token_is_401_and_nothing_is_stored()
    {
        using var anonymous = _referral.Client();
        await AssertRejectedAsync(await anonymous.PostAsJsonAsync("/api/referrals", Referrals.Daan()), HttpStatusCode.Unauthorized, null, "no token");
    }

    [SkippableTheory]
    [InlineData(Roles.Municipality)]
    [InlineData(Roles.Clinician)]
    [InlineData(Roles.Client)]
    public async Task A_role_that_may_not_refer_is_403_and_nothing_is_stored(string role)
    {
        using var client = _referral.Client(Tokens.For(role));
        await AssertRejectedAsync(await client.PostAsJsonAsync("/api/referrals", Referrals.Daan()), HttpStatusCode.Forbidden, null, $"a {role} may not refer");
    }

    [SkippableFact]
    public async Task A_gp_cannot_refer_under_another_gps_agb()
    {
        using var client = _referral.Client(Tokens.Gp("01099999"));
        await AssertRejectedAsync(await client.PostAsJsonAsync("/api/referrals", Referrals.Daan()), HttpStatusCode.Forbidden, null, "the AGB is not theirs");
    }

    [SkippableTheory]
    [InlineData("01")]
    [InlineData("06")]
    public async Task A_gp_cannot_refer_as_another_kind_of_referrer(string type)
    {
        var body = Referrals.Daan();
        body["referrer"]!["type"] = type;
        await AssertRejectedAsync(await PostAsync(body), HttpStatusCode.Forbidden, null, $"a GP is not referrer type {type}");
    }

    [SkippableFact]
    public async Task A_valid_referral_from_a_poh_under_the_gps_agb_is_stored()
    {
        using var poh = _referral.Client(Tokens.Create(Roles.Poh, new Dictionary<string, string> { [ClaimNames.Agb] = "01012345" }));
        using var response = await poh.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(_db, "referrals"));
        Assert.Equal(2, await DbCounts.CountAsync(_db, "outbox"));
        Assert.Equal(1, await DbCounts.CountAsync(_db, "audit_log", "action = 'C' AND user_role = 'poh' AND on_behalf_of = '01012345' AND client_bsn = '999900018'"));
    }

    private HttpClient Client() => _referral.Client(Tokens.Gp());

    private async Task<HttpResponseMessage> PostAsync(JsonObject body)
    {
        using var client = Client();
        return await client.PostAsJsonAsync("/api/referrals", body);
    }

    private async Task AssertRejectedAsync(HttpResponseMessage response, HttpStatusCode status, string? field, string because)
    {
        using (response)
        {
            Assert.True(status == response.StatusCode, $"expected {status} because {because}, got {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal((int)status, problem!["status"]!.GetValue<int>());
            if (field is not null)
            {
                var errors = problem["errors"]!.AsObject();
                Assert.True(errors.ContainsKey(field), $"the problem should name '{field}' but names {string.Join(", ", errors.Select(e => e.Key))}");
            }

            Assert.DoesNotContain("   at ", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await DbCounts.CountAsync(_db, "referrals"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "outbox"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "idempotency_requests"));
        Assert.Equal(0, await DbCounts.CountAsync(_db, "members"));
    }
}

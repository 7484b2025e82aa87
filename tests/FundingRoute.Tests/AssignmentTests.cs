using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;

namespace FundingRoute.Tests;

/// <summary>
/// The iJw assignment lifecycle through the gateway (issue 10): the youth practice that accepted
/// Daan's referral requests the assignment (JW315); Utrecht (0344) receives (JW316) and assigns
/// (JW301); the practice starts (JW305) and stops care (JW307, reason 31). Another municipality
/// acting on the request is 404 and changes nothing; bad codes and dates are 400s naming the field;
/// a step out of order is 409. A week on, an unanswered request is overdue on both sides. The
/// lists page newest first with limit and an opaque cursor.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AssignmentTests
{
    private const string DaanBsn = "999900018";

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_provider_requests_the_municipality_answers_within_its_deadlines_and_another_municipality_cannot_act(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician());
        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));
        using var amsterdam = platform.Gateway.Client(Tokens.Municipality("0363"));
        var referral = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_routes"), n => n == 1, "Daan's route");

        // Before the practice accepted the referral it is not theirs to request.
        var early = await PostAsync(practice, "/api/funding/assignments", new { referralId = referral });
        Assert.Equal(HttpStatusCode.NotFound, early.Status);
        await Referrals.TakeAsync(practice, referral, "triage");
        await Referrals.TakeAsync(practice, referral, "accept");
        await Eventually.Until(() => DbCounts.CountAsync(funding, "referral_providers"), n => n == 1, "the acceptance known to the funding route");

        // A product category the release does not list is a 400 naming it; a GP is no youth care provider.
        Assert.Equal(["productCategory"], Fields((await PostAsync(practice, "/api/funding/assignments", new { referralId = referral, productCategory = "99" })).Body));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(platform.Service(Platform.FundingRoute).Client(Tokens.Gp()), "/api/funding/assignments", new { referralId = referral })).Status);

        // JW315 on Monday 23 November 2026: the receipt is due Thursday 26th, the answer Monday 30th.
        var (status, request) = await PostAsync(practice, "/api/funding/assignments", new { referralId = referral });
        Assert.Equal(HttpStatusCode.Created, status);
        var id = request["id"]!.GetValue<Guid>();
        Assert.Equal(("requested", "0344", "73730001", "54", DaanBsn), (Text(request, "status"), Text(request, "municipalityCode"), Text(request, "providerAgb"),
            Text(request, "productCategory"), request["subject"]!["bsn"]!.GetValue<string>()));
        Assert.Equal(("2026-11-23", "2026-11-26", "2026-11-30"), (Text(request, "requestedOn"), Text(request, "receiptDueOn"), Text(request, "answerDueOn")));
        Assert.Equal("iJw 3.2", Text(request, "codeRelease"));
        Assert.Empty(request["allowed"]!.AsArray());
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(practice, "/api/funding/assignments", new { referralId = referral })).Status);

        // Amsterdam (0363) acting on Utrecht's request: 404, and nothing changes.
        foreach (var step in new[] { "receipt", "assignment", "rejection" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(amsterdam, $"/api/funding/assignments/{id}/{step}", new { from = "2026-11-23", reason = "5" })).Status);
        }

        Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(amsterdam, $"/api/funding/assignments/{id}"));
        Assert.Empty((await ListAsync(amsterdam, "/api/funding/assignments"))["items"]!.AsArray());
        Assert.Equal(1, await DbCounts.CountAsync(funding, "assignment_messages"));

        // Utrecht sees it, the request's open steps for it; the JW316 receipt, then a refusal with a reason not in the release: 400.
        var listed = Assert.Single((await ListAsync(utrecht, "/api/funding/assignments"))["items"]!.AsArray())!;
        Assert.Equal(["receipt", "return", "assignment", "rejection"], listed["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        var received = await StepAsync(utrecht, id, "receipt", new { });
        Assert.Equal(("received", "2026-11-23"), (Text(received, "status"), Text(received, "receivedOn")));
        Assert.Equal(["reason"], Fields((await PostAsync(utrecht, $"/api/funding/assignments/{id}/rejection", new { reason = "7" })).Body));
        Assert.Equal(["to"], Fields((await PostAsync(utrecht, $"/api/funding/assignments/{id}/assignment", new { from = "2026-11-23", to = "2026-11-01" })).Body));
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(utrecht, $"/api/funding/assignments/{id}/start", new { on = "2026-11-23" })).Status);

        // JW301 for a year; the practice starts care (not on a day yet to come), then stops it as planned (reason 31).
        var assigned = await StepAsync(utrecht, id, "assignment", new { from = "2026-11-23", to = "2027-11-22" });
        Assert.Equal(("assigned", "2026-11-23", "2027-11-22"), (Text(assigned, "status"), Text(assigned, "assignedFrom"), Text(assigned, "assignedTo")));
        Assert.Equal(["on"], Fields((await PostAsync(practice, $"/api/funding/assignments/{id}/start", new { on = "2026-11-30" })).Body));
        Assert.Equal("started", Text(await StepAsync(practice, id, "start", new { on = "2026-11-23" }), "status"));
        Assert.Equal(["reason"], Fields((await PostAsync(practice, $"/api/funding/assignments/{id}/stop", new { on = "2026-11-23", reason = "99" })).Body));
        var stopped = await StepAsync(practice, id, "stop", new { on = "2026-11-23", reason = "31" });
        // What Utrecht reads of it carries the iJw state and codes, nothing of the referral's content.
        using (var read = await utrecht.GetAsync($"/api/funding/assignments/{id}"))
        {
            FinancierResponses.AssertNothingClinical(await read.Content.ReadAsStringAsync(), otherMember: "999900006", FinancierResponses.AssignmentProperties);
        }

        using (var list = await utrecht.GetAsync("/api/funding/assignments"))
        {
            FinancierResponses.AssertNothingClinical(await list.Content.ReadAsStringAsync(), otherMember: "999900006", FinancierResponses.AssignmentProperties);
        }

        Assert.Equal(("stopped", "31"), (Text(stopped, "status"), stopped["stopReason"]!["code"]!.GetValue<string>()));
        Assert.Equal(["JW315", "JW316", "JW301", "JW305", "JW307"], stopped["messages"]!.AsArray().Select(m => m!["message"]!.GetValue<string>()));

        // Stopped is the end: another stop is a 409 that says nothing more may follow.
        var again = await PostAsync(practice, $"/api/funding/assignments/{id}/stop", new { on = "2026-11-23", reason = "31" });
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Empty(again.Body["allowed"]!.AsArray());

        // Every access is in Daan's access log: the request, the steps, the reads; the refusals too.
        Assert.Equal(5, await DbCounts.CountAsync(funding, "audit_log",
            "object_type = 'Assignment' AND outcome = 'success' AND action IN ('C', 'U') AND client_bsn = @Bsn", new { Bsn = DaanBsn }));
        Assert.Equal(4, await DbCounts.CountAsync(funding, "audit_log",
            "object_type = 'Assignment' AND outcome = 'denied' AND user_id = 'municipality-0363' AND client_bsn = @Bsn", new { Bsn = DaanBsn }));
    }

    [SkippableFact]
    public async Task A_request_unanswered_past_its_working_days_is_overdue_for_the_municipality_and_the_provider()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician());
        var referral = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.TakeAsync(practice, referral, "triage");
        await Referrals.TakeAsync(practice, referral, "accept");
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "referral_providers"), n => n == 1, "the acceptance known to the funding route");
        var id = (await PostAsync(practice, "/api/funding/assignments", new { referralId = referral })).Body["id"]!.GetValue<Guid>();

        // On the day of the request nothing is late.
        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));
        Assert.Empty((await ListAsync(utrecht, "/api/funding/assignments?overdue=true"))["items"]!.AsArray());

        // Friday 27 November, the 4th working day: the receipt is late, the answer not yet. Tuesday 1 December: both.
        foreach (var (day, receiptLate, answerLate) in new[] { (new DateOnly(2026, 11, 27), true, false), (new DateOnly(2026, 12, 1), true, true) })
        {
            var service = await platform.RestartOnAsync(Platform.FundingRoute, day);
            foreach (var token in new[] { Tokens.Municipality("0344"), Tokens.Clinician() })
            {
                using var side = service.Client(token);
                var late = Assert.Single((await ListAsync(side, "/api/funding/assignments?overdue=true"))["items"]!.AsArray())!;
                Assert.Equal(id, late["id"]!.GetValue<Guid>());
                Assert.Equal((receiptLate, answerLate), (late["receiptOverdue"]!.GetValue<bool>(), late["answerOverdue"]!.GetValue<bool>()));
            }
        }

        // The receipt says the woonplaatsbeginsel is investigated: the answer is due in two weeks (10 working days), 7 December, so not late on the 1st.
        using var municipality = platform.Service(Platform.FundingRoute).Client(Tokens.Municipality("0344"));
        var received = await StepAsync(municipality, id, "receipt", new { investigatingResidence = true });
        Assert.Equal(("2026-12-07", false), (Text(received, "answerDueOn"), received["answerOverdue"]!.GetValue<bool>()));
        Assert.Empty((await ListAsync(municipality, "/api/funding/assignments?overdue=true"))["items"]!.AsArray());
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_list_of_requests_pages_newest_first_with_an_opaque_cursor_and_a_forged_cursor_is_a_400_naming_it(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician());
        var funding = platform.Databases.For(Platform.FundingRoute);

        // Three young people of Utrecht referred to the youth practice, which accepts each.
        var referrals = new List<Guid>();
        foreach (var (bsn, name) in (ValueTuple<string, string>[])[(DaanBsn, "Daan de Vries"), ("999900031", "Noor Jansen"), ("999900043", "Milan de Boer")])
        {
            var referral = Referrals.Daan().To(Referrals.YouthPractice);
            referral["subject"]!["bsn"] = bsn;
            referral["subject"]!["name"] = name;
            referral.Remove("household");
            var id = await Referrals.ReferAsync(gp, referral);
            await Referrals.AcceptAsync(practice, id);
            referrals.Add(id);
        }

        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_routes"), n => n == 3, "the three funding routes");
        await Eventually.Until(() => DbCounts.CountAsync(funding, "referral_providers"), n => n == 3, "the three acceptances known to the funding route");

        // Two requests today and the third two days on: the list is ordered by the day, then by the request's id.
        var requests = new List<Guid>();
        foreach (var referral in referrals.Take(2))
        {
            requests.Add((await Referrals.RequestAssignmentAsync(practice, referral))["id"]!.GetValue<Guid>());
        }

        var later = await platform.RestartOnAsync(Platform.FundingRoute, TestClock.Today.AddDays(2));
        using (var provider = later.Client(Tokens.Clinician()))
        {
            requests.Add((await Referrals.RequestAssignmentAsync(provider, referrals[2]))["id"]!.GetValue<Guid>());
        }

        // Without a limit, one page of at most 50: the three, the newest day first, no next page.
        using var utrecht = later.Client(Tokens.Municipality("0344"));
        var all = await ListAsync(utrecht, "/api/funding/assignments");
        var newestFirst = Ids(all);
        Assert.Equal(requests.Order(), newestFirst.Order());
        Assert.Equal(requests[2], newestFirst[0]);
        Assert.Null(all["nextCursor"]);
        var days = all["items"]!.AsArray().Select(i => i!["requestedOn"]!.GetValue<string>()).ToList();
        Assert.Equal(days.OrderDescending(StringComparer.Ordinal), days);

        // Page by page, one or two at a time, the cursor walks the same order, every request once, and ends without an empty page.
        foreach (var limit in (int[])[1, 2])
        {
            var walked = new List<Guid>();
            var pages = 0;
            string? cursor = null;
            do
            {
                var page = await ListAsync(utrecht, $"/api/funding/assignments?limit={limit}" + (cursor is null ? string.Empty : $"&cursor={Uri.EscapeDataString(cursor)}"));
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

        // The filters hold across pages: the provider's requested ones, two at a time, are the same three.
        using var side = later.Client(Tokens.Clinician());
        var first = await ListAsync(side, "/api/funding/assignments?status=requested&limit=2");
        var second = await ListAsync(side, $"/api/funding/assignments?status=requested&limit=2&cursor={Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>())}");
        Assert.Equal(newestFirst, Ids(first).Concat(Ids(second)));
        Assert.Null(second["nextCursor"]);

        // Bad paging is a 400 problem naming the parameter, and reads nothing, so logs nothing.
        var reads = await DbCounts.CountAsync(funding, "audit_log", "action = 'R' AND object_type = 'Assignment'");
        foreach (var (query, parameters) in (ValueTuple<string, string[]>[])
        [
            ("cursor=abc", ["cursor"]),
            // A cursor of the platform's form whose keys are not a day and an id.
            ($"cursor={PageCursor.After("yesterday", "someone").Encode()}", ["cursor"]),
            ("limit=0", ["limit"]),
            ("limit=101", ["limit"]),
            ("limit=ten", ["limit"]),
            ("limit=0&cursor=abc", ["cursor", "limit"]),
        ])
        {
            var problem = await FinancierResponses.ProblemAsync(utrecht, $"/api/funding/assignments?{query}", HttpStatusCode.BadRequest);
            Assert.Equal(parameters, problem["errors"]!.AsObject().Select(e => e.Key).Order());
        }

        Assert.Equal(reads, await DbCounts.CountAsync(funding, "audit_log", "action = 'R' AND object_type = 'Assignment'"));
    }

    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    private static async Task<JsonNode> StepAsync(HttpClient client, Guid id, string step, object body)
    {
        var (status, answer) = await PostAsync(client, $"/api/funding/assignments/{id}/{step}", body);
        Assert.True(status == HttpStatusCode.OK, $"{step}: {status} {answer}");
        return answer;
    }

    private static async Task<JsonNode> ListAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    private static string Text(JsonNode node, string property) => node[property]!.GetValue<string>();

    private static List<Guid> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();

    private static string[] Fields(JsonNode problem) => problem["errors"]!.AsObject().Select(e => e.Key).Order().ToArray();
}

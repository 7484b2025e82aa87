using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coordination.Data.Idempotency;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;
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
        await WalkEveryOperationAsync(check);

        check.AssertNoViolations();
        check.AssertEveryOperationSucceededOnce();
        check.AssertEveryDeclaredStatusSeen();
    }

    /// <summary>
    /// Builds the world every operation needs (the De Vries family, its referrals, plan, consents,
    /// MDOs and funding) and calls every operation with each answer it can give, through
    /// <paramref name="check"/>; the access matrix walks the same world.
    /// </summary>
    internal async Task WalkEveryOperationAsync(ContractCheck check)
    {
        // Referral: submit.
        var created = await check.SendAsync("a GP refers Daan", Post(Referrals.Daan()), Gp, 201);
        var daanKey = "contract-" + Guid.NewGuid();
        var sandra = Referrals.Sandra();
        var sandraCreated = await check.SendAsync("a GP refers Sandra with an Idempotency-Key", Post(sandra, daanKey), Gp, 201);
        await check.SendAsync("the same key and body again", Post(sandra, daanKey), Gp, 201);
        var other = Referrals.Sandra();
        other["reason"] = "Another reason.";
        await check.SendAsync("the same key with another body", Post(other, daanKey), Gp, 422);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.Referral, Post(sandra), Gp), Gp, 409);
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

        // The directory.
        await check.SendAsync("a GP searches the directory", Get("/api/directory?q=praktijk&kind=organisation"), Gp, 200);
        await check.SendAsync("an unknown kind", Get("/api/directory?kind=person"), Gp, 400);
        await check.SendAsync("no token", Get("/api/directory"), null, 401);
        await check.SendAsync("a municipality, whose role the gateway turns away", Get("/api/directory"), Municipality, 403);

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

        // Family plan: an adult clinician claims Sandra's referral from the pool and accepts it; the plan raises her kindcheck.
        var adultClinician = Tokens.Clinician("adult", "94000001", "73730002");
        using (var accepting = fixture.Platform.Gateway.Client(adultClinician))
        {
            var sandraReferral = Guid.Parse(sandraCreated!["id"]!.GetValue<string>());
            using (var claim = await accepting.PostAsync($"/api/referrals/{sandraReferral}/claim", null))
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, claim.StatusCode);
            }

            await Referrals.TakeAsync(accepting, sandraReferral, "triage");
            await Referrals.TakeAsync(accepting, sandraReferral, "accept");
        }

        string taskId;
        using (var clinician = fixture.Platform.Gateway.Client(adultClinician))
        {
            var clinicians = await Eventually.Until(
                async () =>
                {
                    using var response = await clinician.GetAsync($"/api/families/{familyId}/plan");
                    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                },
                read => read?["members"]?.AsArray().Any(m => m!["tasks"]!.AsArray().Count > 0) == true,
                "the accepting clinician to see the kindcheck");
            taskId = clinicians!["members"]!.AsArray().SelectMany(m => m!["tasks"]!.AsArray()).Single()!["id"]!.GetValue<string>();
        }

        await check.SendAsync("the accepting clinician reads the family plan", Get($"/api/families/{familyId}/plan"), adultClinician, 200);
        var complete = $"/api/families/{familyId}/tasks/{taskId}/complete";
        var concerns = new JsonObject { ["outcome"] = "concerns", ["note"] = "Daan tells of shouting at night." };
        await check.SendAsync("an outcome that does not exist", PostTo(complete, new JsonObject { ["outcome"] = "maybe" }), adultClinician, 400);
        await check.SendAsync("a clinician who is not the assignee", PostTo(complete, concerns), Clinician, 404);
        await check.SendAsync("the assignee completes the check with concerns", PostTo(complete, concerns), adultClinician, 200);
        await check.SendAsync("completed already", PostTo(complete, new JsonObject { ["outcome"] = "no-concerns" }), adultClinician, 409);
        string Step(int step) => $"/api/families/{familyId}/tasks/{taskId}/meldcode/{step}";
        var stepNote = new JsonObject { ["note"] = "Recorded in the file." };
        await check.SendAsync("a step without a note", PostTo(Step(1), new JsonObject()), adultClinician, 400);
        await check.SendAsync("the decision before the other steps", PostTo(Step(5), stepNote), adultClinician, 422);
        await check.SendAsync("a clinician who is not the assignee", PostTo(Step(1), stepNote), Clinician, 404);
        foreach (var step in (int[])[1, 2, 3, 4])
        {
            await check.SendAsync($"the assignee marks step {step}", PostTo(Step(step), stepNote), adultClinician, 200);
        }

        await check.SendAsync("a step marked already", PostTo(Step(1), stepNote), adultClinician, 409);
        await check.SendAsync("the assignee decides", PostTo(Step(5), stepNote), adultClinician, 200);
        await check.SendAsync("a step that does not exist", PostTo(Step(6), stepNote), adultClinician, 404);

        // What both task operations share: the gateway's 401 and 403, and a body that is not JSON.
        var taskOperations = new[] { (Path: complete, Body: concerns), (Path: Step(1), Body: stepNote) };
        foreach (var (path, body) in taskOperations)
        {
            await check.SendAsync("no token", PostTo(path, body), null, 401);
            await check.SendAsync("a municipality, whose role the gateway turns away", PostTo(path, body), Municipality, 403);
            using var text = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("outcome=concerns", Encoding.UTF8, "text/plain") };
            await check.SendAsync("a body that is not JSON", text, adultClinician, 415);
        }

        // The care team: invitations, answers, the coordinator, leaving; and a professional's families.
        var teamOperations = await CareTeamAsync(check, familyId, adultClinician);

        // Outcomes: the instruments, and a measurement by the clinician who treats Sandra.
        var outcomes = $"/api/families/{familyId}/outcomes";
        JsonObject Outcome(string member, string instrument, decimal score) => new()
        {
            ["memberId"] = member, ["instrumentId"] = instrument, ["score"] = score, ["measuredOn"] = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        var sandrasMember = Plans.Member(plan!, Referrals.SandraBsn)["memberId"]!.GetValue<string>();
        var daansMember = Plans.Member(plan!, Referrals.DaanBsn)["memberId"]!.GetValue<string>();
        var outcomeKey = "outcome-" + Guid.NewGuid();
        await check.SendAsync("a client lists the instruments", Get("/api/families/outcome-instruments"), Tokens.Client(), 200);
        await check.SendAsync("the treating clinician records a PHQ-9", PostTo(outcomes, Outcome(sandrasMember, "phq-9", 14), outcomeKey), adultClinician, 201);
        await check.SendAsync("the same key with another body", PostTo(outcomes, Outcome(sandrasMember, "phq-9", 13), outcomeKey), adultClinician, 422);
        await check.SendAsync("a score outside the range", PostTo(outcomes, Outcome(sandrasMember, "phq-9", 28)), adultClinician, 400);
        await check.SendAsync("a member the clinician does not treat", PostTo(outcomes, Outcome(daansMember, "sdq-parent", 12)), adultClinician, 403);
        await check.SendAsync("another GP records", PostTo(outcomes, Outcome(sandrasMember, "phq-9", 14)), Tokens.Gp("01099999"), 404);
        using (var text = new HttpRequestMessage(HttpMethod.Post, outcomes) { Content = new StringContent("score=14", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("an outcome not in JSON", text, adultClinician, 415);
        }

        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(outcomes, Outcome(sandrasMember, "phq-9", 14)), adultClinician), adultClinician, 409);
        // Goals: the clinician who treats Sandra sets her goal and changes it.
        var goals = $"/api/families/{familyId}/goals";
        var inAMonth = TestClock.Today.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Goal(string? member, string owner) => member is null
            ? new() { ["title"] = "Evenings without shouting", ["ownerUserId"] = owner, ["evaluationOn"] = inAMonth }
            : new() { ["memberId"] = member, ["title"] = "Sleeps through the night", ["ownerUserId"] = owner, ["evaluationOn"] = inAMonth };
        var goalKey = "goal-" + Guid.NewGuid();
        var goal = await check.SendAsync("the treating clinician sets a goal", PostTo(goals, Goal(sandrasMember, "clinician-94000001"), goalKey), adultClinician, 201);
        await check.SendAsync("the same key with another body", PostTo(goals, Goal(null, "clinician-94000001"), goalKey), adultClinician, 422);
        await check.SendAsync("an owner not on the team", PostTo(goals, Goal(null, "someone-else")), adultClinician, 422);
        await check.SendAsync("a goal without a title", PostTo(goals, new JsonObject { ["ownerUserId"] = "clinician-94000001", ["evaluationOn"] = inAMonth }), adultClinician, 400);
        await check.SendAsync("a goal for a member the clinician does not treat", PostTo(goals, Goal(daansMember, "clinician-94000001")), adultClinician, 403);
        await check.SendAsync("another GP sets a goal", PostTo(goals, Goal(null, "gp-01099999")), Tokens.Gp("01099999"), 404);
        using (var text = new HttpRequestMessage(HttpMethod.Post, goals) { Content = new StringContent("title=x", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a goal not in JSON", text, adultClinician, 415);
        }

        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(goals, Goal(null, "clinician-94000001")), adultClinician), adultClinician, 409);
        var goalPath = $"{goals}/{goal!["id"]!.GetValue<string>()}";
        HttpRequestMessage Patch(JsonObject body, string? ifMatch)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, goalPath) { Content = JsonContent.Create(body) };
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return request;
        }

        await check.SendAsync("a change without If-Match", Patch(new JsonObject { ["status"] = "achieved" }, null), adultClinician, 428);
        await check.SendAsync("an unknown status", Patch(new JsonObject { ["status"] = "done" }, "\"1\""), adultClinician, 400);
        await check.SendAsync("an owner not on the team", Patch(new JsonObject { ["ownerUserId"] = "someone-else" }, "\"1\""), adultClinician, 422);
        await check.SendAsync("the POH of Sandra's GP marks it achieved", Patch(new JsonObject { ["status"] = "achieved" }, "\"1\""), Tokens.Poh(), 200);
        // A family-systems worker joins the team; they do not treat Sandra.
        var worker = Tokens.Create("stw", new Dictionary<string, string> { ["sub"] = "stw-94060002", ["agb"] = "94060002", ["org"] = "73730006" });
        using (var inviting = fixture.Platform.Gateway.Client(adultClinician))
        using (var joining = fixture.Platform.Gateway.Client(worker))
        {
            using var invited = await inviting.PostAsJsonAsync($"/api/families/{familyId}/team/invitations",
                new { userId = "stw-94060002", name = "Femke de Boer", role = "stw", organisationAgb = "73730006" });
            Assert.Equal(System.Net.HttpStatusCode.Created, invited.StatusCode);
            using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/families/{familyId}/team/invitations/stw-94060002/accept");
            accept.Headers.TryAddWithoutValidation("If-Match", invited.Headers.ETag!.ToString());
            using var accepted = await joining.SendAsync(accept);
            Assert.Equal(System.Net.HttpStatusCode.OK, accepted.StatusCode);
        }

        await check.SendAsync("a team member who does not treat Sandra", Patch(new JsonObject { ["status"] = "open" }, "\"2\""), worker, 403);
        await check.SendAsync("a stale If-Match", Patch(new JsonObject { ["status"] = "dropped" }, "\"1\""), adultClinician, 412);
        await check.SendAsync("a clinician not on the team", Patch(new JsonObject { ["status"] = "open" }, "\"2\""), Clinician, 404);
        await check.SendAsync("a family therapist who left", Patch(new JsonObject { ["status"] = "open" }, "\"2\""),
            Tokens.Create("family-therapist", new Dictionary<string, string> { ["sub"] = "family-therapist-94050001", ["agb"] = "94050001", ["org"] = "73730005" }), 404);
        using (var text = new HttpRequestMessage(HttpMethod.Patch, goalPath) { Content = new StringContent("status=open", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a change not in JSON", text, adultClinician, 415);
        }

        // Relatives who are not clients: the clinician who treats Sandra names her brother.
        var relatives = $"/api/families/{familyId}/relatives";
        JsonObject Relative(string of, string relation) => new() { ["relativeOf"] = of, ["name"] = "Kees Jansen", ["relation"] = relation };
        var relativeKey = "relative-" + Guid.NewGuid();
        await check.SendAsync("the treating clinician names a relative", PostTo(relatives, Relative(sandrasMember, "sibling"), relativeKey), adultClinician, 201);
        await check.SendAsync("the same key with another body", PostTo(relatives, Relative(sandrasMember, "other"), relativeKey), adultClinician, 422);
        await check.SendAsync("a relation that is not one", PostTo(relatives, Relative(sandrasMember, "friend")), adultClinician, 400);
        await check.SendAsync("a team member who does not treat Sandra", PostTo(relatives, Relative(sandrasMember, "sibling")), worker, 403);
        await check.SendAsync("another GP names a relative", PostTo(relatives, Relative(sandrasMember, "sibling")), Tokens.Gp("01099999"), 404);
        using (var text = new HttpRequestMessage(HttpMethod.Post, relatives) { Content = new StringContent("name=Kees", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a relative not in JSON", text, adultClinician, 415);
        }

        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(relatives, Relative(sandrasMember, "sibling")), adultClinician), adultClinician, 409);

        teamOperations = [.. teamOperations, () => Get("/api/families/outcome-instruments"), () => PostTo(outcomes, Outcome(sandrasMember, "phq-9", 14)),
            () => PostTo(goals, Goal(null, "clinician-94000001")), () => Patch(new JsonObject { ["status"] = "open" }, "\"2\""),
            () => PostTo(relatives, Relative(sandrasMember, "sibling"))];
        // After closure every write to the plan is refused: the 409 of each.
        IEnumerable<(string, HttpRequestMessage)> WritesToAClosedPlan() =>
        [
            ("a goal", PostTo(goals, Goal(null, "clinician-94000001"))), ("a goal's change", Patch(new JsonObject { ["status"] = "open" }, "\"2\"")),
            ("an outcome", PostTo(outcomes, Outcome(sandrasMember, "phq-9", 14))), ("a relative", PostTo(relatives, Relative(sandrasMember, "sibling"))),
        ];
        var planWork = await InterventionsAndActionsAsync(check, familyId, adultClinician, sandrasMember, daansMember, worker, WritesToAClosedPlan);
        teamOperations = [.. teamOperations, .. planWork];
        foreach (var operation in teamOperations.TakeLast(5 + planWork.Count))
        {
            await check.SendAsync("no token", operation(), null, 401);
            await check.SendAsync("a municipality, whose role the gateway turns away", operation(), Municipality, 403);
        }

        // Consent: Sandra (custodial parent of Daan, 15) declares; Daan's own declaration would make it active.
        var sandraClient = Tokens.Client(Referrals.SandraBsn);
        Guid daanId;
        using (var sandraHttp = fixture.Platform.Gateway.Client(sandraClient))
        {
            daanId = await Consents.MemberIdAsync(sandraHttp, new Person(Referrals.DaanBsn, "Daan de Vries", default));
        }

        await check.SendAsync("a client lists whom they may declare for", Get("/api/consents/subjects"), sandraClient, 200);
        await check.SendAsync("a GP lists whom they may declare for", Get("/api/consents/subjects"), Gp, 403);
        var team = Consents.Body(daanId, "family-care-team", "care-team", familyId);
        var consent = await check.SendAsync("a custodial parent declares", PostTo("/api/consents", team, "consent-" + Guid.NewGuid()), sandraClient, 201);
        var consentId = consent!["id"]!.GetValue<string>();
        await check.SendAsync("the same declaration again", PostTo("/api/consents", team), sandraClient, 200);
        await check.SendAsync("another period for the open decision", PostTo("/api/consents", Consents.Body(daanId, "family-care-team", "care-team", familyId, until: "2027-12-31")), sandraClient, 422);
        await check.SendAsync("an unknown purpose", PostTo("/api/consents", Consents.Body(daanId, "research", "care-team", familyId)), sandraClient, 400);
        await check.SendAsync("for someone not their child", PostTo("/api/consents", Consents.Body(Guid.NewGuid(), "mdo", "care-team", familyId)), sandraClient, 422);
        await check.SendAsync("a GP declares", PostTo("/api/consents", team), Gp, 403);
        await check.SendAsync("no token", PostTo("/api/consents", team), null, 401);
        await check.SendAsync("the parent reads it", Get($"/api/consents/{consentId}"), sandraClient, 200);
        await check.SendAsync("another GP reads it", Get($"/api/consents/{consentId}"), Tokens.Gp("01099999"), 404);
        await check.SendAsync("the parent lists Daan's", Get($"/api/consents?subject={daanId}"), sandraClient, 200);
        await check.SendAsync("a list without a subject", Get("/api/consents"), sandraClient, 400);
        await check.SendAsync("another client lists Daan's", Get($"/api/consents?subject={daanId}"), Tokens.Client("999900067"), 404);
        await check.SendAsync("a reason too long", PostTo($"/api/consents/{consentId}/withdraw", new JsonObject { ["reason"] = new string('r', 1001) }), sandraClient, 400);
        await check.SendAsync("another client withdraws", PostTo($"/api/consents/{consentId}/withdraw", new JsonObject()), Tokens.Client("999900067"), 404);
        await check.SendAsync("the parent withdraws", PostTo($"/api/consents/{consentId}/withdraw", new JsonObject()), sandraClient, 200);
        await check.SendAsync("withdrawn already", PostTo($"/api/consents/{consentId}/withdraw", new JsonObject()), sandraClient, 200);
        // A 16-year-old decides alone: his mother may not withdraw his consent.
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        {
            var filipFamily = (await (await gp.PostAsJsonAsync("/api/referrals", Families.Youth(Families.Filip, "0935", "Withdrawn and lonely.",
                Families.FilipsMother.As("parent", custody: true)))).Content.ReadFromJsonAsync<JsonObject>())!["familyId"]!.GetValue<Guid>();
            using var filip = fixture.Platform.Gateway.Client(Tokens.Client(Families.Filip.Bsn));
            var filipId = await Consents.MemberIdAsync(filip, Families.Filip);
            var own = await Consents.ShareWithCareTeamAsync(filip, filipId, filipFamily, System.Net.HttpStatusCode.Created);
            await check.SendAsync("a parent withdraws a 16-year-old's consent", PostTo($"/api/consents/{own["id"]}/withdraw", new JsonObject()),
                Tokens.Client(Families.FilipsMother.Bsn), 422);
        }

        var emergency = new JsonObject { ["subject"] = daanId.ToString(), ["reason"] = "Acute risk reported by the school tonight." };
        await check.SendAsync("a parent reads her child's access log", Get($"/api/consents/access-log?subject={daanId}&limit=5"), sandraClient, 200);
        await check.SendAsync("an access log without a subject", Get("/api/consents/access-log"), sandraClient, 400);
        await check.SendAsync("a GP reads a client's access log", Get($"/api/consents/access-log?subject={daanId}"), Gp, 403);
        await check.SendAsync("another client reads Daan's access log", Get($"/api/consents/access-log?subject={daanId}"), Tokens.Client("999900067"), 404);
        var glassKey = "glass-" + Guid.NewGuid();
        var glass = await check.SendAsync("a clinician breaks the glass", PostTo("/api/consents/emergency-access", emergency, glassKey), Clinician, 201);
        var glassId = glass!["id"]!.GetValue<string>();
        await check.SendAsync("the clinician reads the emergency access", Get($"/api/consents/emergency-access/{glassId}"), Clinician, 200);
        await check.SendAsync("another clinician reads it", Get($"/api/consents/emergency-access/{glassId}"), Tokens.Clinician(agb: "94099999"), 404);
        var otherReason = new JsonObject { ["subject"] = daanId.ToString(), ["reason"] = "Another reason, with the same key." };
        await check.SendAsync("the same key with another body", PostTo("/api/consents/emergency-access", otherReason, glassKey), Clinician, 422);
        await check.SendAsync("without a reason", PostTo("/api/consents/emergency-access", new JsonObject { ["subject"] = daanId.ToString() }), Clinician, 400);
        await check.SendAsync("a client breaks the glass", PostTo("/api/consents/emergency-access", emergency), sandraClient, 403);
        await check.SendAsync("for an unknown member", PostTo("/api/consents/emergency-access", new JsonObject { ["subject"] = Guid.NewGuid().ToString(), ["reason"] = "Acute risk reported by the school tonight." }), Clinician, 404);
        var youthProtection = Tokens.For("youth-protection");
        var measure = new JsonObject { ["subject"] = daanId.ToString(), ["measure"] = "ots", ["decision"] = "C/16/1 / JE RK 26-1", ["from"] = "2026-11-01", ["until"] = "2027-10-31" };
        var recorded = await check.SendAsync("a certified institution records a measure", PostTo("/api/consents/child-protection-measures", measure), youthProtection, 201);
        var measureId = recorded!["id"]!.GetValue<string>();
        await check.SendAsync("the institution reads the measure", Get($"/api/consents/child-protection-measures/{measureId}"), youthProtection, 200);
        await check.SendAsync("a GP reads the measure", Get($"/api/consents/child-protection-measures/{measureId}"), Gp, 404);
        await check.SendAsync("an unknown measure", PostTo("/api/consents/child-protection-measures", new JsonObject { ["subject"] = daanId.ToString(), ["measure"] = "curfew", ["decision"] = "C/16/1 / JE RK 26-1", ["from"] = "2026-11-01", ["until"] = "2027-10-31" }), youthProtection, 400);
        await check.SendAsync("a GP records a measure", PostTo("/api/consents/child-protection-measures", measure), Gp, 403);
        await check.SendAsync("for an unknown member", PostTo("/api/consents/child-protection-measures", new JsonObject { ["subject"] = Guid.NewGuid().ToString(), ["measure"] = "ots", ["decision"] = "C/16/1 / JE RK 26-1", ["from"] = "2026-11-01", ["until"] = "2027-10-31" }), youthProtection, 404);
        Guid sandraMemberId;
        using (var sandraHttp = fixture.Platform.Gateway.Client(sandraClient))
        {
            sandraMemberId = await Consents.MemberIdAsync(sandraHttp, new Person(Referrals.SandraBsn, "Sandra de Vries", default));
        }

        await check.SendAsync("a measure for an adult", PostTo("/api/consents/child-protection-measures", new JsonObject { ["subject"] = sandraMemberId.ToString(), ["measure"] = "ots", ["decision"] = "C/16/1 / JE RK 26-1", ["from"] = "2026-11-01", ["until"] = "2027-10-31" }), youthProtection, 422);

        // What every consent operation shares: the gateway's 401 and 403, a body that is not JSON, a key still being processed.
        var consentOperations = new (HttpMethod Method, string Path, JsonObject? Body, string Caller)[]
        {
            (HttpMethod.Post, "/api/consents", team, sandraClient),
            (HttpMethod.Get, $"/api/consents?subject={daanId}", null, sandraClient),
            (HttpMethod.Get, $"/api/consents/{consentId}", null, sandraClient),
            (HttpMethod.Get, "/api/consents/subjects", null, sandraClient),
            (HttpMethod.Get, $"/api/consents/access-log?subject={daanId}", null, sandraClient),
            (HttpMethod.Post, $"/api/consents/{consentId}/withdraw", new JsonObject(), sandraClient),
            (HttpMethod.Post, "/api/consents/emergency-access", emergency, Clinician),
            (HttpMethod.Post, "/api/consents/child-protection-measures", measure, youthProtection),
            (HttpMethod.Get, $"/api/consents/emergency-access/{glassId}", null, Clinician),
            (HttpMethod.Get, $"/api/consents/child-protection-measures/{measureId}", null, youthProtection),
        };
        foreach (var (method, path, body, caller) in consentOperations)
        {
            await check.SendAsync("no token", Request(method, path, body), null, 401);
            await check.SendAsync("a municipality, whose role the gateway turns away", Request(method, path, body), Municipality, 403);
            if (body is not null)
            {
                using var text = new HttpRequestMessage(method, path) { Content = new StringContent("purpose=mdo", Encoding.UTF8, "text/plain") };
                await check.SendAsync("a body that is not JSON", text, caller, 415);
                await check.SendAsync("a key still being processed", await InFlightAsync(Platform.Consent, Request(method, path, body), caller), caller, 409);
            }
        }

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

        // The funding of the plan's interventions: the insurer pays Sandra's treatment planned above, once decided.
        using (var insurer = fixture.Platform.Gateway.Client(Insurer))
        {
            var decided = await Eventually.Until(() => insurer.GetFromJsonAsync<JsonObject>("/api/funding-routes/interventions"),
                page => page!["items"]!.AsArray().Count > 0, "the funding of Sandra's treatment");
            var interventionRoute = $"/api/funding-routes/interventions/{decided!["items"]![0]!["interventionId"]!.GetValue<string>()}";
            await check.SendAsync("the insurer reads the funding of Sandra's treatment", Get(interventionRoute), Insurer, 200);
            await check.SendAsync("a municipality reads it", Get(interventionRoute), Municipality, 404);
            await check.SendAsync("no token", Get(interventionRoute), null, 401);
            await check.SendAsync("a GP, whose role the gateway turns away", Get(interventionRoute), Gp, 403);
        }

        await check.SendAsync("the insurer lists the funding of interventions", Get("/api/funding-routes/interventions?limit=1"), Insurer, 200);
        await check.SendAsync("a status that is not one", Get("/api/funding-routes/interventions?status=paid"), Insurer, 400);
        await check.SendAsync("no token", Get("/api/funding-routes/interventions"), null, 401);
        await check.SendAsync("a client, whose role the gateway turns away", Get("/api/funding-routes/interventions"), Tokens.Client(), 403);
        await check.SendAsync("the insurer sums its population's family therapies", Get("/api/funding-routes/cost-benefit"), Insurer, 200);
        await check.SendAsync("no token", Get("/api/funding-routes/cost-benefit"), null, 401);
        await check.SendAsync("a client, whose role the gateway turns away", Get("/api/funding-routes/cost-benefit"), Tokens.Client(), 403);

        // What if: family therapy for the parents (scenario 1 step 3), asked by the POH before planning.
        var evaluate = "/api/funding/evaluate";
        JsonObject Question(string help) => new()
        {
            ["birthDate"] = "1991-06-02", ["help"] = help, ["residence"] = new JsonObject { ["brpMunicipality"] = "0344" }, ["uzovi"] = "3311",
        };
        var answer = await check.SendAsync("the POH asks who would pay for family therapy for the parents", PostTo(evaluate, Question("family-therapy")), Tokens.Poh(), 200);
        Assert.Equal(["Supplementary", "SelfPay"], answer!["options"]!.AsArray().Select(o => o!["law"]!.GetValue<string>()));
        Assert.Contains(answer["rules"]!.AsArray(), r => r!["id"]!.GetValue<string>() == "zvw-no-relationship-therapy");
        // A 17-year-old 30 days before their birthday: the transition is due, GGZ moving to the Zvw.
        var nearly = Question("mental-health-treatment");
        nearly["birthDate"] = TestClock.Today.AddYears(-18).AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var transition = await check.SendAsync("the POH asks about a 17-year-old nearly 18", PostTo(evaluate, nearly), Tokens.Poh(), 200);
        Assert.Equal(("Jeugdwet", "Zvw", "31"), (transition!["options"]![0]!["law"]!.GetValue<string>(), transition["transition"]!["law"]!.GetValue<string>(),
            transition["transition"]!["stopReason"]!.GetValue<string>()));
        await check.SendAsync("a kind of help that is not one", PostTo(evaluate, Question("massage")), Tokens.Poh(), 400);
        await check.SendAsync("a municipality asks", PostTo(evaluate, Question("family-therapy")), Municipality, 403);
        await check.SendAsync("no token", PostTo(evaluate, Question("family-therapy")), null, 401);
        using (var text = new HttpRequestMessage(HttpMethod.Post, evaluate) { Content = new StringContent("help=family-therapy", Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a question not in JSON", text, Tokens.Poh(), 415);
        }

        await check.SendAsync("the POH reads what family therapy is worth", Get("/api/funding/cost-benefit"), Tokens.Poh(), 200);
        await check.SendAsync("the municipality reads what family therapy is worth", Get("/api/funding/cost-benefit"), Municipality, 200);
        await check.SendAsync("a client reads the cost-benefit figures", Get("/api/funding/cost-benefit"), Tokens.Client(), 403);
        await check.SendAsync("no token", Get("/api/funding/cost-benefit"), null, 401);

        // The iJw assignment lifecycle: a practice's request, the municipality's answers, the practice's start and stop.
        var assignmentOperations = await AssignmentsAsync(check);

        // Referral: the receiving side and the closed loop. Daan's first referral waits in the pool; the clinician's organisation claims it.
        var referralOperations = await ReferralLifecycleAsync(check, referralId);

        // MDOs: calendars, the search, booking and every change, for Sandra discussed by the GP and her adult clinician.
        var mdoOperations = await MdosAsync(check, Guid.Parse(familyId), adultClinician);

        // The gateway's rate limit: a caller past the limit gets 429 on every route until the window ends.
        var busy = Tokens.Gp("01077777");
        await ExhaustAsync(busy, $"/api/families/{familyId}/plan");
        await check.SendAsync("past the rate limit", Get($"/api/families/{familyId}/plan"), busy, 429);
        await check.SendAsync("past the rate limit", Get($"/api/referrals/{referralId}"), busy, 429);
        await check.SendAsync("past the rate limit", Post(Referrals.Daan()), busy, 429);
        await check.SendAsync("past the rate limit", Get("/api/directory"), busy, 429);
        foreach (var operation in referralOperations.Concat(teamOperations).Concat(mdoOperations))
        {
            await check.SendAsync("past the rate limit", operation(), busy, 429);
        }

        foreach (var (path, body) in taskOperations)
        {
            await check.SendAsync("past the rate limit", PostTo(path, body), busy, 429);
        }

        foreach (var (method, path, body, _) in consentOperations)
        {
            await check.SendAsync("past the rate limit", Request(method, path, body), busy, 429);
        }

        // A GP never gets past the funding routes' role policy to its limit: a financier is the busy caller there.
        var busyFinancier = Tokens.Municipality("0599");
        await ExhaustAsync(busyFinancier, "/api/funding-routes?limit=1");
        await check.SendAsync("past the rate limit", Get("/api/funding-routes"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get($"/api/funding-routes/{referralId}"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", PostTo("/api/funding/evaluate", new JsonObject { ["help"] = "family-therapy" }), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get("/api/funding/cost-benefit"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get("/api/funding-routes/interventions"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get($"/api/funding-routes/interventions/{Guid.NewGuid()}"), busyFinancier, 429);
        await check.SendAsync("past the rate limit", Get("/api/funding-routes/cost-benefit"), busyFinancier, 429);
        foreach (var operation in assignmentOperations)
        {
            await check.SendAsync("past the rate limit", operation(), busyFinancier, 429);
        }

        // A service that is down: the gateway answers for it.
        await fixture.Platform.StopServiceAsync(Platform.MdoScheduling);
        foreach (var operation in mdoOperations)
        {
            await check.SendAsync("the MDO service is down", operation(), Gp, 502);
        }

        // Before any service is stopped: every operation answers a header outside ASCII, too many header fields and
        // too long a query with its declared 400, 431 and 414.
        await check.SendEveryOperationWithBadHeadersAsync(Gp);

        await fixture.Platform.StopServiceAsync(Platform.Referral);
        await fixture.Platform.StopServiceAsync(Platform.FamilyPlan);
        await fixture.Platform.StopServiceAsync(Platform.FundingRoute);
        await check.SendAsync("the referral service is down", Post(Referrals.Daan()), Gp, 502);
        await check.SendAsync("the referral service is down", Get($"/api/referrals/{referralId}"), Gp, 502);
        await check.SendAsync("the referral service is down", Get("/api/directory"), Gp, 502);
        foreach (var operation in referralOperations)
        {
            await check.SendAsync("the referral service is down", operation(), Clinician, 502);
        }

        foreach (var operation in teamOperations)
        {
            await check.SendAsync("the family plan service is down", operation(), Clinician, 502);
        }
        await check.SendAsync("the family plan service is down", Get($"/api/families/{familyId}/plan"), Gp, 502);
        foreach (var (path, body) in taskOperations)
        {
            await check.SendAsync("the family plan service is down", PostTo(path, body), adultClinician, 502);
        }

        await fixture.Platform.StopServiceAsync(Platform.Consent);
        foreach (var (method, path, body, caller) in consentOperations)
        {
            await check.SendAsync("the consent service is down", Request(method, path, body), caller, 502);
        }

        await check.SendAsync("the funding route service is down", Get($"/api/funding-routes/{referralId}"), Municipality, 502);
        await check.SendAsync("the funding route service is down", Get("/api/funding-routes"), Municipality, 502);
        await check.SendAsync("the funding route service is down", PostTo("/api/funding/evaluate", new JsonObject { ["help"] = "family-therapy" }), Tokens.Poh(), 502);
        await check.SendAsync("the funding route service is down", Get("/api/funding/cost-benefit"), Municipality, 502);
        await check.SendAsync("the funding route service is down", Get("/api/funding-routes/interventions"), Municipality, 502);
        await check.SendAsync("the funding route service is down", Get($"/api/funding-routes/interventions/{Guid.NewGuid()}"), Municipality, 502);
        await check.SendAsync("the funding route service is down", Get("/api/funding-routes/cost-benefit"), Municipality, 502);
        foreach (var operation in assignmentOperations)
        {
            await check.SendAsync("the funding route service is down", operation(), Municipality, 502);
        }

    }

    /// <summary>
    /// Every operation of the referral's receiving side and closed loop, answered once with each
    /// status it declares; returns a request of each for the checks every operation shares.
    /// </summary>
    private async Task<IReadOnlyList<Func<HttpRequestMessage>>> ReferralLifecycleAsync(ContractCheck check, string pooled)
    {
        var otherOrg = Tokens.Clinician("youth", "94012399", "73730009");
        var today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var yesterday = TestClock.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Guid redirected, cancelled, rejected;
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        {
            redirected = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
            cancelled = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
            rejected = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        }

        using var clinician = fixture.Platform.Gateway.Client(Clinician);
        async Task<HttpRequestMessage> StepAsync(string id, string step, JsonObject body, string? ifMatch = "read")
        {
            var request = PostTo($"/api/referrals/{id}/{step}", body);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch == "read" ? (await Referrals.ReadAsync(clinician, Guid.Parse(id))).ETag : ifMatch);
            }

            return request;
        }

        async Task<HttpRequestMessage> ReferrerStepAsync(string id, string step, JsonObject body)
        {
            using var gp = fixture.Platform.Gateway.Client(Gp);
            var request = PostTo($"/api/referrals/{id}/{step}", body);
            request.Headers.TryAddWithoutValidation("If-Match", (await Referrals.ReadAsync(gp, Guid.Parse(id))).ETag);
            return request;
        }

        // Lists.
        await check.SendAsync("a clinician reads the pool", Get("/api/referrals/pool"), Clinician, 200);
        await check.SendAsync("a pool page of none", Get("/api/referrals/pool?limit=0"), Clinician, 400);
        await check.SendAsync("a GP reads the pool", Get("/api/referrals/pool"), Gp, 403);
        await check.SendAsync("a claim of an unknown referral", PostTo($"/api/referrals/{Guid.NewGuid()}/claim", new JsonObject()), Clinician, 404);
        await check.SendAsync("the clinician claims Daan's referral", new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{pooled}/claim"), Clinician, 200);
        await check.SendAsync("another organisation claims it later", new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{pooled}/claim"), otherOrg, 409);
        await check.SendAsync("the GP's worklist", Get("/api/referrals?status=received"), Gp, 200);
        await check.SendAsync("the clinician's worklist of breaches", Get("/api/referrals?norm=breached&limit=5"), Clinician, 200);
        await check.SendAsync("an unknown status", Get("/api/referrals?status=open"), Clinician, 400);
        await check.SendAsync("a family therapist's worklist", Get("/api/referrals"), Tokens.For("family-therapist"), 403);
        await check.SendAsync("the GP's referrals of Daan, the BSN in the body", PostTo("/api/referrals/search", new JsonObject { ["subjectBsn"] = Referrals.DaanBsn, ["order"] = "recent" }), Gp, 200);
        await check.SendAsync("a search by a BSN that fails the eleven-test", PostTo("/api/referrals/search", new JsonObject { ["subjectBsn"] = "123456789" }), Gp, 400);
        await check.SendAsync("a family therapist's search", PostTo("/api/referrals/search", new JsonObject { ["subjectBsn"] = Referrals.DaanBsn }), Tokens.For("family-therapist"), 403);
        await check.SendAsync("no token", PostTo("/api/referrals/search", new JsonObject { ["subjectBsn"] = Referrals.DaanBsn }), null, 401);
        using (var text = new HttpRequestMessage(HttpMethod.Post, "/api/referrals/search") { Content = new StringContent(Referrals.DaanBsn, Encoding.UTF8, "text/plain") })
        {
            await check.SendAsync("a search that is not JSON", text, Gp, 415);
        }
        await check.SendAsync("the GP's feed", Get("/api/referrals/updates?limit=10"), Gp, 200);
        await check.SendAsync("a cursor the service never gave out", Get("/api/referrals/updates?cursor=nonsense"), Gp, 400);
        await check.SendAsync("a clinician's feed", Get("/api/referrals/updates"), Clinician, 403);
        await check.SendAsync("the organisation's figures", Get("/api/referrals/norm-figures?from=2026-01&to=2026-12"), Clinician, 200);
        await check.SendAsync("figures for a month that is not one", Get("/api/referrals/norm-figures?from=2026-13"), Clinician, 400);
        await check.SendAsync("a GP's figures", Get("/api/referrals/norm-figures"), Gp, 403);

        // Daan's claimed referral, through its whole life; each refusal on the way.
        var note = new JsonObject { ["note"] = "Seen in the intake meeting." };
        await check.SendAsync("accept before triage", await StepAsync(pooled, "accept", note), Clinician, 409);
        await check.SendAsync("triage without If-Match", await StepAsync(pooled, "triage", note, ifMatch: null), Clinician, 428);
        await check.SendAsync("triage with a stale If-Match", await StepAsync(pooled, "triage", note, ifMatch: "\"999\""), Clinician, 412);
        await check.SendAsync("another organisation triages", await StepAsync(pooled, "triage", note), otherOrg, 404);
        await check.SendAsync("a note that is not text", await StepAsync(pooled, "triage", new JsonObject { ["note"] = 5 }), Clinician, 400);
        await check.SendAsync("the clinician triages", await StepAsync(pooled, "triage", note), Clinician, 200);
        await check.SendAsync("a note that is not text", await StepAsync(pooled, "accept", new JsonObject { ["note"] = 5 }), Clinician, 400);
        await check.SendAsync("the clinician accepts", await StepAsync(pooled, "accept", note), Clinician, 200);
        await check.SendAsync("an intake before the referral", await StepAsync(pooled, "schedule-intake", new JsonObject { ["intakeDate"] = yesterday, ["held"] = true }), Clinician, 422);
        await check.SendAsync("an intake without a date", await StepAsync(pooled, "schedule-intake", new JsonObject()), Clinician, 400);
        await check.SendAsync("the intake took place today", await StepAsync(pooled, "schedule-intake", new JsonObject { ["intakeDate"] = today, ["held"] = true }), Clinician, 200);
        await check.SendAsync("treatment before the intake", await StepAsync(pooled, "start-treatment", new JsonObject { ["treatmentStartDate"] = yesterday }), Clinician, 422);
        await check.SendAsync("treatment without a date", await StepAsync(pooled, "start-treatment", new JsonObject()), Clinician, 400);
        await check.SendAsync("treatment started today", await StepAsync(pooled, "start-treatment", new JsonObject { ["treatmentStartDate"] = today }), Clinician, 200);
        await check.SendAsync("closure without a summary", await StepAsync(pooled, "close", new JsonObject()), Clinician, 400);
        await check.SendAsync("the clinician closes it", await StepAsync(pooled, "close", new JsonObject { ["summary"] = "Six family sessions." }), Clinician, 200);
        await check.SendAsync("the referrer reads the closed referral", Get($"/api/referrals/{pooled}"), Gp, 200);
        await check.SendAsync("the referrer fetches the letter", Get($"/api/referrals/{pooled}/letter.pdf"), Gp, 200);
        await check.SendAsync("the referrer fetches the closure summary", Get($"/api/referrals/{pooled}/summary.pdf"), Gp, 200);
        await check.SendAsync("another GP fetches the letter", Get($"/api/referrals/{pooled}/letter.pdf"), Tokens.Gp("01099999"), 404);
        await check.SendAsync("a summary before closure", Get($"/api/referrals/{rejected}/summary.pdf"), Gp, 404);

        // The other ends: redirected, rejected, supplemented and cancelled.
        var to = new JsonObject { ["agb"] = "73730009", ["name"] = "Jeugd-GGZ De Brug" };
        await check.SendAsync("the clinician triages", await StepAsync(redirected.ToString(), "triage", note), Clinician, 200);
        await check.SendAsync("a redirect without a reason", await StepAsync(redirected.ToString(), "redirect", new JsonObject { ["to"] = to.DeepClone() }), Clinician, 400);
        await check.SendAsync("a redirect to itself", await StepAsync(redirected.ToString(), "redirect",
            new JsonObject { ["to"] = new JsonObject { ["agb"] = Referrals.YouthPractice, ["name"] = "Us" }, ["reason"] = "r" }), Clinician, 422);
        await check.SendAsync("the clinician redirects", await StepAsync(redirected.ToString(), "redirect", new JsonObject { ["to"] = to.DeepClone(), ["reason"] = "Trauma care." }), Clinician, 200);
        await check.SendAsync("the clinician triages", await StepAsync(rejected.ToString(), "triage", note), Clinician, 200);
        await check.SendAsync("a rejection without a reason", await StepAsync(rejected.ToString(), "reject", new JsonObject()), Clinician, 400);
        await check.SendAsync("the clinician rejects", await StepAsync(rejected.ToString(), "reject", new JsonObject { ["reason"] = "No capacity." }), Clinician, 200);
        var supplement = new JsonObject { ["reason"] = "School report.", ["text"] = "Absent 14 days." };
        await check.SendAsync("a supplement without a reason", await ReferrerStepAsync(cancelled.ToString(), "supplement", new JsonObject { ["text"] = "x" }), Gp, 400);
        await check.SendAsync("the GP supplements", await ReferrerStepAsync(cancelled.ToString(), "supplement", supplement), Gp, 200);
        await check.SendAsync("a cancellation without a reason", await ReferrerStepAsync(cancelled.ToString(), "cancel", new JsonObject()), Gp, 400);
        await check.SendAsync("the GP cancels", await ReferrerStepAsync(cancelled.ToString(), "cancel", new JsonObject { ["reason"] = "Moved away." }), Gp, 200);

        // What every step shares: 409 from an ended referral, 412, 428, 404, 415.
        var bodies = new Dictionary<string, JsonObject>
        {
            ["triage"] = note, ["accept"] = note, ["reject"] = new() { ["reason"] = "r" }, ["redirect"] = new() { ["to"] = to.DeepClone(), ["reason"] = "r" },
            ["schedule-intake"] = new() { ["intakeDate"] = today, ["held"] = true }, ["start-treatment"] = new() { ["treatmentStartDate"] = today },
            ["close"] = new() { ["summary"] = "s" }, ["cancel"] = new() { ["reason"] = "r" }, ["supplement"] = supplement,
        };
        var operations = new List<Func<HttpRequestMessage>>
        {
            () => Get("/api/referrals"), () => Get("/api/referrals/pool"), () => Get("/api/referrals/updates"), () => Get("/api/referrals/norm-figures"),
            () => PostTo("/api/referrals/search", new JsonObject { ["subjectBsn"] = Referrals.DaanBsn }),
            () => new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{pooled}/claim"),
            () => Get($"/api/referrals/{pooled}/letter.pdf"), () => Get($"/api/referrals/{pooled}/summary.pdf"),
        };
        foreach (var (step, body) in bodies)
        {
            var referrerStep = step is "cancel" or "supplement";
            var caller = referrerStep ? Gp : Clinician;
            var ended = referrerStep ? cancelled.ToString() : pooled;
            await check.SendAsync("a step on an ended referral", referrerStep ? await ReferrerStepAsync(ended, step, body) : await StepAsync(ended, step, body), caller, 409);
            var stale = PostTo($"/api/referrals/{ended}/{step}", body);
            stale.Headers.TryAddWithoutValidation("If-Match", "\"999\"");
            await check.SendAsync("a stale If-Match", stale, caller, 412);
            await check.SendAsync("no If-Match", PostTo($"/api/referrals/{ended}/{step}", body), caller, 428);
            await check.SendAsync("an unknown referral", PostTo($"/api/referrals/{Guid.NewGuid()}/{step}", body), caller, 404);
            using (var text = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{ended}/{step}") { Content = new StringContent("reason=x", Encoding.UTF8, "text/plain") })
            {
                await check.SendAsync("a body that is not JSON", text, caller, 415);
            }

            operations.Add(() => PostTo($"/api/referrals/{ended}/{step}", body));
        }

        foreach (var operation in operations)
        {
            await check.SendAsync("no token", operation(), null, 401);
            await check.SendAsync("a municipality, whose role the gateway turns away", operation(), Municipality, 403);
        }

        return operations;
    }

    /// <summary>
    /// Every care-team operation answered once with each status it declares, by the clinician who
    /// accepted Sandra's referral, a family therapist and a family-systems worker they invite;
    /// returns a request of each for the checks every operation shares.
    /// </summary>
    private async Task<IReadOnlyList<Func<HttpRequestMessage>>> CareTeamAsync(ContractCheck check, string familyId, string member)
    {
        const string therapistId = "family-therapist-94050001", stwId = "stw-94060001", memberId = "clinician-94000001";
        var therapist = Tokens.Create("family-therapist", new Dictionary<string, string> { ["sub"] = therapistId, ["agb"] = "94050001", ["org"] = "73730005" });
        var stw = Tokens.Create("stw", new Dictionary<string, string> { ["sub"] = stwId, ["agb"] = "94060001", ["org"] = "73730006" });
        var otherGp = Tokens.Gp("01099999");
        var team = $"/api/families/{familyId}/team";
        using var memberClient = fixture.Platform.Gateway.Client(member);
        async Task<string> ETagAsync()
        {
            using var response = await memberClient.GetAsync(team);
            return response.Headers.ETag!.ToString();
        }

        HttpRequestMessage With(string path, JsonObject? body, string? ifMatch)
        {
            var request = body is null ? new HttpRequestMessage(HttpMethod.Post, path) : PostTo(path, body);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return request;
        }

        HttpRequestMessage Text(string path, string? ifMatch)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("reason=x", Encoding.UTF8, "text/plain") };
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch ?? "\"1\"");
            return request;
        }

        var longReason = new JsonObject { ["reason"] = new string('r', 1001) };
        await check.SendAsync("a professional lists their families", Get("/api/families?limit=10"), member, 200);
        await check.SendAsync("a page of none", Get("/api/families?limit=0"), member, 400);
        await check.SendAsync("a client lists families", Get("/api/families"), Tokens.Client(), 403);
        await check.SendAsync("a member reads the team", Get(team), member, 200);
        await check.SendAsync("another GP reads the team", Get(team), otherGp, 404);

        var invitations = $"{team}/invitations";
        JsonObject Invitation(string userId, string role, string org) => new() { ["userId"] = userId, ["name"] = "Eva Smit", ["role"] = role, ["organisationAgb"] = org };
        var key = "team-" + Guid.NewGuid();
        await check.SendAsync("a member invites a family therapist", PostTo(invitations, Invitation(therapistId, "family-therapist", "73730005"), key), member, 201);
        await check.SendAsync("the same key with another body", PostTo(invitations, Invitation(stwId, "stw", "73730006"), key), member, 422);
        await check.SendAsync("an invitation again", PostTo(invitations, Invitation(therapistId, "family-therapist", "73730005")), member, 409);
        await check.SendAsync("an invitation for a financier", PostTo(invitations, Invitation("municipality-0344", "municipality", "73730007")), member, 400);
        await check.SendAsync("another GP invites", PostTo(invitations, Invitation(stwId, "stw", "73730006")), otherGp, 404);
        await check.SendAsync("an invitation not in JSON", Text(invitations, null), member, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(invitations, Invitation(stwId, "stw", "73730006")), member), member, 409);
        await check.SendAsync("a member invites a family-systems worker", PostTo(invitations, Invitation(stwId, "stw", "73730006")), member, 201);

        var accept = $"{invitations}/{therapistId}/accept";
        await check.SendAsync("someone else accepts the invitation", With(accept, new JsonObject(), await ETagAsync()), member, 404);
        await check.SendAsync("an answer without If-Match", With(accept, new JsonObject(), null), therapist, 428);
        await check.SendAsync("an answer with a stale If-Match", With(accept, new JsonObject(), "\"999\""), therapist, 412);
        await check.SendAsync("a reason too long", With(accept, longReason, await ETagAsync()), therapist, 400);
        await check.SendAsync("an answer not in JSON", Text(accept, await ETagAsync()), therapist, 415);
        await check.SendAsync("the family therapist accepts", With(accept, null, await ETagAsync()), therapist, 200);
        await check.SendAsync("accepted already", With(accept, new JsonObject(), await ETagAsync()), therapist, 409);

        var decline = $"{invitations}/{stwId}/decline";
        await check.SendAsync("someone else declines the invitation", With(decline, new JsonObject(), await ETagAsync()), member, 404);
        await check.SendAsync("an answer without If-Match", With(decline, new JsonObject(), null), stw, 428);
        await check.SendAsync("an answer with a stale If-Match", With(decline, new JsonObject(), "\"999\""), stw, 412);
        await check.SendAsync("a reason too long", With(decline, longReason, await ETagAsync()), stw, 400);
        await check.SendAsync("an answer not in JSON", Text(decline, await ETagAsync()), stw, 415);
        await check.SendAsync("the family-systems worker declines", With(decline, new JsonObject { ["reason"] = "No capacity this quarter." }, await ETagAsync()), stw, 200);
        await check.SendAsync("declined already", With(decline, new JsonObject(), await ETagAsync()), stw, 409);

        var coordinator = $"/api/families/{familyId}/coordinator";
        JsonObject To(string userId) => new() { ["userId"] = userId };
        await check.SendAsync("a member takes the coordinator role", With(coordinator, To(memberId), await ETagAsync()), member, 200);
        await check.SendAsync("they hold it already", With(coordinator, To(memberId), await ETagAsync()), member, 409);
        await check.SendAsync("another member hands it over", With(coordinator, To(therapistId), await ETagAsync()), therapist, 403);
        await check.SendAsync("to someone not on the team", With(coordinator, To(stwId), await ETagAsync()), member, 422);
        await check.SendAsync("another GP hands it over", With(coordinator, To(therapistId), await ETagAsync()), otherGp, 404);
        await check.SendAsync("a hand-over without a user", With(coordinator, new JsonObject(), await ETagAsync()), member, 400);
        await check.SendAsync("a hand-over not in JSON", Text(coordinator, await ETagAsync()), member, 415);
        await check.SendAsync("a hand-over without If-Match", With(coordinator, To(therapistId), null), member, 428);
        await check.SendAsync("a hand-over with a stale If-Match", With(coordinator, To(therapistId), "\"999\""), member, 412);

        var leave = $"{team}/members/{therapistId}/leave";
        await check.SendAsync("the coordinator hands over to the therapist", With(coordinator, To(therapistId), await ETagAsync()), member, 200);
        await check.SendAsync("the coordinator leaves", With(leave, new JsonObject(), await ETagAsync()), therapist, 409);
        await check.SendAsync("a member removes another", With(leave, new JsonObject(), await ETagAsync()), member, 403);
        await check.SendAsync("another GP removes a member", With(leave, new JsonObject(), await ETagAsync()), otherGp, 404);
        await check.SendAsync("the therapist hands the role back", With(coordinator, To(memberId), await ETagAsync()), therapist, 200);
        await check.SendAsync("leaving without If-Match", With(leave, new JsonObject(), null), therapist, 428);
        await check.SendAsync("leaving with a stale If-Match", With(leave, new JsonObject(), "\"999\""), therapist, 412);
        await check.SendAsync("a reason too long", With(leave, longReason, await ETagAsync()), therapist, 400);
        await check.SendAsync("leaving not in JSON", Text(leave, await ETagAsync()), therapist, 415);
        await check.SendAsync("the therapist leaves", With(leave, new JsonObject { ["reason"] = "Sessions ended." }, await ETagAsync()), therapist, 200);

        var operations = new List<Func<HttpRequestMessage>>
        {
            () => Get("/api/families"), () => Get(team), () => PostTo(invitations, Invitation(stwId, "stw", "73730006")),
            () => With(accept, new JsonObject(), "\"1\""), () => With(decline, new JsonObject(), "\"1\""),
            () => With(leave, new JsonObject(), "\"1\""), () => With(coordinator, To(memberId), "\"1\""),
        };
        foreach (var operation in operations)
        {
            await check.SendAsync("no token", operation(), null, 401);
            await check.SendAsync("a municipality, whose role the gateway turns away", operation(), Municipality, 403);
        }

        return operations;
    }

    /// <summary>Interventions and actions of the plan: the treating clinician plans and changes them; returns the four operations.</summary>
    private async Task<IReadOnlyList<Func<HttpRequestMessage>>> InterventionsAndActionsAsync(
        ContractCheck check, string familyId, string clinician, string sandra, string daan, string notTreating, Func<IEnumerable<(string What, HttpRequestMessage Request)>> closedWrites)
    {
        var today = TestClock.Today;
        string Day(int days) => today.AddDays(days).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        HttpRequestMessage Patch(string path, JsonObject body, string? ifMatch)
        {
            var request = Request(HttpMethod.Patch, path, body);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return request;
        }

        HttpRequestMessage Text(HttpMethod method, string path) =>
            new(method, path) { Content = new StringContent("title=x", Encoding.UTF8, "text/plain"), Headers = { { "If-Match", "\"1\"" } } };

        var interventions = $"/api/families/{familyId}/interventions";
        JsonObject Intervention(string? member, string responsible = "clinician-94000001") => new()
        {
            ["memberId"] = member, ["kind"] = "individual-treatment", ["title"] = "CBT for low mood", ["responsibleUserId"] = responsible, ["startOn"] = Day(0), ["plannedSessions"] = 8,
        };
        var key = "intervention-" + Guid.NewGuid();
        var intervention = await check.SendAsync("the treating clinician plans an intervention", PostTo(interventions, Intervention(sandra), key), clinician, 201);
        await check.SendAsync("the same key with another body", PostTo(interventions, Intervention(null), key), clinician, 422);
        await check.SendAsync("a responsible member not on the team", PostTo(interventions, Intervention(null, "someone-else")), clinician, 422);
        await check.SendAsync("an intervention of no known kind", PostTo(interventions, new JsonObject { ["kind"] = "massage", ["title"] = "x", ["responsibleUserId"] = "clinician-94000001", ["startOn"] = Day(0) }), clinician, 400);
        await check.SendAsync("for a member the clinician does not treat", PostTo(interventions, Intervention(daan)), clinician, 403);
        await check.SendAsync("for a member the family does not have", PostTo(interventions, Intervention(Guid.NewGuid().ToString())), clinician, 404);
        await check.SendAsync("an intervention not in JSON", Text(HttpMethod.Post, interventions), clinician, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(interventions, Intervention(null)), clinician), clinician, 409);
        var one = $"{interventions}/{intervention!["id"]!.GetValue<string>()}";
        await check.SendAsync("a change without If-Match", Patch(one, new JsonObject { ["status"] = "active" }, null), clinician, 428);
        await check.SendAsync("an unknown status", Patch(one, new JsonObject { ["status"] = "paused" }, "\"1\""), clinician, 400);
        await check.SendAsync("a responsible member not on the team", Patch(one, new JsonObject { ["responsibleUserId"] = "someone-else" }, "\"1\""), clinician, 422);
        await check.SendAsync("a team member who does not treat Sandra", Patch(one, new JsonObject { ["status"] = "active" }, "\"1\""), notTreating, 403);
        await check.SendAsync("a status the plan does not lead to", Patch(one, new JsonObject { ["status"] = "ended" }, "\"1\""), clinician, 409);
        await check.SendAsync("the clinician starts it", Patch(one, new JsonObject { ["status"] = "active" }, "\"1\""), clinician, 200);
        await check.SendAsync("a stale If-Match", Patch(one, new JsonObject { ["plannedSessions"] = 10 }, "\"1\""), clinician, 412);
        await check.SendAsync("an intervention the family does not have", Patch($"{interventions}/{Guid.NewGuid()}", new JsonObject { ["status"] = "active" }, "\"1\""), clinician, 404);
        await check.SendAsync("a change not in JSON", Text(HttpMethod.Patch, one), clinician, 415);

        var actions = $"/api/families/{familyId}/actions";
        JsonObject Action(string? member, string owner = "clinician-94000001") => new() { ["memberId"] = member, ["title"] = "Call the school", ["ownerUserId"] = owner, ["dueOn"] = Day(7) };
        key = "action-" + Guid.NewGuid();
        var action = await check.SendAsync("the treating clinician adds an action", PostTo(actions, Action(sandra), key), clinician, 201);
        await check.SendAsync("the same key with another body", PostTo(actions, Action(null), key), clinician, 422);
        await check.SendAsync("an owner not on the team", PostTo(actions, Action(null, "someone-else")), clinician, 422);
        await check.SendAsync("an action due yesterday", PostTo(actions, new JsonObject { ["title"] = "x", ["ownerUserId"] = "clinician-94000001", ["dueOn"] = Day(-1) }), clinician, 400);
        await check.SendAsync("for a member the clinician does not treat", PostTo(actions, Action(daan)), clinician, 403);
        await check.SendAsync("for a member the family does not have", PostTo(actions, Action(Guid.NewGuid().ToString())), clinician, 404);
        await check.SendAsync("an action not in JSON", Text(HttpMethod.Post, actions), clinician, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(actions, Action(null)), clinician), clinician, 409);
        var act = $"{actions}/{action!["id"]!.GetValue<string>()}";
        await check.SendAsync("a change without If-Match", Patch(act, new JsonObject { ["status"] = "done" }, null), clinician, 428);
        await check.SendAsync("an unknown status", Patch(act, new JsonObject { ["status"] = "later" }, "\"1\""), clinician, 400);
        await check.SendAsync("an owner not on the team", Patch(act, new JsonObject { ["ownerUserId"] = "someone-else" }, "\"1\""), clinician, 422);
        await check.SendAsync("a team member who does not treat Sandra", Patch(act, new JsonObject { ["status"] = "done" }, "\"1\""), notTreating, 403);
        await check.SendAsync("the owner marks it done", Patch(act, new JsonObject { ["status"] = "done" }, "\"1\""), clinician, 200);
        await check.SendAsync("a stale If-Match", Patch(act, new JsonObject { ["status"] = "open" }, "\"1\""), clinician, 412);
        await check.SendAsync("an action the family does not have", Patch($"{actions}/{Guid.NewGuid()}", new JsonObject { ["status"] = "done" }, "\"1\""), clinician, 404);
        await check.SendAsync("a change not in JSON", Text(HttpMethod.Patch, act), clinician, 415);

        // Evaluation: the clinician evaluates a family goal and Sandra's.
        var goals = $"/api/families/{familyId}/goals";
        var familyGoal = (await check.SendAsync("a family goal to evaluate", PostTo(goals, new JsonObject { ["title"] = "Calm evenings", ["ownerUserId"] = "clinician-94000001", ["evaluationOn"] = Day(30) }), clinician, 201))!["id"]!.GetValue<string>();
        var sandrasGoal = (await check.SendAsync("Sandra's goal to evaluate", PostTo(goals, new JsonObject { ["memberId"] = sandra, ["title"] = "Sleeps well", ["ownerUserId"] = "clinician-94000001", ["evaluationOn"] = Day(30) }), clinician, 201))!["id"]!.GetValue<string>();
        var evaluations = $"/api/families/{familyId}/evaluations";
        JsonObject Evaluation(params string[] goalIds) => new()
        {
            ["heldOn"] = Day(0), ["goals"] = new JsonArray(goalIds.Select(g => (JsonNode)new JsonObject { ["goalId"] = g, ["whatChanged"] = "Calmer.", ["whatNext"] = "Keep going." }).ToArray()),
        };
        key = "evaluation-" + Guid.NewGuid();
        await check.SendAsync("the clinician evaluates two goals", PostTo(evaluations, Evaluation(familyGoal, sandrasGoal), key), clinician, 201);
        await check.SendAsync("the same key with another body", PostTo(evaluations, Evaluation(familyGoal), key), clinician, 422);
        await check.SendAsync("an evaluation of no goal", PostTo(evaluations, new JsonObject { ["heldOn"] = Day(0), ["goals"] = new JsonArray() }), clinician, 400);
        await check.SendAsync("a team member who does not treat Sandra evaluates her goal", PostTo(evaluations, Evaluation(sandrasGoal)), notTreating, 403);
        await check.SendAsync("a goal the family does not have", PostTo(evaluations, Evaluation(Guid.NewGuid().ToString())), clinician, 404);
        await check.SendAsync("an evaluation not in JSON", Text(HttpMethod.Post, evaluations), clinician, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(evaluations, Evaluation(familyGoal)), clinician), clinician, 409);

        // Closure: refused while Sandra's treatment is active; the coordinator (the clinician) closes once it has ended.
        var closure = $"/api/families/{familyId}/closure";
        JsonObject Relapse(int contacts = 1) => new()
        {
            ["relapsePlan"] = new JsonObject
            {
                ["signals"] = new JsonArray("Sleeping badly again"), ["steps"] = new JsonArray("Call the GP"),
                ["contacts"] = new JsonArray(Enumerable.Range(0, contacts).Select(_ => (JsonNode)new JsonObject { ["name"] = "Huisartsenpraktijk Lombok", ["role"] = "GP" }).ToArray()),
            },
        };
        var history = $"/api/families/{familyId}/history";
        await check.SendAsync("the clinician reads the plan's history", Get($"{history}?limit=20"), clinician, 200);
        await check.SendAsync("a page of none", Get($"{history}?limit=0"), clinician, 400);
        await check.SendAsync("a client reads the history", Get(history), Tokens.Client(Referrals.SandraBsn), 403);
        await check.SendAsync("another GP reads the history", Get(history), Tokens.Gp("01099999"), 404);
        await check.SendAsync("closure with an intervention active", PostTo(closure, Relapse()), clinician, 409);
        await check.SendAsync("a team member who is not the coordinator closes", PostTo(closure, Relapse()), notTreating, 403);
        await check.SendAsync("another GP closes", PostTo(closure, Relapse()), Tokens.Gp("01099999"), 404);
        await check.SendAsync("a relapse plan without contacts", PostTo(closure, Relapse(0)), clinician, 400);
        await check.SendAsync("a closure not in JSON", Text(HttpMethod.Post, closure), clinician, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FamilyPlan, PostTo(closure, Relapse()), clinician), clinician, 409);
        await check.SendAsync("the clinician ends the treatment", Patch(one, new JsonObject { ["status"] = "ended" }, "\"2\""), clinician, 200);
        key = "closure-" + Guid.NewGuid();
        await check.SendAsync("the coordinator closes the plan", PostTo(closure, Relapse(), key), clinician, 200);
        await check.SendAsync("the same key with another body", PostTo(closure, Relapse(2), key), clinician, 422);
        await check.SendAsync("closed already", PostTo(closure, Relapse()), clinician, 409);
        foreach (var (what, request) in closedWrites().Concat(
        [
            ("an intervention", PostTo(interventions, Intervention(null))), ("an intervention's change", Patch(one, new JsonObject { ["title"] = "x" }, "\"3\"")),
            ("an action", PostTo(actions, Action(null))), ("an action's change", Patch(act, new JsonObject { ["status"] = "open" }, "\"2\"")),
            ("an evaluation", PostTo(evaluations, Evaluation(familyGoal))),
        ]))
        {
            await check.SendAsync($"{what} for a closed plan", request, clinician, 409);
        }

        return
        [
            () => PostTo(interventions, Intervention(null)), () => Patch(one, new JsonObject { ["status"] = "ended" }, "\"2\""),
            () => PostTo(actions, Action(null)), () => Patch(act, new JsonObject { ["status"] = "open" }, "\"2\""),
            () => PostTo(evaluations, Evaluation(familyGoal)), () => PostTo(closure, Relapse()), () => Get(history),
        ];
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

    /// <summary>
    /// The iJw assignment lifecycle for a fresh referral of Daan's that the youth practice accepted:
    /// every operation with each status it declares; returns a request of each for the shared checks.
    /// </summary>
    private async Task<IReadOnlyList<Func<HttpRequestMessage>>> AssignmentsAsync(ContractCheck check)
    {
        Guid referral;
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        using (var practice = fixture.Platform.Gateway.Client(Clinician))
        {
            referral = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
            await Referrals.TakeAsync(practice, referral, "triage");
            await Referrals.TakeAsync(practice, referral, "accept");
        }

        await Eventually.Until(() => DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.FundingRoute), "referral_providers", "referral_id = @Id", new { Id = referral.ToString() }),
            n => n == 1, "the acceptance known to the funding route");
        const string assignments = "/api/funding/assignments";
        var today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Ask(string? category = null) => new() { ["referralId"] = referral.ToString(), ["productCategory"] = category };
        HttpRequestMessage Text(string path) => new(HttpMethod.Post, path) { Content = new StringContent("referralId=x", Encoding.UTF8, "text/plain") };
        var key = "assignment-" + Guid.NewGuid();
        var created = await check.SendAsync("the practice that accepted Daan's referral requests its assignment", PostTo(assignments, Ask(), key), Clinician, 201);
        await check.SendAsync("the same key with another body", PostTo(assignments, Ask("54"), key), Clinician, 422);
        await check.SendAsync("a second request for the same referral", PostTo(assignments, Ask()), Clinician, 409);
        await check.SendAsync("a product category not in the release", PostTo(assignments, Ask("99")), Clinician, 400);
        await check.SendAsync("an organisation that did not accept the referral", PostTo(assignments, Ask()), Tokens.Clinician(org: "73730009"), 404);
        await check.SendAsync("an insurer", PostTo(assignments, Ask()), Insurer, 403);
        await check.SendAsync("no token", PostTo(assignments, Ask()), null, 401);
        await check.SendAsync("a request not in JSON", Text(assignments), Clinician, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FundingRoute, PostTo(assignments, Ask()), Clinician), Clinician, 409);

        var one = $"{assignments}/{created!["id"]!.GetValue<string>()}";
        await check.SendAsync("the practice reads its request", Get(one), Clinician, 200);
        await check.SendAsync("another municipality reads it", Get(one), Tokens.Municipality("0307"), 404);
        await check.SendAsync("an insurer reads it", Get(one), Insurer, 403);
        await check.SendAsync("no token", Get(one), null, 401);
        await check.SendAsync("the municipality lists the requests made to it", Get($"{assignments}?overdue=false"), Municipality, 200);
        await check.SendAsync("a status that is not one", Get($"{assignments}?status=paid"), Municipality, 400);
        await check.SendAsync("an insurer lists", Get(assignments), Insurer, 403);
        await check.SendAsync("no token", Get(assignments), null, 401);

        // Each step: taken by its side; the other side 403, another municipality 404, out of order 409, a bad field 400, and the shared body checks.
        var steps = new (string Step, string Side, JsonObject Body, JsonObject Bad)[]
        {
            // First a JW316 that returns the request and the practice's corrected JW315, which asks again.
            ("return", Municipality, new() { ["codes"] = new JsonArray("0001") }, new() { ["codes"] = new JsonArray("0200") }),
            ("resend", Clinician, new(), new() { ["productCategory"] = "99" }),
            ("receipt", Municipality, new() { ["investigatingResidence"] = false }, new() { ["investigatingResidence"] = "perhaps" }),
            ("assignment", Municipality, new() { ["from"] = today }, new() { ["from"] = today, ["to"] = "2020-01-01" }),
            ("start", Clinician, new() { ["on"] = today }, new() { ["on"] = "2999-01-01" }),
            ("stop", Clinician, new() { ["on"] = today, ["reason"] = "31" }, new() { ["on"] = today, ["reason"] = "99" }),
            ("rejection", Municipality, new() { ["reason"] = "8" }, new() { ["reason"] = "7" }),
        };
        foreach (var (step, side, body, bad) in steps)
        {
            var path = $"{one}/{step}";
            var otherSide = side == Municipality ? Clinician : Municipality;
            await check.SendAsync($"the {step} by the other side", PostTo(path, body), otherSide, 403);
            await check.SendAsync($"the {step} by another municipality", PostTo(path, body), Tokens.Municipality("0307"), 404);
            await check.SendAsync($"the {step} with a bad field", PostTo(path, bad), side, step == "rejection" ? 409 : 400);
            await check.SendAsync("no token", PostTo(path, body), null, 401);
            await check.SendAsync($"the {step} not in JSON", Text(path), side, 415);
            await check.SendAsync("a key still being processed", await InFlightAsync(Platform.FundingRoute, PostTo(path, body), side), side, 409);
            if (step != "rejection")
            {
                key = $"{step}-{Guid.NewGuid()}";
                await check.SendAsync($"the {step}", PostTo(path, body, key), side, 200);
                await check.SendAsync("the same key with another body", PostTo(path, bad, key), side, 422);
            }
        }

        // The rejection came last, after the stop: a stopped request takes none (409 above). On a fresh request: a reason not in the release is 400; reason 8 is taken.
        Guid second;
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        using (var practice = fixture.Platform.Gateway.Client(Clinician))
        {
            second = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
            await Referrals.TakeAsync(practice, second, "triage");
            await Referrals.TakeAsync(practice, second, "accept");
        }

        await Eventually.Until(() => DbCounts.CountAsync(fixture.Platform.Databases.For(Platform.FundingRoute), "referral_providers", "referral_id = @Id", new { Id = second.ToString() }),
            n => n == 1, "the second acceptance known to the funding route");
        var refused = await check.SendAsync("a second request", PostTo(assignments, new JsonObject { ["referralId"] = second.ToString() }), Clinician, 201);
        var rejection = $"{assignments}/{refused!["id"]!.GetValue<string>()}/rejection";
        await check.SendAsync("a reason not in the release", PostTo(rejection, new JsonObject { ["reason"] = "7" }), Municipality, 400);
        key = "rejection-" + Guid.NewGuid();
        await check.SendAsync("the municipality refuses: the woonplaatsbeginsel", PostTo(rejection, new JsonObject { ["reason"] = "8" }, key), Municipality, 200);
        await check.SendAsync("the same key with another body", PostTo(rejection, new JsonObject { ["reason"] = "5" }, key), Municipality, 422);

        return
        [
            () => PostTo(assignments, Ask()),
            () => Get(one),
            () => Get(assignments),
            .. steps.Select(s => (Func<HttpRequestMessage>)(() => PostTo($"{one}/{s.Step}", s.Body))),
        ];
    }

    /// <summary>
    /// The MDO service: every operation with each status it declares, for an MDO the GP (on the
    /// team as Sandra's referrer) organises with Sandra's adult clinician about Sandra, who consents.
    /// Last, the service is restarted on a later day to record the outcome (called directly: the
    /// gateway keeps its first address). Returns a request of each operation for the shared checks.
    /// </summary>
    private async Task<IReadOnlyList<Func<HttpRequestMessage>>> MdosAsync(ContractCheck check, Guid familyId, string clinician)
    {
        const string calendar = "/api/mdos/calendar";
        var client = Tokens.Client();
        var stranger = Tokens.Clinician("youth", "94012399", "73730009");
        var otherGp = Tokens.Gp("01099999");
        HttpRequestMessage Text(HttpMethod method, string path) => new(method, path) { Content = new StringContent("hours=9-17", Encoding.UTF8, "text/plain") };
        HttpRequestMessage Upload(string text) => new(HttpMethod.Put, $"{calendar}/upload") { Content = new StringContent(text, Encoding.UTF8, "text/calendar") };
        HttpRequestMessage WithIfMatch(HttpRequestMessage request, string? etag)
        {
            if (etag is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", etag);
            }

            return request;
        }

        // Calendars: read, hours, busy time, upload.
        var hours = new JsonObject { ["hours"] = JsonSerializer.SerializeToNode(Mdos.Weekdays()) };
        await check.SendAsync("a GP without a calendar reads it", Get(calendar), Gp, 404);
        await check.SendAsync("hours off the quarter hour", Request(HttpMethod.Put, $"{calendar}/hours",
            new JsonObject { ["hours"] = new JsonArray(new JsonObject { ["day"] = "monday", ["from"] = "09:10", ["to"] = "17:00" }) }), Gp, 400);
        await check.SendAsync("the GP sets working hours", Request(HttpMethod.Put, $"{calendar}/hours", hours), Gp, 200);
        await check.SendAsync("the adult clinician sets working hours", Request(HttpMethod.Put, $"{calendar}/hours", hours), clinician, 200);
        await check.SendAsync("a client keeps no calendar", Request(HttpMethod.Put, $"{calendar}/hours", hours), client, 403);
        await check.SendAsync("hours not in JSON", Text(HttpMethod.Put, $"{calendar}/hours"), Gp, 415);
        await check.SendAsync("no token", Request(HttpMethod.Put, $"{calendar}/hours", hours), null, 401);
        await check.SendAsync("the GP reads the calendar", Get(calendar), Gp, 200);
        await check.SendAsync("a client reads a calendar", Get(calendar), client, 403);
        await check.SendAsync("no token", Get(calendar), null, 401);

        var tomorrow = new DateTimeOffset(TestClock.Today.AddDays(1).ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero);
        JsonObject Busy(int hours) => new() { ["start"] = tomorrow, ["end"] = tomorrow.AddHours(hours) };
        var key = "busy-" + Guid.NewGuid();
        var busy = await check.SendAsync("the GP adds busy time", PostTo($"{calendar}/busy", Busy(1), key), Gp, 201);
        await check.SendAsync("the same key with another body", PostTo($"{calendar}/busy", Busy(2), key), Gp, 422);
        await check.SendAsync("a period ending before it starts", PostTo($"{calendar}/busy", Busy(-1)), Gp, 400);
        await check.SendAsync("a professional without a calendar", PostTo($"{calendar}/busy", Busy(1)), stranger, 404);
        await check.SendAsync("a client", PostTo($"{calendar}/busy", Busy(1)), client, 403);
        await check.SendAsync("no token", PostTo($"{calendar}/busy", Busy(1)), null, 401);
        await check.SendAsync("busy time not in JSON", Text(HttpMethod.Post, $"{calendar}/busy"), Gp, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.MdoScheduling, PostTo($"{calendar}/busy", Busy(1)), Gp), Gp, 409);
        var busyPath = $"{calendar}/busy/{busy!["id"]!.GetValue<string>()}";
        await check.SendAsync("a client removes busy time", new HttpRequestMessage(HttpMethod.Delete, busyPath), client, 403);
        await check.SendAsync("no token", new HttpRequestMessage(HttpMethod.Delete, busyPath), null, 401);
        await check.SendAsync("the GP removes it", new HttpRequestMessage(HttpMethod.Delete, busyPath), Gp, 204);
        await check.SendAsync("removed already", new HttpRequestMessage(HttpMethod.Delete, busyPath), Gp, 404);

        const string freeBusy = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VFREEBUSY\r\nUID:fb\r\nFREEBUSY:20261201T080000Z/PT1H\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n";
        await check.SendAsync("the GP uploads free/busy", Upload(freeBusy), Gp, 200);
        await check.SendAsync("a file that is not iCalendar", Upload("BEGIN:VCALENDAR\r\nnonsense\r\nEND:VCALENDAR"), Gp, 400);
        await check.SendAsync("a professional without a calendar", Upload(freeBusy), stranger, 404);
        await check.SendAsync("a calendar sent as JSON", Request(HttpMethod.Put, $"{calendar}/upload", hours), Gp, 415);
        await check.SendAsync("a client", Upload(freeBusy), client, 403);
        await check.SendAsync("no token", Upload(freeBusy), null, 401);

        // Sandra consents to an MDO with the care team; the search answers once the MDO service knows the team.
        Guid sandra;
        using (var sandraClient = fixture.Platform.Gateway.Client(client))
        {
            sandra = await Consents.MemberIdAsync(sandraClient, Families.Sandra);
            await Mdos.ConsentAsync(sandra, "care-team", familyId.ToString(), sandraClient);
        }

        var request = Mdos.Request(familyId, [sandra], ["clinician-94000001"], minutes: 30);
        using (var gp = fixture.Platform.Gateway.Client(Gp))
        {
            await Eventually.Until(() => Mdos.PostAsync(gp, "/api/mdos/search", request), r => r.Status == System.Net.HttpStatusCode.OK, "the team known to the MDO service");
        }

        JsonObject Changed(string field, JsonNode? value)
        {
            var copy = request.DeepClone().AsObject();
            copy[field] = value;
            return copy;
        }

        var found = await check.SendAsync("the GP searches", PostTo("/api/mdos/search", request), Gp, 200);
        await check.SendAsync("a length under 15 minutes", PostTo("/api/mdos/search", Changed("durationMinutes", 10)), Gp, 400);
        await check.SendAsync("a GP not on the team", PostTo("/api/mdos/search", request), otherGp, 404);
        await check.SendAsync("someone without a calendar", PostTo("/api/mdos/search", Changed("optional", new JsonArray("nobody-1"))), Gp, 422);
        await check.SendAsync("a client", PostTo("/api/mdos/search", request), client, 403);
        await check.SendAsync("no token", PostTo("/api/mdos/search", request), null, 401);
        await check.SendAsync("a search not in JSON", Text(HttpMethod.Post, "/api/mdos/search"), Gp, 415);

        var alternatives = found!["alternatives"]!.AsArray();
        var booking = Changed("start", found["earliest"]!["start"]!.DeepClone());
        key = "mdo-" + Guid.NewGuid();
        var booked = await check.SendAsync("the GP books the earliest slot", PostTo("/api/mdos", booking, key), Gp, 201);
        await check.SendAsync("the same key with another body", PostTo("/api/mdos", Changed("start", alternatives[0]!["start"]!.DeepClone()), key), Gp, 422);
        await check.SendAsync("the same slot again: the GP is busy with the first", PostTo("/api/mdos", booking), Gp, 409);
        await check.SendAsync("no start", PostTo("/api/mdos", request), Gp, 400);
        await check.SendAsync("a GP not on the team", PostTo("/api/mdos", booking), otherGp, 404);
        var withStranger = booking.DeepClone().AsObject();
        withStranger["required"] = new JsonArray("nobody-1");
        await check.SendAsync("someone without a calendar", PostTo("/api/mdos", withStranger), Gp, 422);
        await check.SendAsync("a client", PostTo("/api/mdos", booking), client, 403);
        await check.SendAsync("no token", PostTo("/api/mdos", booking), null, 401);
        await check.SendAsync("a booking not in JSON", Text(HttpMethod.Post, "/api/mdos"), Gp, 415);
        await check.SendAsync("a key still being processed", await InFlightAsync(Platform.MdoScheduling, PostTo("/api/mdos", booking), Gp), Gp, 409);
        var second = await check.SendAsync("the GP books a second one", PostTo("/api/mdos", Changed("start", alternatives[0]!["start"]!.DeepClone())), Gp, 201);

        var one = $"/api/mdos/{booked!["id"]!.GetValue<string>()}";
        var other = $"/api/mdos/{second!["id"]!.GetValue<string>()}";
        await check.SendAsync("the clinician lists her MDOs", Get("/api/mdos"), clinician, 200);
        await check.SendAsync("a municipality lists", Get("/api/mdos"), Municipality, 403);
        await check.SendAsync("no token", Get("/api/mdos"), null, 401);
        await check.SendAsync("the clinician reads it", Get(one), clinician, 200);
        await check.SendAsync("a GP not invited reads it", Get(one), otherGp, 404);
        await check.SendAsync("a municipality reads it", Get(one), Municipality, 403);
        await check.SendAsync("no token", Get(one), null, 401);
        await check.SendAsync("the clinician reads her invitation", Get($"{one}/invitation.ics"), clinician, 200);
        await check.SendAsync("a GP not invited", Get($"{one}/invitation.ics"), otherGp, 404);
        await check.SendAsync("a municipality", Get($"{one}/invitation.ics"), Municipality, 403);
        await check.SendAsync("no token", Get($"{one}/invitation.ics"), null, 401);

        var accept = new JsonObject { ["answer"] = "accepted" };
        await check.SendAsync("the clinician accepts", PostTo($"{one}/answer", accept), clinician, 200);
        await check.SendAsync("an answer that is not one", PostTo($"{one}/answer", new JsonObject { ["answer"] = "maybe" }), clinician, 400);
        await check.SendAsync("a GP not invited answers", PostTo($"{one}/answer", accept), otherGp, 404);
        await check.SendAsync("a municipality answers", PostTo($"{one}/answer", accept), Municipality, 403);
        await check.SendAsync("no token", PostTo($"{one}/answer", accept), null, 401);
        await check.SendAsync("an answer not in JSON", Text(HttpMethod.Post, $"{one}/answer"), clinician, 415);

        // The organiser's changes: the second MDO is cancelled; the first is moved, then held.
        async Task<string> ETagAsync(string path)
        {
            using var gp = fixture.Platform.Gateway.Client(Gp);
            return (await Mdos.ReadAsync(gp, Guid.Parse(path.Split('/')[^1]))).ETag!;
        }

        var cancel = new JsonObject { ["reason"] = "The family asked to wait." };
        await check.SendAsync("cancel without If-Match", PostTo($"{other}/cancel", cancel), Gp, 428);
        await check.SendAsync("cancel with a stale If-Match", WithIfMatch(PostTo($"{other}/cancel", cancel), "\"99\""), Gp, 412);
        await check.SendAsync("the clinician cancels", WithIfMatch(PostTo($"{other}/cancel", cancel), await ETagAsync(other)), clinician, 403);
        await check.SendAsync("a GP not invited cancels", WithIfMatch(PostTo($"{other}/cancel", cancel), "\"1\""), otherGp, 404);
        await check.SendAsync("a reason too long", WithIfMatch(PostTo($"{other}/cancel", new JsonObject { ["reason"] = new string('r', 1001) }), await ETagAsync(other)), Gp, 400);
        await check.SendAsync("a reason not in JSON", WithIfMatch(Text(HttpMethod.Post, $"{other}/cancel"), await ETagAsync(other)), Gp, 415);
        await check.SendAsync("the GP cancels", WithIfMatch(PostTo($"{other}/cancel", cancel), await ETagAsync(other)), Gp, 200);
        await check.SendAsync("cancelled already", WithIfMatch(PostTo($"{other}/cancel", cancel), await ETagAsync(other)), Gp, 409);
        await check.SendAsync("an answer to a cancelled MDO", PostTo($"{other}/answer", accept), clinician, 409);
        await check.SendAsync("a municipality cancels", PostTo($"{other}/cancel", cancel), Municipality, 403);
        await check.SendAsync("no token", PostTo($"{other}/cancel", cancel), null, 401);

        var move = new JsonObject { ["start"] = alternatives[1]!["start"]!.DeepClone() };
        var saturday = new DateTimeOffset(TestClock.Today.AddDays(5).ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
        await check.SendAsync("move without If-Match", PostTo($"{one}/reschedule", move), Gp, 428);
        await check.SendAsync("move with a stale If-Match", WithIfMatch(PostTo($"{one}/reschedule", move), "\"99\""), Gp, 412);
        await check.SendAsync("the clinician moves it", WithIfMatch(PostTo($"{one}/reschedule", move), await ETagAsync(one)), clinician, 403);
        await check.SendAsync("a GP not invited moves it", WithIfMatch(PostTo($"{one}/reschedule", move), "\"1\""), otherGp, 404);
        await check.SendAsync("a start in the past", WithIfMatch(PostTo($"{one}/reschedule", new JsonObject { ["start"] = tomorrow.AddDays(-3) }), await ETagAsync(one)), Gp, 400);
        await check.SendAsync("a Saturday, outside working hours", WithIfMatch(PostTo($"{one}/reschedule", new JsonObject { ["start"] = saturday }), await ETagAsync(one)), Gp, 409);
        await check.SendAsync("a start not in JSON", WithIfMatch(Text(HttpMethod.Post, $"{one}/reschedule"), await ETagAsync(one)), Gp, 415);
        await check.SendAsync("the GP moves it", WithIfMatch(PostTo($"{one}/reschedule", move), await ETagAsync(one)), Gp, 200);
        await check.SendAsync("a municipality moves it", PostTo($"{one}/reschedule", move), Municipality, 403);
        await check.SendAsync("no token", PostTo($"{one}/reschedule", move), null, 401);

        var outcome = new JsonObject
        {
            ["clientPresent"] = false,
            ["attendance"] = new JsonArray(new JsonObject { ["participantId"] = "clinician-94000001", ["attended"] = true, ["minutes"] = 30 }),
            ["decisions"] = new JsonArray(new JsonObject { ["text"] = "Refer Sandra's sons' school to the wijkteam.", ["ownerUserId"] = "clinician-94000001", ["dueOn"] = Mdos.Day(TestClock.Today.AddDays(30)) }),
        };
        await check.SendAsync("an outcome before the MDO was held", WithIfMatch(PostTo($"{one}/outcome", outcome), await ETagAsync(one)), Gp, 409);
        await check.SendAsync("a municipality records it", PostTo($"{one}/outcome", outcome), Municipality, 403);
        await check.SendAsync("no token", PostTo($"{one}/outcome", outcome), null, 401);
        var etag = await ETagAsync(one);
        var operations = new List<Func<HttpRequestMessage>>
        {
            () => Get(calendar), () => Request(HttpMethod.Put, $"{calendar}/hours", hours), () => PostTo($"{calendar}/busy", Busy(1)),
            () => new HttpRequestMessage(HttpMethod.Delete, busyPath), () => Upload(freeBusy), () => PostTo("/api/mdos/search", request),
            () => PostTo("/api/mdos", booking), () => Get("/api/mdos"), () => Get(one), () => Get($"{one}/invitation.ics"), () => PostTo($"{one}/answer", accept),
            () => PostTo($"{one}/reschedule", move), () => PostTo($"{one}/cancel", cancel), () => PostTo($"{one}/outcome", outcome),
        };

        // After the meeting, on a later day: the service, restarted with its clock then, is called directly.
        var later = await fixture.Platform.RestartOnAsync(Platform.MdoScheduling, TestClock.Today.AddDays(20));
        await check.SendAsync("outcome without If-Match", PostTo($"{one}/outcome", outcome), Gp, 428, later);
        await check.SendAsync("outcome with a stale If-Match", WithIfMatch(PostTo($"{one}/outcome", outcome), "\"99\""), Gp, 412, later);
        await check.SendAsync("the clinician records it", WithIfMatch(PostTo($"{one}/outcome", outcome), etag), clinician, 403, later);
        await check.SendAsync("a GP not invited records it", WithIfMatch(PostTo($"{one}/outcome", outcome), etag), otherGp, 404, later);
        await check.SendAsync("a decision owned by nobody who took part", WithIfMatch(PostTo($"{one}/outcome", new JsonObject
        {
            ["clientPresent"] = false, ["attendance"] = new JsonArray(), ["decisions"] = new JsonArray(new JsonObject { ["text"] = "x", ["ownerUserId"] = "nobody-1", ["dueOn"] = Mdos.Day(TestClock.Today.AddDays(30)) }),
        }), etag), Gp, 400, later);
        await check.SendAsync("an outcome not in JSON", WithIfMatch(Text(HttpMethod.Post, $"{one}/outcome"), etag), Gp, 415, later);
        await check.SendAsync("the GP records the outcome", WithIfMatch(PostTo($"{one}/outcome", outcome), etag), Gp, 200, later);
        return operations;
    }

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


    private static HttpRequestMessage PostTo(string path, JsonObject body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add(IdempotencyKey.HeaderName, idempotencyKey);
        }

        return request;
    }

    private static HttpRequestMessage Request(HttpMethod method, string path, JsonObject? body) =>
        body is null ? new(method, path) : new(method, path) { Content = JsonContent.Create(body) };

    /// <summary>
    /// The request with a key another request of the same caller has claimed and not yet answered:
    /// the claim is made here as that first request would make it, so the 409 comes without a race.
    /// </summary>
    private async Task<HttpRequestMessage> InFlightAsync(string service, HttpRequestMessage request, string token)
    {
        var services = fixture.Platform.Service(service).App.Services;
        // The route as the idempotency middleware names it: the method and the request path.
        var route = request.RequestUri!.OriginalString.Split('?')[0];
        request.Headers.Add(IdempotencyKey.HeaderName, "in-flight-" + Guid.NewGuid());
        var bytes = await request.Content!.ReadAsByteArrayAsync();
        var caller = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token).Subject;
        var claimed = await services.GetRequiredService<IdempotencyStore>().ClaimAsync(
            caller, $"POST {route}", request.Headers.GetValues(IdempotencyKey.HeaderName).Single(), Convert.ToHexString(SHA256.HashData(bytes)),
            services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime, services.GetRequiredService<IOptions<IdempotencyOptions>>().Value, CancellationToken.None);
        Assert.Null(claimed);
        return request;
    }
}

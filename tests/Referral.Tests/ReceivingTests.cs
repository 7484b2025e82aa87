using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// The receiving side and the closed loop (issue 8) against the referral service on SQLite with
/// its broker: every step by the right party, with If-Match; every refusal a clear status with
/// nothing stored or published; the referrer's timeline and feed; the pool and its claim.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReceivingTests : IAsyncLifetime
{
    private static readonly string Today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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

    private HttpClient Gp(string agb = "01012345") => _referral.Client(Tokens.Gp(agb));

    private HttpClient Youth(string org = Referrals.YouthPractice) => _referral.Client(Tokens.Clinician("youth", "94012345", org));

    [SkippableFact]
    public async Task The_receiver_takes_the_referral_through_its_life_and_the_referrer_sees_every_step()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));

        var steps = new (string Step, object? Body, string Status)[]
        {
            ("triage", null, "triaged"),
            ("accept", new { note = "Family sessions fit." }, "accepted"),
            ("schedule-intake", new { intakeDate = Today, held = true }, "waiting"),
            ("start-treatment", new { treatmentStartDate = Today }, "in-treatment"),
            ("close", new { summary = "Six family sessions; school attendance restored." }, "closed"),
        };
        var expected = new List<string> { "submit" };
        foreach (var (step, body, status) in steps)
        {
            var after = await Referrals.TakeAsync(clinician, id, step, body);
            Assert.Equal(status, after["status"]!.GetValue<string>());
            expected.Add(step);

            // The referrer reads the same status and the whole timeline at once.
            var (followed, _) = await Referrals.ReadAsync(gp, id);
            Assert.Equal(status, followed["status"]!.GetValue<string>());
            var timeline = followed["timeline"]!.AsArray();
            Assert.Equal(expected, timeline.Select(e => e!["step"]!.GetValue<string>()));
            Assert.Equal(status, timeline[^1]!["status"]!.GetValue<string>());
            Assert.Equal("clinician", timeline[^1]!["by"]!["role"]!.GetValue<string>());
        }

        var (closed, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("Six family sessions; school attendance restored.", closed["closureSummary"]!.GetValue<string>());
        Assert.Equal(Today, closed["intakeOn"]!.GetValue<string>());
        Assert.Empty(closed["allowedSteps"]!.AsArray());
        // Both clocks stopped: intake on the day of registration, treatment on the day of the intake.
        Assert.All(closed["clocks"]!.AsArray(), c => Assert.True(c!["stopped"]!.GetValue<bool>()));

        // Each change is an event in the outbox: five status changes, one acceptance.
        Assert.Equal(5, await DbCounts.CountAsync(_db, "outbox", "message_type LIKE @T", new { T = "%ReferralStatusChanged%" }));
        Assert.Equal(1, await DbCounts.CountAsync(_db, "outbox", "message_type LIKE @T", new { T = "%ReferralAccepted%" }));
    }

    [SkippableFact]
    public async Task An_invalid_transition_is_409_listing_the_allowed_steps_and_changes_nothing()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));

        using (var accept = await Referrals.StepAsync(clinician, id, "accept"))
        {
            Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
            var problem = (await accept.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("received", problem["referralStatus"]!.GetValue<string>());
            Assert.Equal(["triage"], problem["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        }

        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "reject", new { reason = "No capacity for family therapy before spring." });
        foreach (var step in new[] { "triage", "accept", "redirect", "schedule-intake", "close" })
        {
            using var response = await Referrals.StepAsync(clinician, id, step, new { reason = "r", summary = "s", to = new { agb = "73730009", name = "X" }, intakeDate = Today });
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Empty((await response.Content.ReadFromJsonAsync<JsonObject>())!["allowed"]!.AsArray());
        }

        // The rejection and its reason reach the referrer.
        var (rejected, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("rejected", rejected["status"]!.GetValue<string>());
        Assert.Equal("No capacity for family therapy before spring.", rejected["timeline"]!.AsArray()[^1]!["reason"]!.GetValue<string>());
        Assert.Equal(3, await DbCounts.CountAsync(_db, "referral_timeline", "referral_id = @Id", new { Id = id.ToString() }));
    }

    public static TheoryData<string> Statuses() => [.. Referral.Api.Domain.ReferralStatuses.All];

    [SkippableTheory]
    [MemberData(nameof(Statuses))]
    public async Task Every_step_a_status_does_not_allow_is_409_listing_what_that_party_may_do(string status)
    {
        using var gp = Gp();
        using var first = Youth();
        using var next = Youth("73730009");
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var path = status switch
        {
            "received" => [],
            "triaged" => ["triage"],
            "accepted" => ["triage", "accept"],
            "waiting" => ["triage", "accept", "schedule-intake"],
            "in-treatment" => ["triage", "accept", "schedule-intake", "start-treatment"],
            "closed" => ["triage", "accept", "schedule-intake", "start-treatment", "close"],
            "rejected" => ["triage", "reject"],
            "redirected" => ["triage", "redirect"],
            "cancelled" => new[] { "cancel" },
            _ => throw new ArgumentOutOfRangeException(nameof(status)),
        };
        foreach (var step in path)
        {
            await Referrals.TakeAsync(step == "cancel" ? gp : first, id, step, StepBodies[step]);
        }

        Assert.Equal(status, (await Referrals.ReadAsync(gp, id)).Referral["status"]!.GetValue<string>());
        var receiver = status == "redirected" ? next : first;
        var before = await DbCounts.CountAsync(_db, "referral_timeline", "referral_id = @Id", new { Id = id.ToString() });
        foreach (var step in Referral.Api.Domain.ReferralLifecycle.Steps.Where(s => !Referral.Api.Domain.ReferralLifecycle.CanTake(status, s)))
        {
            using var response = await Referrals.StepAsync(step.Party == Referral.Api.Domain.ReferralParty.Referrer ? gp : receiver, id, step.Name, StepBodies[step.Name]);
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"{step.Name} from {status}: {response.StatusCode}");
            var allowed = Referral.Api.Domain.ReferralLifecycle.AllowedFor(status, step.Party).Select(s => s.Name);
            Assert.Equal(allowed, (await response.Content.ReadFromJsonAsync<JsonObject>())!["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
        }

        Assert.Equal(before, await DbCounts.CountAsync(_db, "referral_timeline", "referral_id = @Id", new { Id = id.ToString() }));
    }

    private static readonly Dictionary<string, object> StepBodies = new()
    {
        ["triage"] = new { },
        ["accept"] = new { },
        ["reject"] = new { reason = "No capacity." },
        ["redirect"] = new { to = new { agb = "73730009", name = "Jeugd-GGZ De Brug" }, reason = "Trauma care." },
        ["schedule-intake"] = new { intakeDate = Today, held = true },
        ["start-treatment"] = new { treatmentStartDate = Today },
        ["close"] = new { summary = "Done." },
        ["cancel"] = new { reason = "Moved away." },
        ["supplement"] = new { reason = "More.", text = "A report." },
    };

    [SkippableFact]
    public async Task A_stale_If_Match_is_412_a_missing_one_428_and_neither_changes_the_referral()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var (_, first) = await Referrals.ReadAsync(clinician, id);
        await Referrals.TakeAsync(clinician, id, "triage");

        using (var stale = await Referrals.StepAsync(clinician, id, "accept", ifMatch: first))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            Assert.NotEqual(first, stale.Headers.ETag!.ToString());
        }

        using (var weak = await Referrals.StepAsync(clinician, id, "accept", ifMatch: "W/" + (await Referrals.ReadAsync(clinician, id)).ETag))
        {
            Assert.Equal(HttpStatusCode.PreconditionFailed, weak.StatusCode);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{id}/accept") { Content = JsonContent.Create(new { }) };
        using (var missing = await clinician.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.PreconditionRequired, missing.StatusCode);
        }

        var (now, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("triaged", now["status"]!.GetValue<string>());
        Assert.Equal(1, await DbCounts.CountAsync(_db, "outbox", "message_type LIKE @T", new { T = "%ReferralStatusChanged%" }));
    }

    [SkippableFact]
    public async Task Another_organisation_another_domain_a_municipality_and_another_GP_get_404_and_the_referrer_may_not_accept()
    {
        using var gp = Gp();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var timeline = await DbCounts.CountAsync(_db, "referral_timeline");
        var outbox = await DbCounts.CountAsync(_db, "outbox");

        foreach (var token in new[]
                 {
                     Tokens.Clinician("youth", "94012399", "73730009"),
                     Tokens.Clinician("adult", "94012345", Referrals.YouthPractice),
                     Tokens.Municipality(),
                     Tokens.Gp("01099999"),
                 })
        {
            using var other = _referral.Client(token);
            using var read = await other.GetAsync($"/api/referrals/{id}");
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        using (var otherOrg = Youth("73730009"))
        using (var triage = await Referrals.StepAsync(otherOrg, id, "triage", ifMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.NotFound, triage.StatusCode);
        }

        using (var municipality = _referral.Client(Tokens.Municipality()))
        using (var triage = await Referrals.StepAsync(municipality, id, "triage", ifMatch: "\"1\""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, triage.StatusCode);
        }

        using (var triage = await Referrals.StepAsync(gp, id, "triage"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, triage.StatusCode);
        }

        using (var cancel = await Referrals.StepAsync(Youth(), id, "cancel", new { reason = "Not mine to cancel." }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, cancel.StatusCode);
        }

        Assert.Equal(timeline, await DbCounts.CountAsync(_db, "referral_timeline"));
        Assert.Equal(outbox, await DbCounts.CountAsync(_db, "outbox"));
        // Every refusal is in the access log, against the referral's client.
        Assert.True(await DbCounts.CountAsync(_db, "audit_log", "object_id = @Id AND outcome = 'denied'", new { Id = id.ToString() }) >= 8);
    }

    [SkippableFact]
    public async Task The_referrer_supplements_and_cancels_and_the_receiver_sees_each_supplement()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(gp, id, "supplement", new
        {
            reason = "The school counsellor's report arrived.",
            text = "Absent 14 days this term.",
            attachments = new[] { new { name = "verslag-school.pdf", mediaType = "application/pdf", sizeBytes = 48213 } },
        });

        var (seen, _) = await Referrals.ReadAsync(clinician, id);
        var supplement = seen["timeline"]!.AsArray()[^1]!;
        Assert.Equal("supplement", supplement["step"]!.GetValue<string>());
        Assert.Equal("triaged", supplement["status"]!.GetValue<string>());
        Assert.Equal("The school counsellor's report arrived.", supplement["reason"]!.GetValue<string>());
        Assert.Equal("Absent 14 days this term.", supplement["detail"]!["text"]!.GetValue<string>());
        Assert.Equal("verslag-school.pdf", supplement["detail"]!["attachments"]![0]!["name"]!.GetValue<string>());
        Assert.Equal("gp", supplement["by"]!["role"]!.GetValue<string>());

        var cancelled = await Referrals.TakeAsync(gp, id, "cancel", new { reason = "The family moved to Zwolle." });
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());
        var (receiverView, _) = await Referrals.ReadAsync(clinician, id);
        Assert.Equal("cancelled", receiverView["status"]!.GetValue<string>());
        Assert.Equal("The family moved to Zwolle.", receiverView["timeline"]!.AsArray()[^1]!["reason"]!.GetValue<string>());

        using var late = await Referrals.StepAsync(gp, id, "supplement", new { reason = "More.", text = "Too late." });
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(_db, "outbox", "message_type LIKE @T", new { T = "%ReferralSupplemented%" }));
    }

    [SkippableFact]
    public async Task Cancelling_ends_when_treatment_starts()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "accept");
        await Referrals.TakeAsync(clinician, id, "schedule-intake", new { intakeDate = Today, held = true });
        await Referrals.TakeAsync(clinician, id, "start-treatment", new { treatmentStartDate = Today });

        using var cancel = await Referrals.StepAsync(gp, id, "cancel", new { reason = "Changed my mind." });
        Assert.Equal(HttpStatusCode.Conflict, cancel.StatusCode);
        Assert.Equal(["supplement"], (await cancel.Content.ReadFromJsonAsync<JsonObject>())!["allowed"]!.AsArray().Select(a => a!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task The_pool_shows_unaddressed_referrals_anonymised_and_the_first_claim_wins()
    {
        using var gp = Gp();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan());
        using var first = Youth("73730011");
        using var second = Youth("73730012");
        using var adult = _referral.Client(Tokens.Clinician("adult", "94012345", "73730013"));

        var pool = (await first.GetFromJsonAsync<JsonObject>("/api/referrals/pool"))!;
        var item = Assert.Single(pool["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == id)!.AsObject();
        Assert.Equal(["id", "domain", "age", "municipalityCode", "urgent", "registeredOn"], item.Select(p => p.Key));
        Assert.Equal(15, item["age"]!.GetValue<int>());
        Assert.Empty((await adult.GetFromJsonAsync<JsonObject>("/api/referrals/pool"))!["items"]!.AsArray());

        // Before the claim no clinician reads the referral itself.
        using (var before = await first.GetAsync($"/api/referrals/{id}"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        using (var wrongDomain = await adult.PostAsync($"/api/referrals/{id}/claim", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, wrongDomain.StatusCode);
        }

        using (var claim = await first.PostAsync($"/api/referrals/{id}/claim", null))
        {
            Assert.Equal(HttpStatusCode.OK, claim.StatusCode);
            var claimed = (await claim.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal("73730011", claimed["receiverAgb"]!.GetValue<string>());
            Assert.Equal("Daan de Vries", claimed["subjectName"]!.GetValue<string>());
        }

        using (var late = await second.PostAsync($"/api/referrals/{id}/claim", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        }

        Assert.DoesNotContain((await second.GetFromJsonAsync<JsonObject>("/api/referrals/pool"))!["items"]!.AsArray(), i => i!["id"]!.GetValue<Guid>() == id);
        var (followed, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("claim", followed["timeline"]!.AsArray()[^1]!["step"]!.GetValue<string>());
        await Referrals.TakeAsync(first, id, "triage");
    }

    [SkippableFact]
    public async Task A_referral_to_the_practices_own_POH_is_received_by_its_POH_who_also_sees_the_GPs_referrals()
    {
        using var gp = Gp();
        using var poh = _referral.Client(Tokens.Poh());
        using var otherPoh = _referral.Client(Tokens.Poh("01099999"));
        var id = await Referrals.ReferAsync(gp, Referrals.Sandra().To("01012345", "POH-GGZ Huisartsenpraktijk Lombok"));
        var youthId = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));

        var triaged = await Referrals.TakeAsync(poh, id, "triage");
        Assert.Contains("accept", triaged["allowedSteps"]!.AsArray().Select(s => s!.GetValue<string>()));
        await Referrals.TakeAsync(poh, id, "accept");
        using (var notTheirs = await Referrals.StepAsync(otherPoh, id, "schedule-intake", new { intakeDate = Today }, ifMatch: "\"3\""))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        // The POH does not receive the youth referral, but sees it among the GP's referrals.
        using (var youthStep = await Referrals.StepAsync(poh, youthId, "triage"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, youthStep.StatusCode);
        }

        var worklist = (await poh.GetFromJsonAsync<JsonObject>("/api/referrals"))!["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();
        Assert.Contains(id, worklist);
        Assert.Contains(youthId, worklist);
        var (followed, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("poh", followed["timeline"]!.AsArray()[^1]!["by"]!["role"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task An_intake_before_the_referral_a_treatment_before_the_intake_and_a_treatment_without_intake_are_422()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "accept");
        var yesterday = TestClock.Today.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await AssertRuleAsync(clinician, id, "schedule-intake", new { intakeDate = yesterday, held = true }, "intake-before-referral");
        await Referrals.TakeAsync(clinician, id, "schedule-intake", new { intakeDate = TestClock.Today.AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        await AssertRuleAsync(clinician, id, "start-treatment", new { treatmentStartDate = Today }, "intake-not-held");

        var (planned, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("waiting", planned["status"]!.GetValue<string>());
        var intakeClock = planned["clocks"]!.AsArray().Single(c => c!["norm"]!.GetValue<string>() == "registration-to-intake")!;
        Assert.False(intakeClock["stopped"]!.GetValue<bool>());
        Assert.False(intakeClock["forecastBreach"]!.GetValue<bool>());
    }

    [SkippableTheory]
    [InlineData("reject", "{}", "reason")]
    [InlineData("redirect", """{"to":{"agb":"123","name":"X"},"reason":"r"}""", "to.agb")]
    [InlineData("schedule-intake", "{}", "intakeDate")]
    [InlineData("schedule-intake", """{"intakeDate":"2026-11-30","held":true}""", "intakeDate")]
    [InlineData("start-treatment", """{"treatmentStartDate":"2026-12-01"}""", "treatmentStartDate")]
    [InlineData("close", "{}", "summary")]
    [InlineData("accept", """{"note":5}""", "note")]
    public async Task A_bad_step_body_is_a_400_naming_the_field_and_changes_nothing(string step, string body, string field)
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        var (_, etag) = await Referrals.ReadAsync(clinician, id);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/referrals/{id}/{step}")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        using var response = await clinician.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field), await response.Content.ReadAsStringAsync());
        Assert.Equal(1, await DbCounts.CountAsync(_db, "referral_timeline", "referral_id = @Id", new { Id = id.ToString() }));
    }

    [SkippableFact]
    public async Task The_worklist_shows_the_organisations_referrals_urgent_first_then_the_oldest()
    {
        using var gp = Gp();
        using var clinician = Youth("73730021");
        var older = await Referrals.ReferAsync(gp, Referrals.Daan().To("73730021"));
        var newer = await Referrals.ReferAsync(gp, Referrals.Daan().To("73730021"));
        var urgentBody = Referrals.Daan().To("73730021");
        urgentBody["urgent"] = true;
        urgentBody["urgentReason"] = "Says he wants to be dead.";
        var urgent = await Referrals.ReferAsync(gp, urgentBody);
        await Referrals.ReferAsync(gp, Referrals.Daan().To("73730022"));

        var page = (await clinician.GetFromJsonAsync<JsonObject>("/api/referrals?limit=2"))!;
        Assert.Equal([urgent, older], page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        var second = (await clinician.GetFromJsonAsync<JsonObject>($"/api/referrals?limit=2&cursor={NextCursor(page)}"))!;
        Assert.Equal([newer], second["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        // The three of the organisation, over two pages; the second is the last.
        Assert.Null(second["nextCursor"]);
        var urgentClock = page["items"]![0]!["clocks"]!.AsArray().First()!;
        Assert.Equal("urgent-triage", urgentClock["norm"]!.GetValue<string>());

        await Referrals.TakeAsync(clinician, older, "triage");
        var triaged = (await clinician.GetFromJsonAsync<JsonObject>("/api/referrals?status=triaged"))!;
        Assert.Equal([older], triaged["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        var onlyUrgent = (await clinician.GetFromJsonAsync<JsonObject>("/api/referrals?urgent=true"))!;
        Assert.Equal([urgent], onlyUrgent["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));

        foreach (var bad in new[] { "status=open", "norm=late", "limit=0", "limit=101", "cursor=abc" })
        {
            using var response = await clinician.GetAsync("/api/referrals?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        using var municipality = _referral.Client(Tokens.Municipality());
        using var refused = await municipality.GetAsync("/api/referrals");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [SkippableFact]
    public async Task A_referrer_lists_their_referrals_newest_change_first()
    {
        using var gp = Gp("01054322");
        using var clinician = Youth("73730023");
        Task<Guid> ReferAsync(JsonObject body)
        {
            body["referrer"]!["agb"] = "01054322";
            return Referrals.ReferAsync(gp, body);
        }

        var first = await ReferAsync(Referrals.Daan().To("73730023"));
        var second = await ReferAsync(Referrals.Daan().To("73730023"));
        var urgentBody = Referrals.Daan().To("73730023");
        urgentBody["urgent"] = true;
        urgentBody["urgentReason"] = "Says he wants to be dead.";
        var urgent = await ReferAsync(urgentBody);
        // The receiver triages the first: now it has the newest change, ahead of an urgent referral that did not move.
        await Referrals.TakeAsync(clinician, first, "triage");

        var recent = (await gp.GetFromJsonAsync<JsonObject>("/api/referrals?order=recent"))!;
        Assert.Equal([first, urgent, second], recent["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        var firstPage = (await gp.GetFromJsonAsync<JsonObject>("/api/referrals?order=recent&limit=1"))!;
        Assert.Equal([first], firstPage["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        var paged = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals?order=recent&limit=1&cursor={NextCursor(firstPage)}"))!;
        Assert.Equal([urgent], paged["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));
        var byUrgency = (await gp.GetFromJsonAsync<JsonObject>("/api/referrals?order=urgent"))!;
        Assert.Equal([urgent, first, second], byUrgency["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()));

        using var bad = await gp.GetAsync("/api/referrals?order=newest");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("order"));
    }

    [SkippableFact]
    public async Task The_feed_gives_every_change_to_the_referrers_referrals_once_in_order()
    {
        using var gp = Gp("01054321");
        using var clinician = Youth();
        var start = (await gp.GetFromJsonAsync<JsonObject>("/api/referrals/updates"))!;
        Assert.Empty(start["items"]!.AsArray());
        var cursor = NextCursor(start);

        var body = Referrals.Daan().To(Referrals.YouthPractice);
        body["referrer"]!["agb"] = "01054321";
        var id = await Referrals.ReferAsync(gp, body);
        await Referrals.ReferAsync(Gp(), Referrals.Daan().To(Referrals.YouthPractice));
        await Referrals.TakeAsync(clinician, id, "triage");

        var page = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/updates?cursor={cursor}&limit=1"))!;
        Assert.Equal(["submit"], page["items"]!.AsArray().Select(i => i!["step"]!.GetValue<string>()));
        var next = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/updates?cursor={NextCursor(page)}"))!;
        Assert.Equal(["triage"], next["items"]!.AsArray().Select(i => i!["step"]!.GetValue<string>()));
        Assert.All(next["items"]!.AsArray(), i => Assert.Equal(id, i!["referralId"]!.GetValue<Guid>()));
        var quiet = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/updates?cursor={NextCursor(next)}"))!;
        Assert.Empty(quiet["items"]!.AsArray());
        // A feed is followed, not paged to an end: with nothing new its nextCursor is the same one.
        Assert.Equal(NextCursor(next), NextCursor(quiet));

        using (var bad = await gp.GetAsync("/api/referrals/updates?cursor=not-a-cursor"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.True((await bad.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("cursor"));
        }

        using var refused = await clinician.GetAsync("/api/referrals/updates");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task The_worklist_pages_with_a_cursor_giving_every_referral_once_in_either_order(string dialect)
    {
        await using var databases = TestDatabase.Create(dialect);
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases);
        using var gp = referral.Client(Tokens.Gp("01054324"));
        using var clinician = referral.Client(Tokens.Clinician("youth", "94012345", "73730024"));
        var submitted = new List<(Guid Id, bool Urgent)>();
        foreach (var urgent in new[] { false, true, false, true, false, false, true })
        {
            var body = Referrals.Daan().To("73730024");
            body["referrer"]!["agb"] = "01054324";
            if (urgent)
            {
                body["urgent"] = true;
                body["urgentReason"] = "Says he wants to be dead.";
            }

            submitted.Add((await Referrals.ReferAsync(gp, body), urgent));
        }

        // The receiver triages the oldest: it has the newest change now.
        await Referrals.TakeAsync(clinician, submitted[0].Id, "triage");

        // Urgent first, then the oldest: the same for the receiver and the referrer, in pages of any size.
        var byUrgency = submitted.Where(s => s.Urgent).Concat(submitted.Where(s => !s.Urgent)).Select(s => s.Id).ToList();
        Assert.Equal(byUrgency, await PageThroughAsync(clinician, "/api/referrals?limit=3", 3));
        Assert.Equal(byUrgency, await PageThroughAsync(gp, "/api/referrals?order=urgent&limit=2", 2));
        // A page that holds the rest exactly is the last: no empty page after it.
        Assert.Equal(byUrgency, await PageThroughAsync(clinician, "/api/referrals?limit=7", 7));
        // The newest change first: the triaged one, then the others newest first.
        var byChange = submitted.Skip(1).Select(s => s.Id).Reverse().Prepend(submitted[0].Id).ToList();
        Assert.Equal(byChange, await PageThroughAsync(gp, "/api/referrals?order=recent&limit=2", 2));
        // Filters hold on every page.
        Assert.Equal(byUrgency.Take(3), await PageThroughAsync(clinician, "/api/referrals?urgent=true&limit=1", 1));

        // A cursor holds its order: one of the other order is refused, as is one the service never gave out.
        var urgentCursor = NextCursor((await gp.GetFromJsonAsync<JsonObject>("/api/referrals?limit=2"))!);
        var recentCursor = NextCursor((await gp.GetFromJsonAsync<JsonObject>("/api/referrals?order=recent&limit=2"))!);
        foreach (var bad in new[] { $"order=recent&cursor={urgentCursor}", $"cursor={recentCursor}", $"order=urgent&cursor={recentCursor}", "cursor=abc", "order=recent&cursor=abc" })
        {
            using var response = await gp.GetAsync("/api/referrals?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("cursor"), bad);
        }
    }

    [SkippableFact]
    public async Task The_pool_pages_with_a_cursor_giving_every_referral_once_urgent_first_then_the_oldest()
    {
        using var gp = Gp();
        using var clinician = Youth("73730014");
        var submitted = new List<(Guid Id, bool Urgent)>();
        foreach (var urgent in new[] { false, true, false, false, true })
        {
            var body = Referrals.Daan();
            if (urgent)
            {
                body["urgent"] = true;
                body["urgentReason"] = "Says he wants to be dead.";
            }

            submitted.Add((await Referrals.ReferAsync(gp, body), urgent));
        }

        // An addressed referral is not in the pool.
        await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));

        var expected = submitted.Where(s => s.Urgent).Concat(submitted.Where(s => !s.Urgent)).Select(s => s.Id).ToList();
        Assert.Equal(expected, await PageThroughAsync(clinician, "/api/referrals/pool?limit=2", 2));
        Assert.Equal(expected, await PageThroughAsync(clinician, "/api/referrals/pool?limit=5", 5));

        // A forged cursor, or a worklist's (it holds its order too), is no cursor of the pool.
        var worklistCursor = NextCursor((await gp.GetFromJsonAsync<JsonObject>("/api/referrals?limit=1"))!);
        foreach (var bad in new[] { "cursor=abc", $"cursor={worklistCursor}" })
        {
            using var response = await clinician.GetAsync("/api/referrals/pool?" + bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey("cursor"), bad);
        }
    }

    /// <summary>The <c>nextCursor</c> of <paramref name="page"/>, ready for a query string.</summary>
    private static string NextCursor(JsonObject page) => Uri.EscapeDataString(page["nextCursor"]!.GetValue<string>());

    /// <summary>
    /// Follows <c>nextCursor</c> from the list at <paramref name="first"/> (a query with <paramref name="limit"/>) until
    /// the page without one; asserts every page before the last is full. Returns the ids in the order given.
    /// </summary>
    private static async Task<List<Guid>> PageThroughAsync(HttpClient client, string first, int limit)
    {
        var ids = new List<Guid>();
        var url = first;
        for (var pages = 1; ; pages++)
        {
            Assert.True(pages <= 20, $"{first} never reached its last page");
            var page = (await client.GetFromJsonAsync<JsonObject>(url))!;
            var items = page["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).ToList();
            Assert.True(items.Count <= limit, $"{url} held {items.Count} items");
            ids.AddRange(items);
            if (page["nextCursor"] is null)
            {
                return ids;
            }

            Assert.Equal(limit, items.Count);
            url = $"{first}&cursor={NextCursor(page)}";
        }
    }

    private static async Task AssertRuleAsync(HttpClient client, Guid id, string step, object body, string rule)
    {
        using var response = await Referrals.StepAsync(client, id, step, body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(rule, (await response.Content.ReadFromJsonAsync<JsonObject>())!["rule"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task The_letter_and_the_closure_summary_are_pdfs_for_the_referrals_parties_only()
    {
        using var gp = Gp();
        using var clinician = Youth();
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ De Linde"));

        using (var letter = await gp.GetAsync($"/api/referrals/{id}/letter.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, letter.StatusCode);
            Assert.Equal("application/pdf", letter.Content.Headers.ContentType!.MediaType);
            var text = PdfText.Body(await letter.Content.ReadAsByteArrayAsync());
            Assert.Contains("Daan de Vries", text, StringComparison.Ordinal);
            Assert.Contains("999900018", text, StringComparison.Ordinal);
            Assert.Contains("Huisartsenpraktijk Lombok", text, StringComparison.Ordinal);
            Assert.Contains("Jeugd-GGZ De Linde", text, StringComparison.Ordinal);
            Assert.Contains("Truancy and withdrawal", text, StringComparison.Ordinal);
        }

        using (var early = await gp.GetAsync($"/api/referrals/{id}/summary.pdf"))
        {
            Assert.Equal(HttpStatusCode.NotFound, early.StatusCode);
        }

        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "accept");
        await Referrals.TakeAsync(clinician, id, "schedule-intake", new { intakeDate = Today, held = true });
        await Referrals.TakeAsync(clinician, id, "start-treatment", new { treatmentStartDate = Today });
        await Referrals.TakeAsync(clinician, id, "close", new { summary = "Six family sessions; school attendance restored." });
        using (var summary = await gp.GetAsync($"/api/referrals/{id}/summary.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            var text = PdfText.Body(await summary.Content.ReadAsByteArrayAsync());
            Assert.Contains("Six family sessions; school attendance restored.", text, StringComparison.Ordinal);
            Assert.Contains("Jeugd-GGZ De Linde", text, StringComparison.Ordinal);
            Assert.Contains("Huisartsenpraktijk Lombok", text, StringComparison.Ordinal);
        }

        using var otherGp = Gp("01099999");
        using var refused = await otherGp.GetAsync($"/api/referrals/{id}/letter.pdf");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(1, await DbCounts.CountAsync(_db, "audit_log", "object_id = @Id AND object_type = 'ReferralDocument' AND outcome = 'denied'", new { Id = id.ToString() }));
    }
}

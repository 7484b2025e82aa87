using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace EndToEnd.Tests;

/// <summary>
/// The referral's closed loop through the gateway over the real broker (issue 8): scenario 2
/// steps 1 and 3 (Anne, referred urgently, accepted, treated and closed with a summary the GP
/// reads) and scenario 1 step 1 (Sandra to the practice's own POH-GGZ, and the kindcheck).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ReferralClosedLoopTests
{
    private const string FamilyTherapyPractice = "73730003";

    private static readonly string Today = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Scenario_2_Anne_is_referred_urgently_treated_and_closed_with_a_summary_the_GP_reads_step_by_step(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician("youth", "94030001", FamilyTherapyPractice));
        var cursor = (await gp.GetFromJsonAsync<JsonObject>("/api/referrals/updates"))!["nextCursor"]!.GetValue<string>();

        // Step 1: the GP refers Anne (9) urgently to a family therapy practice in youth care.
        var body = Families.Youth(Families.Anne, "0307", "Told her teacher she wants to be dead.",
            Families.AnnesFather.As("parent", custody: true), Families.AnnesMother.As("parent", custody: true), Families.AnnesBrother.As("sibling", custody: null))
            .To(FamilyTherapyPractice, "Praktijk voor Gezinstherapie Amersfoort");
        body["urgent"] = true;
        body["urgentReason"] = "Suicidal statements by a 9-year-old.";
        using var created = await gp.PostAsJsonAsync("/api/referrals", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("received", answer["status"]!.GetValue<string>());
        var id = answer["id"]!.GetValue<Guid>();
        var familyId = answer["familyId"]!.GetValue<Guid>();

        var (received, _) = await Referrals.ReadAsync(gp, id);
        Assert.True(received["urgent"]!.GetValue<bool>());
        Assert.Equal("Suicidal statements by a 9-year-old.", received["urgentReason"]!.GetValue<string>());
        Assert.Equal(["urgent-triage", "registration-to-intake"], received["clocks"]!.AsArray().Select(c => c!["norm"]!.GetValue<string>()));
        Assert.All(received["clocks"]!.AsArray(), c => Assert.Equal(0, c!["daysWaited"]!.GetValue<int>()));
        cursor = await AssertFeedAsync(gp, cursor, id, "submit", "received");

        // Step 3: the practice triages, accepts, holds the intake, starts treatment and, after the sixth session, closes.
        var steps = new (string Step, object? Body, string Status)[]
        {
            ("triage", new { note = "Urgent: seen today." }, "triaged"),
            ("accept", null, "accepted"),
            ("schedule-intake", new { intakeDate = Today, held = true }, "waiting"),
            ("start-treatment", new { treatmentStartDate = Today }, "in-treatment"),
            ("close", new { summary = "Six family sessions. Anne feels safe at home and at school; no suicidal statements since session 3." }, "closed"),
        };
        foreach (var (step, stepBody, status) in steps)
        {
            var after = await Referrals.TakeAsync(practice, id, step, stepBody);
            Assert.Equal(status, after["status"]!.GetValue<string>());
            var (followed, _) = await Referrals.ReadAsync(gp, id);
            Assert.Equal(status, followed["status"]!.GetValue<string>());
            Assert.Equal(step, followed["timeline"]!.AsArray()[^1]!["step"]!.GetValue<string>());
            cursor = await AssertFeedAsync(gp, cursor, id, step, status);
        }

        var (closed, _) = await Referrals.ReadAsync(gp, id);
        Assert.StartsWith("Six family sessions.", closed["closureSummary"]!.GetValue<string>(), StringComparison.Ordinal);
        var triageClock = closed["clocks"]!.AsArray().Single(c => c!["norm"]!.GetValue<string>() == "urgent-triage")!;
        Assert.True(triageClock["stopped"]!.GetValue<bool>());
        Assert.False(triageClock["breached"]!.GetValue<bool>());
        using (var summary = await gp.GetAsync($"/api/referrals/{id}/summary.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
            Assert.Equal("application/pdf", summary.Content.Headers.ContentType!.MediaType);
        }

        // The family plan follows the status over the broker; the accepting clinician is on the team with an oudercheck for Anne.
        var plan = await Plans.UntilAsync(gp, familyId,
            p => Plans.Member(p, Families.Anne.Bsn)["referrals"]!.AsArray().Any(r => r!["status"]!.GetValue<string>() == "closed"),
            "the plan to show Anne's referral closed");
        Assert.Equal("closed", Assert.Single(Plans.Member(plan, Families.Anne.Bsn)["referrals"]!.AsArray())!["status"]!.GetValue<string>());
        var practicePlan = await Plans.UntilAsync(practice, familyId,
            p => Plans.Member(p, Families.Anne.Bsn)["tasks"]!.AsArray().Count > 0,
            "the oudercheck for Anne's clinician");
        var check = Assert.Single(Plans.Member(practicePlan, Families.Anne.Bsn)["tasks"]!.AsArray())!;
        Assert.Equal("oudercheck", check["kind"]!.GetValue<string>());
        Assert.Equal(2, check["parents"]!.AsArray().Count);

        // Nobody else sees the referral.
        foreach (var token in new[] { Tokens.Clinician("youth", "94099999", "73730009"), Tokens.Clinician("adult", "94030001", FamilyTherapyPractice), Tokens.Gp("01099999") })
        {
            using var other = platform.Gateway.Client(token);
            using var refused = await other.GetAsync($"/api/referrals/{id}");
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    [SkippableFact]
    public async Task Scenario_1_Sandra_referred_to_the_practices_POH_raises_a_kindcheck_naming_the_boys_at_home()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var poh = platform.Gateway.Client(Tokens.Poh());

        var body = Families.Adult(Families.Sandra, "0344", "3311", ("F32.0", "Mild depressive episode"),
            "Low mood since the boys went to secondary school.", household:
            [Families.Mark.As("partner", custody: null), Families.Daan.As("child", custody: true), Families.Tim.As("child", custody: true)])
            .To("01012345", "POH-GGZ Huisartsenpraktijk Lombok");
        using var created = await gp.PostAsJsonAsync("/api/referrals", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = (await created.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = answer["id"]!.GetValue<Guid>();
        var familyId = answer["familyId"]!.GetValue<Guid>();

        await Referrals.TakeAsync(poh, id, "triage");
        var accepted = await Referrals.TakeAsync(poh, id, "accept");
        Assert.Equal("poh", accepted["timeline"]!.AsArray()[^1]!["by"]!["role"]!.GetValue<string>());

        // A family record with the household, and a kindcheck for the POH that names the minors at home.
        // Until the acceptance has reached the plan the POH is on no care team: the family is then not found.
        var plan = await Plans.UntilAsync(poh, familyId,
            p => Plans.Member(p, Families.Sandra.Bsn)["tasks"]!.AsArray().Count > 0,
            "the kindcheck for the POH");
        // The household as the POH's own referral named it: relatives by name and relation until they consent.
        Assert.Equal("partner", Plans.Named(plan, "Mark de Vries")["relation"]!.GetValue<string>());
        Assert.Equal("child", Plans.Named(plan, "Daan de Vries")["relation"]!.GetValue<string>());
        Assert.Equal("child", Plans.Named(plan, "Tim de Vries")["relation"]!.GetValue<string>());
        var kindcheck = Assert.Single(Plans.Member(plan, Families.Sandra.Bsn)["tasks"]!.AsArray())!;
        Assert.Equal("kindcheck", kindcheck["kind"]!.GetValue<string>());
        Assert.Equal("open", kindcheck["status"]!.GetValue<string>());
        Assert.Equal("poh-01012345", kindcheck["assignee"]!["userId"]!.GetValue<string>());
        Assert.Equal(["Daan de Vries", "Tim de Vries"], kindcheck["minors"]!.AsArray().Select(m => m!["name"]!.GetValue<string>()).Order());
    }

    /// <summary>Asserts the feed after <paramref name="cursor"/> holds exactly the one change; returns the next cursor.</summary>
    private static async Task<string> AssertFeedAsync(HttpClient gp, string cursor, Guid id, string step, string status)
    {
        var feed = (await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/updates?cursor={Uri.EscapeDataString(cursor)}"))!;
        var change = Assert.Single(feed["items"]!.AsArray())!;
        Assert.Equal((id, step, status), (change["referralId"]!.GetValue<Guid>(), change["step"]!.GetValue<string>(), change["status"]!.GetValue<string>()));
        return feed["nextCursor"]!.GetValue<string>();
    }
}

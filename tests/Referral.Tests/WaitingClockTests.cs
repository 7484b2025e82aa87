using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// The referrer sees the Treeknorm clock on the referral itself (issue 8): days waited since
/// registration, the norm, when it will breach; on a fixed clock day 28 is within the norm, day 29 a breach.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WaitingClockTests
{
    [SkippableFact]
    public async Task The_referrer_reads_days_waited_and_the_day_the_norm_breaches()
    {
        Infrastructure.RequireRabbitMq();
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        Guid referralId;
        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = referral.Client(Tokens.Gp());
            using var created = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
            referralId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
            var clock = await ClockAsync(gp, referralId);
            Assert.Equal("registration-to-intake", clock["norm"]!.GetValue<string>());
            Assert.Equal(28, clock["normDays"]!.GetValue<int>());
            Assert.Equal(0, clock["daysWaited"]!.GetValue<int>());
            Assert.False(clock["breached"]!.GetValue<bool>());
            Assert.Equal("2026-12-22", clock["breachesOn"]!.GetValue<string>());
        }

        foreach (var (days, breached) in new[] { (28, false), (29, true) })
        {
            var later = new KeyValuePair<string, string?>(Coordination.ServiceDefaults.Clock.StartsAtKey,
                TestClock.StartsAt.AddDays(days).ToString("O", CultureInfo.InvariantCulture));
            await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [later]);
            using var gp = referral.Client(Tokens.Gp());
            var clock = await ClockAsync(gp, referralId);
            Assert.Equal(days, clock["daysWaited"]!.GetValue<int>());
            Assert.Equal(breached, clock["breached"]!.GetValue<bool>());
        }
    }

    [SkippableFact]
    public async Task From_the_intake_70_days_to_treatment_are_within_the_norm_71_a_breach_in_the_clock_the_worklist_and_the_figures()
    {
        Infrastructure.RequireRabbitMq();
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        Guid referralId;
        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = referral.Client(Tokens.Gp());
            using var clinician = referral.Client(Tokens.Clinician());
            referralId = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
            await Referrals.TakeAsync(clinician, referralId, "triage");
            await Referrals.TakeAsync(clinician, referralId, "accept");
            await Referrals.TakeAsync(clinician, referralId, "schedule-intake", new { intakeDate = Day(0), held = true });
        }

        foreach (var (days, breached) in new[] { (70, false), (71, true) })
        {
            await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [At(days)]);
            using var clinician = referral.Client(Tokens.Clinician());
            var clock = (await Referrals.ReadAsync(clinician, referralId)).Referral["clocks"]!.AsArray()
                .Single(c => c!["norm"]!.GetValue<string>() == "intake-to-treatment")!;
            Assert.Equal(70, clock["normDays"]!.GetValue<int>());
            Assert.Equal(days, clock["daysWaited"]!.GetValue<int>());
            Assert.Equal(breached, clock["breached"]!.GetValue<bool>());
            Assert.Equal(breached, await ListedAsync(clinician, "breached", referralId));
            Assert.Equal(!breached, await ListedAsync(clinician, "soon", referralId));
            if (breached)
            {
                var started = await Referrals.TakeAsync(clinician, referralId, "start-treatment", new { treatmentStartDate = Day(days) });
                var stopped = started["clocks"]!.AsArray().Single(c => c!["norm"]!.GetValue<string>() == "intake-to-treatment")!;
                Assert.True(stopped["stopped"]!.GetValue<bool>());
                Assert.True(stopped["breached"]!.GetValue<bool>());

                // The organisation's figures: the intake in November within the norm, the treatment start in February breached.
                var figures = (await clinician.GetFromJsonAsync<JsonObject>("/api/referrals/norm-figures?from=2026-11&to=2027-02"))!["months"]!.AsArray();
                var intake = figures.Single(m => m!["norm"]!.GetValue<string>() == "registration-to-intake")!;
                Assert.Equal(("2026-11", 1, 0, 0.0), (intake["month"]!.GetValue<string>(), intake["count"]!.GetValue<int>(), intake["breached"]!.GetValue<int>(), intake["medianDaysWaited"]!.GetValue<double>()));
                var treatment = figures.Single(m => m!["norm"]!.GetValue<string>() == "intake-to-treatment")!;
                Assert.Equal(("2027-02", 1, 1, 71.0), (treatment["month"]!.GetValue<string>(), treatment["count"]!.GetValue<int>(), treatment["breached"]!.GetValue<int>(), treatment["medianDaysWaited"]!.GetValue<double>()));
                using var otherOrg = referral.Client(Tokens.Clinician("youth", "94012399", "73730009"));
                Assert.Empty((await otherOrg.GetFromJsonAsync<JsonObject>("/api/referrals/norm-figures?from=2026-11&to=2027-02"))!["months"]!.AsArray());
            }
        }
    }

    [SkippableFact]
    public async Task An_urgent_referral_registered_on_monday_is_triaged_in_time_on_tuesday_and_late_on_wednesday()
    {
        Infrastructure.RequireRabbitMq();
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        Guid referralId;
        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = referral.Client(Tokens.Gp());
            var urgent = Referrals.Daan().To(Referrals.YouthPractice);
            urgent["urgent"] = true;
            urgent["urgentReason"] = "Told his teacher he wants to be dead.";
            referralId = await Referrals.ReferAsync(gp, urgent);
            var clock = (await Referrals.ReadAsync(gp, referralId)).Referral["clocks"]![0]!;
            Assert.Equal("urgent-triage", clock["norm"]!.GetValue<string>());
            Assert.Equal(1, clock["normDays"]!.GetValue<int>());
            Assert.Equal(Day(2), clock["breachesOn"]!.GetValue<string>());
        }

        foreach (var (days, breached) in new[] { (1, false), (2, true) })
        {
            await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [At(days)]);
            using var clinician = referral.Client(Tokens.Clinician());
            var clock = (await Referrals.ReadAsync(clinician, referralId)).Referral["clocks"]![0]!;
            Assert.Equal(days, clock["daysWaited"]!.GetValue<int>());
            Assert.Equal(breached, clock["breached"]!.GetValue<bool>());
            Assert.Equal(breached, await ListedAsync(clinician, "breached", referralId));
        }
    }

    [SkippableFact]
    public async Task A_redirect_restarts_the_receivers_clock_while_the_total_wait_runs_from_the_registration()
    {
        Infrastructure.RequireRabbitMq();
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        Guid referralId;
        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases))
        {
            using var gp = referral.Client(Tokens.Gp());
            referralId = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice));
        }

        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [At(10)]))
        {
            using var first = referral.Client(Tokens.Clinician());
            await Referrals.TakeAsync(first, referralId, "triage");
            var redirected = await Referrals.TakeAsync(first, referralId, "redirect",
                new { to = new { agb = "73730009", name = "Jeugd-GGZ De Brug" }, reason = "Needs trauma care." });
            Assert.Equal("redirected", redirected["status"]!.GetValue<string>());
            using var gone = await first.GetAsync($"/api/referrals/{referralId}");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        }

        await using (var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [At(15)]))
        {
            using var next = referral.Client(Tokens.Clinician("youth", "94012399", "73730009"));
            var (seen, _) = await Referrals.ReadAsync(next, referralId);
            var clock = seen["clocks"]!.AsArray().Single(c => c!["norm"]!.GetValue<string>() == "registration-to-intake")!;
            Assert.Equal(5, clock["daysWaited"]!.GetValue<int>());
            Assert.Equal(15, seen["totalDaysWaited"]!.GetValue<int>());
            Assert.Equal(["submit", "triage", "redirect"], seen["timeline"]!.AsArray().Select(e => e!["step"]!.GetValue<string>()));
            Assert.Contains("triage", seen["allowedSteps"]!.AsArray().Select(s => s!.GetValue<string>()));
        }
    }

    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static KeyValuePair<string, string?> At(int days) =>
        new(Coordination.ServiceDefaults.Clock.StartsAtKey, TestClock.StartsAt.AddDays(days).ToString("O", CultureInfo.InvariantCulture));

    private static async Task<bool> ListedAsync(HttpClient clinician, string norm, Guid referralId) =>
        (await clinician.GetFromJsonAsync<JsonObject>($"/api/referrals?norm={norm}"))!["items"]!.AsArray().Any(i => i!["id"]!.GetValue<Guid>() == referralId);

    private static async Task<JsonNode> ClockAsync(HttpClient gp, Guid referralId) =>
        Assert.Single((await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/{referralId}"))!["clocks"]!.AsArray())!;
}

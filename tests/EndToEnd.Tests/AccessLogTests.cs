using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using static Coordination.Testing.Families;

namespace EndToEnd.Tests;

/// <summary>
/// A client sees who accessed their data: one log gathered from every service's own NEN 7513 log,
/// newest first, paged, through the gateway over the real broker.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class AccessLogTests
{
    private const string SandrasGpAgb = "01099999";

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_client_sees_every_services_reads_of_her_data_the_financiers_a_refused_one_and_an_emergency_access(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var daansGp = platform.Gateway.Client(Tokens.Gp(GpAgb));
        using var sandrasGp = platform.Gateway.Client(Tokens.Gp(SandrasGpAgb));
        var familyId = await Referrals.SubmitAsync(daansGp, Youth(Daan, "0344", "Truancy.", Sandra.As("parent", custody: true)));
        using (var referred = await sandrasGp.PostAsJsonAsync("/api/referrals", Adult(Sandra, "0344", "3311",
            ("F32.0", "Major depressive disorder, single episode, mild"), "Low mood.", SandrasGpAgb, Daan.As("child"))))
        {
            Assert.Equal(HttpStatusCode.Created, referred.StatusCode);
        }

        await Plans.WithRoutesAsync(sandrasGp, familyId, routes: 1);
        // Consent records each referral's household (entries of its own in Sandra's log): both are in before her log is read twice.
        await Eventually.Until(
            () => DbCounts.CountAsync(platform.Databases.For(Platform.Consent), "inbox", "consumer = 'consent-referral-submitted'"),
            taken => taken == 2, "consent to take both referrals");
        using var sandra = platform.Gateway.Client(Tokens.Client(Sandra.Bsn));
        var sandraId = await Consents.MemberIdAsync(sandra, Sandra);
        var referralId = Assert.Single(Plans.Member(await Plans.ReadAsync(sandrasGp, familyId), Sandra.Bsn)["referrals"]!.AsArray())!["id"]!.GetValue<Guid>();

        // Reads of Sandra's data in four services: her GP follows her referral; the insurer reads her funding route;
        // Daan's GP reads the plan and is refused her part; a clinician breaks the glass and reads it.
        Assert.Equal(HttpStatusCode.OK, (await sandrasGp.GetAsync($"/api/referrals/{referralId}")).StatusCode);
        using var insurer = platform.Gateway.Client(Tokens.Insurer("3311"));
        Assert.Equal(HttpStatusCode.OK, (await insurer.GetAsync($"/api/funding-routes/{referralId}")).StatusCode);
        Assert.False(Plans.Shows(await Plans.ReadAsync(daansGp, familyId), Sandra.Name));
        using var clinician = platform.Gateway.Client(Tokens.Clinician(domain: "adult", agb: "94099999", org: "73730099"));
        using (var glass = await clinician.PostAsJsonAsync("/api/consents/emergency-access", new { subject = sandraId, reason = "Admitted in crisis tonight." }))
        {
            Assert.Equal(HttpStatusCode.Created, glass.StatusCode);
        }

        Assert.True(Plans.Shows(await Plans.ReadAsync(clinician, familyId), Sandra.Name));

        var log = await sandra.GetFromJsonAsync<JsonObject>($"/api/consents/access-log?subject={sandraId}&limit=100");
        Assert.True(log!["complete"]!.GetValue<bool>());
        var entries = log["items"]!.AsArray().Select(e => e!).ToList();
        // Newest first, to the second.
        var times = entries.Select(e => e["at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.All(times, t => Assert.Equal(0, t.Millisecond));
        Assert.Superset(new HashSet<string> { "referral", "family-plan", "funding-route", "consent" },
            entries.Select(e => e["service"]!.GetValue<string>()).ToHashSet());

        JsonNode Read(string service, string userId) => entries.First(e =>
            e["service"]!.GetValue<string>() == service && e["action"]!.GetValue<string>() == "R" && e["who"]!["id"]!.GetValue<string>() == userId);
        var financier = Read("funding-route", "insurer-3311");
        Assert.Equal("insurer", financier["who"]!["role"]!.GetValue<string>());
        Assert.Equal("funding", financier["purpose"]!.GetValue<string>());
        Assert.Equal("not-applicable", financier["checks"]!["consent"]!.GetValue<string>());
        var refused = Read("family-plan", $"gp-{GpAgb}");
        Assert.Equal("denied", refused["outcome"]!.GetValue<string>());
        Assert.Equal("failed", refused["checks"]!["consent"]!.GetValue<string>());
        var followed = Read("referral", $"gp-{SandrasGpAgb}");
        Assert.Equal("success", followed["outcome"]!.GetValue<string>());
        var emergency = Read("family-plan", "clinician-94099999");
        Assert.True(emergency["emergencyAccess"]!.GetValue<bool>());
        Assert.Equal("passed", emergency["checks"]!["emergencyAccess"]!.GetValue<string>());
        Assert.Equal("73730099", emergency["who"]!["onBehalfOf"]!.GetValue<string>());
        Assert.Contains(entries, e => e["service"]!.GetValue<string>() == "consent" && e["action"]!.GetValue<string>() == "E" && e["emergencyAccess"]!.GetValue<bool>());

        // Paged: two at a time, every entry once, in the same order as one page (the log reads made meanwhile left out).
        static string Key(JsonNode e) => $"{e["service"]}/{e["at"]}/{e["action"]}/{e["who"]!["id"]}/{e["objectType"]}/{e["outcome"]}";
        static bool NotALogRead(JsonNode e) => e["purpose"]!.GetValue<string>() != "access-log";
        var paged = new List<string>();
        string? cursor = null;
        do
        {
            var page = await sandra.GetFromJsonAsync<JsonObject>($"/api/consents/access-log?subject={sandraId}&limit=2" + (cursor is null ? "" : $"&cursor={cursor}"));
            Assert.True(page!["items"]!.AsArray().Count <= 2);
            paged.AddRange(page["items"]!.AsArray().Select(e => e!).Where(NotALogRead).Select(Key));
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null && paged.Count < 500);
        Assert.Equal(entries.Where(NotALogRead).Select(Key).ToList(), paged);

        // Reading one's own log is itself logged.
        Assert.True(await DbCounts.CountAsync(platform.Databases.For(Platform.Consent), "audit_log",
            "purpose = 'access-log' AND outcome = 'success' AND client_bsn = @Bsn", new { Sandra.Bsn }) >= 2);

        // Another client's log does not exist for Daan; a professional does not read a client's log; bad input is 400.
        using var daan = platform.Gateway.Client(Tokens.Client(Daan.Bsn));
        Assert.Equal(HttpStatusCode.NotFound, (await daan.GetAsync($"/api/consents/access-log?subject={sandraId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await sandrasGp.GetAsync($"/api/consents/access-log?subject={sandraId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sandra.GetAsync("/api/consents/access-log")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sandra.GetAsync($"/api/consents/access-log?subject={sandraId}&limit=0")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await sandra.GetAsync($"/api/consents/access-log?subject={sandraId}&cursor=forged")).StatusCode);
    }
}

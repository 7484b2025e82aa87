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

    private static async Task<JsonNode> ClockAsync(HttpClient gp, Guid referralId) =>
        Assert.Single((await gp.GetFromJsonAsync<JsonObject>($"/api/referrals/{referralId}"))!["clocks"]!.AsArray())!;
}

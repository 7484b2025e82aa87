using System.Globalization;
using System.Text.Json.Nodes;
using Coordination.Testing;
using FundingRoute.Contracts;

namespace FundingRoute.Tests;

/// <summary>
/// A move during youth help (issue 10; Jeugdwet art. 1.1): a newer referral tells that a young
/// person of Utrecht (0344) now lives in Amsterdam (0363). Help begun before the move is decided
/// again and stays with Utrecht until Amsterdam assigns, at most a year; help begun after it is
/// Amsterdam's. Once Amsterdam assigns (JW301), or a year on, Amsterdam pays.
/// </summary>
[Trait("Category", "Integration")]
public sealed class MoveTests
{
    [SkippableFact]
    public async Task Help_begun_before_a_move_stays_with_the_old_municipality_until_the_new_one_assigns_or_a_year_passes()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        await using var bus = await TestBus.StartAsync<InterventionFundingDecided>(platform.Broker);
        var published = new PublishedDecisions(bus);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician());
        var funding = platform.Databases.For(Platform.FundingRoute);

        // Two young people of Utrecht with support at home since a month.
        var (noor, milan) = (Youth("999900043", "Noor Jansen", "0344"), Youth("999900055", "Milan de Boer", "0344"));
        await Referrals.ReferAsync(gp, noor);
        await Referrals.ReferAsync(gp, milan);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_members"), n => n == 2, "both on record");
        var (noorId, milanId) = (await InterventionRouteQueryTests.MemberIdAsync(funding, "999900043"), await InterventionRouteQueryTests.MemberIdAsync(funding, "999900055"));
        var family = Guid.NewGuid();
        var begun = TestClock.Today.AddDays(-30);
        var noorsSupport = InterventionRouteQueryTests.Intervention(family, noorId, [noorId], "support-at-home", "stw", null) with { StartOn = begun };
        var milansSupport = InterventionRouteQueryTests.Intervention(family, milanId, [milanId], "support-at-home", "stw", null) with { StartOn = begun };
        await bus.Bus.Publish(noorsSupport);
        await bus.Bus.Publish(milansSupport);
        Assert.Equal("0344", (await published.OfAsync(noorsSupport, 1)).Options[0].FinancierCode);
        Assert.Equal("0344", (await published.OfAsync(milansSupport, 1)).Options[0].FinancierCode);

        // Both move to Amsterdam, as newer referrals tell: their help stays with Utrecht for now, and says why.
        var milansSecond = await Referrals.ReferAsync(gp, Youth("999900055", "Milan de Boer", "0363").To(Referrals.YouthPractice));
        await Referrals.ReferAsync(gp, Youth("999900043", "Noor Jansen", "0363"));
        foreach (var support in new[] { noorsSupport, milansSupport })
        {
            var stays = await published.OfAsync(support, 2);
            Assert.Equal(("Jeugdwet", "0344"), (stays.Options[0].Law, stays.Options[0].FinancierCode));
            Assert.Contains(stays.Rules, r => r.RuleId == "woonplaats-move-old-municipality-stays");
        }

        // Help begun after the move is Amsterdam's.
        var after = InterventionRouteQueryTests.Intervention(family, noorId, [noorId], "individual-treatment", "clinician", "youth") with { StartOn = TestClock.Today.AddDays(1) };
        await bus.Bus.Publish(after);
        Assert.Equal("0363", (await published.OfAsync(after, 1)).Options[0].FinancierCode);

        // Amsterdam assigns Milan's youth care (the practice that accepted his new referral asked): his support is Amsterdam's from now.
        await Referrals.TakeAsync(practice, milansSecond, "triage");
        await Referrals.TakeAsync(practice, milansSecond, "accept");
        await Eventually.Until(() => DbCounts.CountAsync(funding, "referral_providers"), n => n == 1, "the acceptance known to the funding route");
        var request = await FundingHttp.PostOkAsync(practice, "/api/funding/assignments", new { referralId = milansSecond });
        Assert.Equal("0363", request["municipalityCode"]!.GetValue<string>());
        using var amsterdam = platform.Gateway.Client(Tokens.Municipality("0363"));
        await FundingHttp.PostOkAsync(amsterdam, $"/api/funding/assignments/{request["id"]!.GetValue<Guid>()}/assignment", new { from = TestClock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        var assigned = await published.OfAsync(milansSupport, 3);
        Assert.Equal("0363", assigned.Options[0].FinancierCode);
        Assert.Contains(assigned.Rules, r => r.RuleId == "woonplaats-move-new-municipality");

        // Noor's new municipality never assigned: a year after the move the review hands her support to Amsterdam.
        await platform.RestartOnAsync(Platform.FundingRoute, TestClock.Today.AddDays(365));
        var handedOver = await published.OfAsync(noorsSupport, 3);
        Assert.Equal("0363", handedOver.Options[0].FinancierCode);
        Assert.Contains(handedOver.Rules, r => r.RuleId == "woonplaats-move-new-municipality");
    }

    private static JsonObject Youth(string bsn, string name, string municipality)
    {
        var referral = Referrals.Daan();
        referral["subject"]!["bsn"] = bsn;
        referral["subject"]!["name"] = name;
        referral["subject"]!["municipalityCode"] = municipality;
        referral.Remove("household");
        return referral;
    }
}

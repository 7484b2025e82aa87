using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults;
using Coordination.Testing;
using FundingRoute.Contracts;

namespace FundingRoute.Tests;

/// <summary>
/// The 18-/18+ transition decided by the daily review (issue 10; scenario 5 step 3 as far as the
/// funding route goes): a young person of Maastricht (0935) in youth GGZ and with support at home
/// turns 18 in 100 days. Restarted on later days, the service's review attaches the transition 90
/// days before (once), and on the birthday decides again: GGZ leaves the Jeugdwet (no disorder or
/// insurer on record: a new referral is needed), support at home found necessary before 18 stays
/// Jeugdwet with 0935, and the youth GGZ assignment stops with reason 31; on the 23rd birthday the
/// support leaves the Jeugdwet.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TransitionTests
{
    private static readonly DateOnly Birthday = TestClock.Today.AddDays(100);

    [SkippableFact]
    public async Task Ninety_days_before_18_the_transition_is_due_and_on_the_birthday_GGZ_leaves_the_Jeugdwet_while_support_at_home_continues()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        await using var bus = await TestBus.StartAsync<InterventionFundingDecided>(platform.Broker);
        var published = new PublishedDecisions(bus);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var practice = platform.Gateway.Client(Tokens.Clinician());
        var referral = Referrals.Daan().To(Referrals.YouthPractice);
        referral["subject"]!["bsn"] = "999900031";
        referral["subject"]!["name"] = "Filip Claes";
        referral["subject"]!["birthDate"] = Birthday.AddYears(-18).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        referral["subject"]!["municipalityCode"] = "0935";
        referral.Remove("household");
        var referralId = await Referrals.ReferAsync(gp, referral);
        await Referrals.TakeAsync(practice, referralId, "triage");
        await Referrals.TakeAsync(practice, referralId, "accept");
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "referral_providers"), n => n == 1, "the acceptance known to the funding route");
        var filip = await InterventionRouteQueryTests.MemberIdAsync(funding, "999900031");

        // Youth GGZ assigned by Maastricht and started; the plan's GGZ treatment and support at home.
        using var maastricht = platform.Gateway.Client(Tokens.Municipality("0935"));
        var assignment = (await FundingHttp.PostOkAsync(practice, "/api/funding/assignments", new { referralId }))["id"]!.GetValue<Guid>();
        await FundingHttp.PostOkAsync(maastricht, $"/api/funding/assignments/{assignment}/assignment", new { from = Day(TestClock.Today) });
        await FundingHttp.PostOkAsync(practice, $"/api/funding/assignments/{assignment}/start", new { on = Day(TestClock.Today) });
        var familyId = Guid.NewGuid();
        var ggz = InterventionRouteQueryTests.Intervention(familyId, filip, [filip], "individual-treatment", "clinician", "youth");
        var support = InterventionRouteQueryTests.Intervention(familyId, filip, [filip], "support-at-home", "stw", null);
        await bus.Bus.Publish(ggz);
        await bus.Bus.Publish(support);

        // Today, 100 days before the birthday: youth care under the Jeugdwet, no transition yet.
        foreach (var intervention in new[] { ggz, support })
        {
            var first = await published.OfAsync(intervention, 1);
            Assert.Equal(("Jeugdwet", "0935"), (first.Options[0].Law, first.Options[0].FinancierCode));
            Assert.Null(first.Transition);
        }

        // 90 days before: the review attaches the transition to each, once.
        await platform.RestartOnAsync(Platform.FundingRoute, Birthday.AddDays(-90));
        var ggzTransition = (await published.OfAsync(ggz, 2)).Transition!;
        Assert.Equal((Birthday, Birthday.AddDays(-90), false, "31", true), (ggzTransition.BirthdayOn, ggzTransition.DueFrom, ggzTransition.Continues,
            ggzTransition.StopReason, ggzTransition.NewReferralNeeded));
        Assert.Null(ggzTransition.FinancierType);
        Assert.Equal("jeugdwet-transition-at-18", ggzTransition.Rule.RuleId);
        var supportDecision = await published.OfAsync(support, 2);
        Assert.Equal(("Jeugdwet", "0935"), (supportDecision.Options[0].Law, supportDecision.Options[0].FinancierCode));
        var supportTransition = supportDecision.Transition!;
        Assert.Equal((true, "Jeugdwet", "municipality", "0935", (string?)null, false), (supportTransition.Continues, supportTransition.Law,
            supportTransition.FinancierType, supportTransition.FinancierCode, supportTransition.StopReason, supportTransition.NewReferralNeeded));

        // A day later nothing is decided again: the transition was announced.
        await platform.RestartOnAsync(Platform.FundingRoute, Birthday.AddDays(-89));
        Assert.Equal(2, await DecisionVersionAsync(funding, ggz.InterventionId));

        // The birthday: GGZ moves out of the Jeugdwet (nobody pays until a referral with a suspected disorder is on record), support at home continues to 23.
        var service = await platform.RestartOnAsync(Platform.FundingRoute, Birthday);
        var adult = await published.OfAsync(ggz, 3);
        Assert.DoesNotContain(adult.Options, o => o.Law == "Jeugdwet");
        Assert.Contains(adult.Rules, r => r.RuleId == "zvw-no-disorder");
        Assert.True(adult.Transition!.NewReferralNeeded);
        var continued = await published.OfAsync(support, 3);
        Assert.Equal(("Jeugdwet", "0935"), (continued.Options[0].Law, continued.Options[0].FinancierCode));
        Assert.Contains(continued.Rules, r => r.RuleId == "jeugdwet-continuation-to-23");

        // The youth GGZ assignment stopped on the birthday with reason 31, sent by the service; Maastricht now pays only the support.
        using var municipality = service.Client(Tokens.Municipality("0935"));
        var stopped = await Eventually.Until(() => municipality.GetFromJsonAsync<JsonObject>($"/api/funding/assignments/{assignment}"),
            a => a!["status"]!.GetValue<string>() == "stopped", "the youth GGZ assignment stopped");
        Assert.Equal((Day(Birthday), "31"), (stopped!["stoppedOn"]!.GetValue<string>(), stopped["stopReason"]!["code"]!.GetValue<string>()));
        Assert.Equal("coordination-funding-route", stopped["messages"]!.AsArray().Last()!["by"]!.GetValue<string>());
        var paid = await municipality.GetFromJsonAsync<JsonObject>("/api/funding-routes/interventions");
        Assert.Equal([support.InterventionId], paid!["items"]!.AsArray().Select(i => i!["interventionId"]!.GetValue<Guid>()));

        // A second pass on the same day changes nothing.
        await platform.RestartOnAsync(Platform.FundingRoute, Birthday);
        Assert.Equal(3, await DecisionVersionAsync(funding, ggz.InterventionId));
        Assert.Equal(3, await DecisionVersionAsync(funding, support.InterventionId));

        // The 23rd birthday ends the Jeugdwet for the support: the review decides it again, now the Wmo's.
        await platform.RestartOnAsync(Platform.FundingRoute, AmsterdamTime.BirthdayAt(Birthday.AddYears(-18), 23));
        var past23 = await published.OfAsync(support, 4);
        Assert.Equal(("Wmo", "0935"), (past23.Options[0].Law, past23.Options[0].FinancierCode));
        Assert.Contains(past23.Rules, r => r.RuleId == "jeugdwet-age-limit");
        Assert.Equal(3, await DecisionVersionAsync(funding, ggz.InterventionId));
    }

    private static async Task<long> DecisionVersionAsync(Coordination.Data.Database funding, Guid interventionId)
    {
        await using var connection = await funding.OpenAsync(CancellationToken.None);
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT decision_version FROM intervention_routes WHERE intervention_id = @Id", new { Id = interventionId.ToString() });
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

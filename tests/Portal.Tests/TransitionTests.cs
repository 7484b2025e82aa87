using System.Globalization;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// Scenario 5 step 3 in the browser (issue 21): on Filip's 18th birthday the plan shows the transition beside his
/// interventions. On a platform of its own: the funding route service's clock is moved to the birthday.
/// </summary>
public sealed class TransitionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task Scenario_5_step_3_on_Filips_18th_birthday_the_plan_shows_the_transition_beside_his_interventions()
    {
        // Filip turns 18 a hundred days after the scenario's "today".
        var birthday = TestClock.Today.AddDays(100);
        var filip = Families.Filip with { BirthDate = birthday.AddYears(-18) };
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp());
        using var youth = portal.Platform.Gateway.Client(Tokens.Clinician());
        var familyId = await Referrals.SubmitAsync(gp, Families.Youth(filip, "0935", "Teruggetrokken en eenzaam.",
            Families.FilipsMother.As("parent", custody: true), Families.Zoe.As("sibling")).To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        await Teams.AcceptAllAsync(youth, familyId, Referrals.YouthPractice);
        var plan = await Plans.UntilAsync(youth, familyId, p => Plans.Shows(p, filip.Name), "Filip's plan");
        var member = Plans.Member(plan, filip.Bsn)["memberId"]!.GetValue<Guid>();
        var today = TestClock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await Plans.AddInterventionAsync(youth, familyId, new { memberId = member, kind = "individual-treatment", title = "Behandeling van de eenzaamheid", responsibleUserId = "clinician-94012345", startOn = today });
        await Plans.AddInterventionAsync(youth, familyId, new { memberId = member, kind = "support-at-home", title = "Gezinsondersteuning thuis", responsibleUserId = "clinician-94012345", startOn = today });
        await Plans.UntilAsync(youth, familyId, p => p["interventions"]!.AsArray().All(i => i!["funding"] is JsonObject), "the funding beside both");

        // The funding route service wakes on the birthday and decides again; the plan learns it over the broker.
        await portal.Platform.RestartOnAsync(Platform.FundingRoute, birthday);
        await Plans.UntilAsync(youth, familyId, p => p["interventions"]!.AsArray().All(i => i!["funding"]?["transition"] is JsonObject)
            && p["interventions"]!.AsArray().Any(i => i!["funding"]!["options"]!.AsArray().All(o => o!["law"]!.GetValue<string>() != "Jeugdwet")), "the decisions of the birthday");

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Drs. A. Visser");
        await page.GotoAsync($"/gezinnen/{familyId}");
        var on = birthday.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("nl-NL"));
        var ggz = page.Locator("article.intervention", new() { HasText = "Behandeling van de eenzaamheid" }).Locator(".transition");
        await Assertions.Expect(ggz).ToContainTextAsync($"Overgang bij 18 jaar op {on}");
        await Assertions.Expect(ggz).ToContainTextAsync("Deze jeugdhulp stopt op de verjaardag.");
        await Assertions.Expect(ggz).ToContainTextAsync("Het jeugdhulptraject stopt met reden 31.");
        await Assertions.Expect(ggz).ToContainTextAsync("Voor de zorg voor volwassenen is een nieuwe verwijzing nodig.");
        var support = page.Locator("article.intervention", new() { HasText = "Gezinsondersteuning thuis" });
        await Assertions.Expect(support.Locator(".transition")).ToContainTextAsync("Deze hulp loopt door onder de Jeugdwet (verlengde jeugdhulp, tot 23 jaar).");
        await Assertions.Expect(support.Locator(".funding dd").First).ToContainTextAsync("Jeugdwet · gemeente 0935");
        await Assertions.Expect(page.Locator("#taken ~ ul")).ToContainTextAsync($"Filip Janssen wordt 18 op {on}.");
        await Browsers.CheckAsync(page, "gezinsplan-overgang-18");
    }
}

using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The receiving clinician (issue 21): the worklist, the intake pool, and the lifecycle's steps with If-Match.</summary>
public sealed class ClinicianTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task Two_clinicians_take_the_same_step_at_once_one_succeeds_and_the_other_is_told_what_happened()
    {
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp());
        var id = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));

        var visser = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(visser, "Drs. A. Visser");
        await visser.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Werklijst" }).ClickAsync();
        await Assertions.Expect(visser.GetByRole(AriaRole.Heading, new() { Name = "Werklijst", Exact = true })).ToBeVisibleAsync();
        await Browsers.CheckAsync(visser, "werklijst");
        await visser.Locator($"a[href='verwijzingen/{id}']").ClickAsync();
        await Assertions.Expect(visser.GetByRole(AriaRole.Heading, new() { Name = "Beoordelen" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(visser, "verwijzing-ontvanger");

        var smit = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(smit, "Drs. B. Smit");
        await smit.GotoAsync($"/verwijzingen/{id}");

        await Task.WhenAll(
            visser.GetByRole(AriaRole.Button, new() { Name = "Beoordelen" }).ClickAsync(),
            smit.GetByRole(AriaRole.Button, new() { Name = "Beoordelen" }).ClickAsync());

        var told = new List<string>();
        foreach (var page in new[] { visser, smit })
        {
            await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Beoordeeld");
            var said = page.Locator(".notice[role=status], .error-summary[role=alert]");
            await Assertions.Expect(said).ToHaveCountAsync(1);
            told.Add(await said.InnerTextAsync());
        }

        Assert.Equal(["De verwijzing is intussen veranderd. Hieronder ziet u hoe hij nu is; probeer het zo nodig opnieuw.", "Gedaan: Beoordeeld."], told.Order());
        var (referral, _) = await Referrals.ReadAsync(gp, id);
        Assert.Single(referral["timeline"]!.AsArray(), t => t!["step"]!.GetValue<string>() == "triage");
    }

    [SkippableFact]
    public async Task A_clinician_takes_a_referral_from_the_pool_and_takes_it_through_to_treatment()
    {
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp());
        var id = await Referrals.ReferAsync(gp, Referrals.Daan());
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Drs. A. Visser");
        await page.GotoAsync("/werklijst");
        var pooled = page.Locator("ul.consents li", new() { HasText = "gemeente 0344" });
        await Assertions.Expect(pooled.First).ToBeVisibleAsync();
        await Assertions.Expect(pooled.First).Not.ToContainTextAsync("Daan");
        await pooled.First.GetByRole(AriaRole.Button, new() { Name = "Oppakken" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verwijzing van Daan de Vries" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Beoordelen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Gedaan: Beoordeeld.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Accepteren" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Geaccepteerd");
        var intake = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await page.Locator("#stap-schedule-intake-date").FillAsync(intake);
        await page.GetByLabel("De intake heeft op die dag plaatsgevonden").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Intake plannen of vastleggen" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Intakefase");
        await page.Locator("#stap-start-treatment-date").FillAsync(intake);
        await page.GetByRole(AriaRole.Button, new() { Name = "Start van de behandeling vastleggen" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("In behandeling");
        await Browsers.CheckAsync(page, "verwijzing-in-behandeling");

        var (referral, _) = await Referrals.ReadAsync(gp, id);
        Assert.Equal("in-treatment", referral["status"]!.GetValue<string>());
        Assert.Equal(["submit", "claim", "triage", "accept", "schedule-intake", "start-treatment"], referral["timeline"]!.AsArray().Select(t => t!["step"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task A_clinician_asks_who_would_pay_for_family_therapy_for_the_parents_before_planning_it()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "J. de Wit");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Wie betaalt het?" }).ClickAsync();
        await page.GetByLabel("Welke hulp").SelectOptionAsync(new SelectOptionValue { Label = "gezinstherapie" });
        await page.GetByLabel("Geboortedatum").FillAsync("1990-06-02");
        await page.GetByLabel("Gemeente").FillAsync("0344");
        await page.GetByLabel("Zorgverzekeraar").FillAsync("3311");
        await page.GetByRole(AriaRole.Button, new() { Name = "Wie betaalt?" }).ClickAsync();

        // Scenario 1 step 3: not the basic package on its own; supplementary insurance or self-pay, with the rule cited.
        var answer = page.Locator(".funding");
        await Assertions.Expect(answer).ToContainTextAsync("aanvullende verzekering");
        await Assertions.Expect(answer).ToContainTextAsync("zelf betalen");
        await Assertions.Expect(answer).Not.ToContainTextAsync("Zorgverzekeringswet");
        await Assertions.Expect(answer.Locator("cite").First).ToContainTextAsync("Zorgprestatiemodel");
        await Browsers.CheckAsync(page, "wie-betaalt");

        // As part of Sandra's treatment, because family problems hinder it: the Zvw.
        await page.GetByLabel("Er is een (vermoedelijke) DSM-5-stoornis vastgelegd").CheckAsync();
        await page.GetByLabel("Er is een geldige verwijzing").CheckAsync();
        await page.GetByLabel("Gezinstherapie als deel van de behandeling van een patiënt").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Wie betaalt?" }).ClickAsync();
        await Assertions.Expect(page.Locator(".funding dd").First).ToContainTextAsync("Zorgverzekeringswet");
    }
}

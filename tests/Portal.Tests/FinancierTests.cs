using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Municipalities and insurers (issue 21): their own population's funding, and nothing clinical on any page they open.</summary>
public sealed class FinancierTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task Scenario_1_step_7_Utrecht_sees_Daans_route_and_not_Sandras_and_no_page_it_opens_holds_a_diagnosis_or_a_reason()
    {
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp());
        using var youth = portal.Platform.Gateway.Client(Tokens.Clinician());
        await Referrals.ReferAsync(gp, Referrals.Sandra());
        var daansReferral = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        await Referrals.AcceptAsync(youth, daansReferral);
        var familyId = (await Referrals.ReadAsync(gp, daansReferral)).Referral["familyId"]!.GetValue<Guid>();
        var plan = await Plans.UntilAsync(youth, familyId, p => Plans.Shows(p, Families.Daan.Name), "Daan in his clinician's plan");
        var daanId = Plans.Member(plan, Referrals.DaanBsn)["memberId"]!.GetValue<Guid>();
        await Plans.AddInterventionAsync(youth, familyId, new
        {
            memberId = daanId, kind = "family-therapy", title = "Gezinstherapie rond het spijbelen", responsibleUserId = "clinician-94012345",
            startOn = TestClock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), plannedSessions = 8,
        });

        await Referrals.RequestAssignmentAsync(youth, daansReferral);
        using var utrechtApi = portal.Platform.Gateway.Client(Tokens.Municipality("0344"));
        await Eventually.Until(() => utrechtApi.GetFromJsonAsync<JsonObject>("/api/funding-routes/interventions?limit=20"),
            page => page!["items"]!.AsArray().Count > 0, "Daan's family therapy for Utrecht");

        var utrecht = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(utrecht, "Gemeente Utrecht");
        await utrecht.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Financiering van mijn inwoners of verzekerden" }).ClickAsync();
        var daan = utrecht.Locator("tbody tr", new() { HasText = Referrals.DaanBsn });
        await Assertions.Expect(daan.Locator("td.status")).ToHaveTextAsync("Jeugdwet");
        await Assertions.Expect(daan).ToContainTextAsync("54");
        await Browsers.CheckAsync(utrecht, "financiering-gemeente");
        await utrecht.GetByLabel("Wet").SelectOptionAsync(new SelectOptionValue { Label = "Wmo" });
        await utrecht.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Assertions.Expect(utrecht.GetByText("U betaalt nog geen trajecten.")).ToBeVisibleAsync();
        await utrecht.GetByLabel("Wet").SelectOptionAsync(new SelectOptionValue { Label = "Jeugdwet" });
        await utrecht.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Assertions.Expect(utrecht.Locator("tbody tr", new() { HasText = Referrals.DaanBsn })).ToBeVisibleAsync();

        // The interventions it pays, filtered by kind and by law.
        await utrecht.GetByRole(AriaRole.Link, new() { Name = "Behandelingen en hulp die u betaalt" }).ClickAsync();
        await utrecht.GetByLabel("Soort").SelectOptionAsync(new SelectOptionValue { Label = "gezinstherapie" });
        await utrecht.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        var therapy = utrecht.Locator("tbody tr", new() { HasText = Referrals.DaanBsn });
        await Assertions.Expect(therapy).ToContainTextAsync("gezinstherapie");
        await Assertions.Expect(therapy.Locator("td.status")).ToHaveTextAsync("Jeugdwet · 54");
        await Browsers.CheckAsync(utrecht, "financiering-interventies");
        await utrecht.GetByLabel("Wet").SelectOptionAsync(new SelectOptionValue { Label = "Wmo" });
        await utrecht.GetByRole(AriaRole.Button, new() { Name = "Filteren" }).ClickAsync();
        await Assertions.Expect(utrecht.Locator("tbody tr")).ToHaveCountAsync(0);

        // What family therapy is worth for its population, as a chart with a table beside it.
        await utrecht.GetByRole(AriaRole.Link, new() { Name = "Wat gezinstherapie oplevert" }).ClickAsync();
        await Assertions.Expect(utrecht.Locator("svg.chart title")).ToHaveTextAsync("Wat gezinstherapie oplevert");
        await Assertions.Expect(utrecht.Locator("tbody tr", new() { HasText = "alle gezinstherapieën" }).Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Browsers.CheckAsync(utrecht, "financiering-gezinstherapie");

        // The JW315 request for Daan.
        await utrecht.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Toewijzingsaanvragen" }).ClickAsync();
        await Assertions.Expect(utrecht.Locator("section.person", new() { HasText = Referrals.DaanBsn }).Locator("dd.status")).ToHaveTextAsync("Aangevraagd");
        await Browsers.CheckAsync(utrecht, "toewijzingen");

        foreach (var path in new[] { "/", "/financiering", "/financiering/interventies", "/financiering/gezinstherapie", "/toewijzingen" })
        {
            await utrecht.GotoAsync(path);
            var html = await utrecht.ContentAsync();
            foreach (var clinical in new[] { Referrals.SandraBsn, "Sandra", "F32", "depressive", "Low mood", "Truancy", "Spijbel", "Daan de Vries" })
            {
                Assert.DoesNotContain(clinical, html, StringComparison.OrdinalIgnoreCase);
            }
        }

        // The insurer sees Sandra's Zvw route and not Daan's.
        using var insurerApi = portal.Platform.Gateway.Client(Tokens.Insurer("3311"));
        await Eventually.Until(() => insurerApi.GetFromJsonAsync<JsonObject>("/api/funding-routes?limit=20"),
            page => page!["items"]!.AsArray().Count > 0, "Sandra's route for her insurer");
        var insurer = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(insurer, "Zorgverzekeraar 3311");
        await insurer.GotoAsync("/financiering");
        await Assertions.Expect(insurer.Locator("tbody tr", new() { HasText = Referrals.SandraBsn }).Locator("td.status")).ToHaveTextAsync("Zvw");
        await Assertions.Expect(insurer.Locator("body")).Not.ToContainTextAsync(Referrals.DaanBsn);
        await Browsers.CheckAsync(insurer, "financiering-verzekeraar");
        await insurer.GotoAsync("/financiering/interventies");
        await Assertions.Expect(insurer.Locator("body")).Not.ToContainTextAsync(Referrals.DaanBsn);
        await insurer.GotoAsync("/toewijzingen");
        await Assertions.Expect(insurer.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" })).ToBeVisibleAsync();
    }
}

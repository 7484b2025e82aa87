using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The family plan page (issue 21): one page for the family, filtered by consent on every load.</summary>
public sealed class PlanTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string PsychologyPractice = "73732222";
    private static readonly Person Lisa = Families.Lisa;
    private static readonly Person Ingrid = Families.Ingrid;

    [SkippableFact]
    public async Task Scenario_3_step_3_Lisas_psychologist_sees_Ingrids_care_data_only_while_Ingrid_consents_in_her_own_session()
    {
        using var lisasGp = portal.Platform.Gateway.Client(Tokens.Gp("01014444"));
        using var ingridsGp = portal.Platform.Gateway.Client(Tokens.Gp("01015555"));
        using var psychologistApi = portal.Platform.Gateway.Client(Tokens.Clinician(domain: "adult", agb: "94042222", org: PsychologyPractice));
        var lisasReferral = await Referrals.ReferAsync(lisasGp, Families.Adult(Lisa, "0014", "7029", ("G47.00", "Insomnia disorder"),
            "Slaap- en concentratieproblemen.", "01014444", Families.Omar.As("partner")).To(PsychologyPractice, "Psychologiepraktijk Noord"));
        var ingridsReferral = Families.Adult(Ingrid, "0193", "3311", ("F31.9", "Bipolaire stoornis, niet gespecificeerd"),
            "Bipolaire stoornis, specialistische zorg nodig.", "01015555", Lisa.As("child"));
        ingridsReferral["careLevel"] = "specialised";
        await Referrals.ReferAsync(ingridsGp, ingridsReferral);
        await Referrals.AcceptAsync(psychologistApi, lisasReferral);
        var familyId = (await Referrals.ReadAsync(lisasGp, lisasReferral)).Referral["familyId"]!.GetValue<Guid>();
        var plan = await Plans.UntilAsync(psychologistApi, familyId, p => Plans.Shows(p, Lisa.Name), "Lisa in her psychologist's plan");
        var lisaId = Plans.Member(plan, Lisa.Bsn)["memberId"]!.GetValue<Guid>();

        // Her psychologist plans and measures: a goal, family sessions in her treatment (scenario 3 step 2), two PHQ-9 scores.
        const string psychologist = "clinician-94042222";
        await PostAsync(psychologistApi, $"/api/families/{familyId}/goals", new { memberId = lisaId, title = "Weer doorslapen", ownerUserId = psychologist, evaluationOn = Day(42) });
        await PostAsync(psychologistApi, $"/api/families/{familyId}/interventions", new
        {
            memberId = lisaId, kind = "family-therapy", title = "Gezinsgesprekken met moeder en Omar", responsibleUserId = psychologist, startOn = Day(-20), plannedSessions = 6,
        });
        await PostAsync(psychologistApi, $"/api/families/{familyId}/outcomes", new { memberId = lisaId, instrumentId = "phq-9", score = 17, measuredOn = Day(-28) });
        await PostAsync(psychologistApi, $"/api/families/{familyId}/outcomes", new { memberId = lisaId, instrumentId = "phq-9", score = 11, measuredOn = Day(0) });
        await Plans.UntilAsync(psychologistApi, familyId, p => p["interventions"]!.AsArray().All(i => i!["funding"] is JsonObject), "the family sessions' funding answer");

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Drs. S. Mulder");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Gezinnen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gezinnen", Level = 1 })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "gezinnen");
        await page.GetByRole(AriaRole.Link, new() { Name = Lisa.Name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Gezinsplan", Exact = false, Level = 1 })).ToBeVisibleAsync();

        // Before Ingrid consents: Lisa's part with the funding beside her family sessions and her scores as a chart; Omar by name
        // and relation only ("geen toestemming"); of Ingrid nothing.
        var lisa = Member(page, Lisa.Name);
        await Assertions.Expect(lisa).ToContainTextAsync("G47.00");
        await Assertions.Expect(Member(page, Families.Omar.Name)).ToContainTextAsync("geen toestemming");
        await Assertions.Expect(Member(page, Families.Omar.Name)).ToContainTextAsync("partner van Lisa Visser");
        var sessions = page.Locator("article.intervention", new() { HasText = "Gezinsgesprekken met moeder en Omar" });
        await Assertions.Expect(sessions.Locator(".funding")).ToContainTextAsync("Zorgverzekeringswet");
        await Assertions.Expect(page.Locator("svg.tree")).ToContainTextAsync("Omar Haddad");
        await Assertions.Expect(page.Locator("svg.chart polyline")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("svg.chart title")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Hoe het gaat"));
        await Assertions.Expect(page.Locator("table", new() { HasText = "PHQ" }).Locator("tbody tr")).ToHaveCountAsync(2);
        await AssertWithoutIngridsCareAsync(page);
        await Browsers.CheckAsync(page, "gezinsplan");

        // Ingrid consents for her own data, in her own session: the next load shows her referral, and the tree her line to Lisa.
        var ingrid = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(ingrid, Ingrid.Name);
        await ingrid.GotoAsync("/gezin");
        var herself = ingrid.Locator("section.person", new() { Has = ingrid.GetByRole(AriaRole.Heading, new() { Name = "Ingrid Visser (uzelf)" }) });
        await herself.GetByRole(AriaRole.Radio, new() { Name = "Zorggegevens delen met de hulpverleners van het gezin" }).CheckAsync();
        await herself.GetByRole(AriaRole.Button, new() { Name = "Toestemming geven" }).ClickAsync();
        await Assertions.Expect(ingrid.GetByRole(AriaRole.Status)).ToHaveTextAsync("Toestemming gegeven: dit wordt gedeeld.");
        // She reads the plan herself: her own part, and not the team's change history.
        await ingrid.GetByRole(AriaRole.Link, new() { Name = "Naar het gezinsplan" }).ClickAsync();
        await Assertions.Expect(Member(ingrid, Ingrid.Name)).ToContainTextAsync("F31.9");
        await Assertions.Expect(ingrid.GetByRole(AriaRole.Heading, new() { Name = "Wijzigingen" })).ToHaveCountAsync(0);
        await Browsers.CheckAsync(ingrid, "gezinsplan-client");
        await ingrid.GotoAsync("/gezin");

        await page.ReloadAsync();
        await Assertions.Expect(Member(page, Ingrid.Name)).ToContainTextAsync("F31.9 Bipolaire stoornis");
        await Assertions.Expect(Member(page, Ingrid.Name)).ToContainTextAsync("toestemming gegeven");
        await Assertions.Expect(page.Locator("ul.relations")).ToContainTextAsync("Ingrid Visser is ouder van Lisa Visser");
        await Browsers.CheckAsync(page, "gezinsplan-met-toestemming");

        // She withdraws: on the next load her care data is gone again.
        await herself.GetByRole(AriaRole.Button, new() { Name = "voor Ingrid Visser intrekken" }).ClickAsync();
        await Assertions.Expect(ingrid.GetByRole(AriaRole.Status)).ToHaveTextAsync("De toestemming is ingetrokken. Vanaf nu wordt er niets meer gedeeld.");
        await page.ReloadAsync();
        await Assertions.Expect(Member(page, Lisa.Name)).ToBeVisibleAsync();
        await AssertWithoutIngridsCareAsync(page);
    }

    private static ILocator Member(IPage page, string name) =>
        page.Locator("section.member", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true }) });

    private static async Task AssertWithoutIngridsCareAsync(IPage page)
    {
        var html = await page.ContentAsync();
        Assert.DoesNotContain("F31.9", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Bipolaire", html, StringComparison.Ordinal);
        Assert.DoesNotContain(Ingrid.Name, html, StringComparison.Ordinal);
    }

    private static string Day(int offset) => TestClock.Today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task PostAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

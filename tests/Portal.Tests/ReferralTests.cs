using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>The GP's referral in the browser: the form in steps, its checks in Dutch, the referral's page, and another practice's referral.</summary>
public sealed class ReferralTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task A_GP_refers_Noah_in_steps_a_wrong_BSN_is_named_before_sending_and_a_double_click_makes_one_referral()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Nieuwe verwijzing" }).ClickAsync();
        await PortalSteps.ExpectStepAsync(page, "Patiënt");
        await Browsers.CheckAsync(page, "verwijzing-1-patient");

        await PortalSteps.PatientAsync(page, "999900019", "Noah Jansen", "2011-03-14", "0344");
        await PortalSteps.NextAsync(page);
        var bsnError = page.Locator("#veld-subject-bsn-error");
        await Assertions.Expect(bsnError).ToHaveTextAsync("Dit BSN klopt niet. Een BSN heeft 9 cijfers en moet de elfproef halen.");
        await Assertions.Expect(page.GetByLabel("BSN")).ToHaveAttributeAsync("aria-invalid", "true");
        await Browsers.CheckAsync(page, "verwijzing-1-fout");

        // A person of this test's own: the other tests of the class refer Daan and Sandra.
        await page.GetByLabel("BSN").FillAsync("999901011");
        await PortalSteps.NextAsync(page);
        await PortalSteps.ExpectStepAsync(page, "Huishouden");
        await PortalSteps.MemberAsync(page, 0, "999901023", "Eva Jansen", "1985-01-20", "parent", custody: true);
        await Browsers.CheckAsync(page, "verwijzing-2-huishouden");
        await PortalSteps.NextAsync(page);

        await PortalSteps.ExpectStepAsync(page, "Zorgvraag");
        await page.GetByLabel("Wat is de zorg?").FillAsync("Spijbelt en trekt zich terug sinds de middelbare school.");
        await page.GetByLabel("Jeugdhulp (jonger dan 18, Jeugdwet)").CheckAsync();
        await Browsers.CheckAsync(page, "verwijzing-3-zorgvraag");
        await PortalSteps.NextAsync(page);

        await PortalSteps.ExpectStepAsync(page, "Ontvanger");
        await PortalSteps.ReceiverAsync(page, "Jeugd-GGZ", "Jeugd-GGZ Utrecht");
        await Browsers.CheckAsync(page, "verwijzing-4-ontvanger");
        await PortalSteps.NextAsync(page);

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Controleren en versturen" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "verwijzing-5-controleren");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).DblClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verwijzing van Noah Jansen" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("De verwijzing is verstuurd.", new() { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Ontvangen");
        await Assertions.Expect(page.GetByText("Jeugd-GGZ Utrecht")).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "verwijzing-pagina");

        // One referral, whatever the double click sent: the list and the API agree.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mijn verwijzingen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Noah Jansen" })).ToHaveCountAsync(1);
        using var gp = portal.Platform.Gateway.Client(Tokens.Create("gp", new Dictionary<string, string> { ["agb"] = "01012345" }));
        var list = await gp.GetFromJsonAsync<JsonObject>("/api/referrals?limit=100");
        Assert.Single(list!["items"]!.AsArray(), i => i!["subjectName"]!.GetValue<string>() == "Noah Jansen");
    }

    [SkippableFact]
    public async Task Scenario_2_step_1_an_urgent_referral_without_its_reason_is_refused_in_Dutch_beside_the_field()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GotoAsync("/verwijzingen/nieuw");
        await PortalSteps.PatientAsync(page, "999900031", "Anne Bakker", "2017-05-04", "0307");
        await PortalSteps.NextAsync(page);
        await PortalSteps.NextAsync(page);
        await page.GetByLabel("Wat is de zorg?").FillAsync("Anne vertelde haar juf dat ze dood wil.");
        await page.GetByLabel("Jeugdhulp (jonger dan 18, Jeugdwet)").CheckAsync();
        await page.GetByLabel("Spoed", new() { Exact = true }).CheckAsync();
        await PortalSteps.NextAsync(page);

        await PortalSteps.ExpectStepAsync(page, "Zorgvraag");
        await Assertions.Expect(page.Locator("#veld-urgentReason-error")).ToHaveTextAsync("Geef aan waarom de verwijzing spoed heeft.");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Geef aan waarom de verwijzing spoed heeft.");
        await Browsers.CheckAsync(page, "verwijzing-spoed-zonder-reden");

        await page.GetByLabel("Waarom is er spoed?").FillAsync("Uitspraken over dood willen zijn; veiligheid thuis onduidelijk.");
        await PortalSteps.NextAsync(page);
        await PortalSteps.ExpectStepAsync(page, "Ontvanger");
        await PortalSteps.ReceiverAsync(page, "Gezinstherapie", "Praktijk voor Gezinstherapie De Linde");
        await PortalSteps.NextAsync(page);
        await PortalSteps.SendAsync(page, "Anne Bakker");

        // The referrer sees "received" at once, with the urgent-triage clock running.
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Ontvangen");
        await Assertions.Expect(page.GetByText("Beoordeling bij spoed", new() { Exact = false })).ToBeVisibleAsync();
    }

    [SkippableFact]
    public async Task A_problem_only_the_API_finds_is_shown_in_Dutch_beside_its_field()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GotoAsync("/verwijzingen/nieuw");
        await PortalSteps.PatientAsync(page, Referrals.SandraBsn, "Sandra de Vries", "1990-06-02", "0344", uzovi: "3311");
        await PortalSteps.NextAsync(page);
        await PortalSteps.NextAsync(page);
        await page.GetByLabel("Wat is de zorg?").FillAsync("Somber sinds de jongens naar de middelbare school gaan.");
        await page.GetByLabel("Volwassenen-GGZ (18 of ouder, Zorgverzekeringswet)").CheckAsync();
        await page.GetByLabel("Generalistische basis-GGZ").CheckAsync();
        // A well-formed code the DSM list does not hold: only the API knows (422).
        await page.GetByLabel("Vermoedelijke stoornis (DSM-5, ICD-10-code)").FillAsync("Q99.9");
        await page.GetByLabel("Omschrijving van de stoornis").FillAsync("Onbekend");
        await PortalSteps.NextAsync(page);
        await PortalSteps.NextAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).ClickAsync();

        await PortalSteps.ExpectStepAsync(page, "Zorgvraag");
        await Assertions.Expect(page.Locator("#veld-suspectedDsm-code-error")).ToHaveTextAsync("Deze code kennen we niet. Controleer de ICD-10-code van de DSM-5-classificatie.");
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("suspectedDsm");
        await Browsers.CheckAsync(page, "verwijzing-api-fout");
    }

    [SkippableFact]
    public async Task A_GP_cannot_reach_another_practices_referral_by_editing_the_address()
    {
        using var otherGp = portal.Platform.Gateway.Client(Tokens.Create("gp", new Dictionary<string, string> { ["agb"] = "01099999" }));
        var referral = Referrals.Daan();
        referral["referrer"]!["agb"] = "01099999";
        var id = await Referrals.ReferAsync(otherGp, referral);

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        var response = await page.GotoAsync($"/verwijzingen/{id}");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Niet gevonden" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Daan");
        await Browsers.CheckAsync(page, "verwijzing-niet-gevonden");

        var letter = await page.APIRequest.GetAsync($"/verwijzingen/{id}/brief.pdf");
        Assert.Equal((int)HttpStatusCode.NotFound, letter.Status);
    }

    [SkippableFact]
    public async Task News_from_the_receiver_is_marked_on_the_GPs_list_newest_change_first_until_the_GP_opens_the_referral()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp());
        var quiet = await Referrals.ReferAsync(gpApi, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        var moving = await Referrals.ReferAsync(gpApi, Referrals.Sandra().To(Referrals.AdultPractice, "Psychologiepraktijk Oost"));

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GotoAsync("/verwijzingen");
        await Assertions.Expect(page.Locator("tr.unread")).ToHaveCountAsync(0);

        // The receiver triages one of them; on the GP's next look it is first, marked new, with its new status.
        using var clinician = portal.Platform.Gateway.Client(Tokens.Clinician("adult", org: Referrals.AdultPractice));
        await Referrals.TakeAsync(clinician, moving, "triage");
        await page.ReloadAsync();
        var first = page.Locator("tbody tr").First;
        await Assertions.Expect(first).ToContainTextAsync("Sandra de Vries");
        await Assertions.Expect(first).ToHaveClassAsync("unread");
        await Assertions.Expect(first.Locator("td.status")).ToHaveTextAsync("Beoordeeld");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Eén verwijzing heeft nieuws sinds u keek.");
        await Assertions.Expect(page.Locator($"tbody tr:has(a[href='verwijzingen/{quiet}'])")).Not.ToHaveClassAsync("unread");
        await Browsers.CheckAsync(page, "verwijzingen-nieuws");

        await first.GetByRole(AriaRole.Link, new() { Name = "Sandra de Vries" }).ClickAsync();
        await Assertions.Expect(page.Locator("ol.timeline li").First).ToContainTextAsync("Beoordeeld");
        await page.GotoAsync("/verwijzingen");
        await Assertions.Expect(page.Locator("tr.unread")).ToHaveCountAsync(0);
    }

    [SkippableFact]
    public async Task The_POH_sees_the_referrals_to_the_practices_own_POH_and_their_kindcheck()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp());
        var toPoh = Referrals.Sandra().To("01012345", "POH-GGZ Huisartsenpraktijk Lombok");
        toPoh["household"] = new JsonArray(
            new JsonObject { ["bsn"] = Referrals.DaanBsn, ["name"] = "Daan de Vries", ["birthDate"] = "2011-03-14", ["relation"] = "child", ["custody"] = true });
        var id = await Referrals.ReferAsync(gpApi, toPoh);
        using var pohApi = portal.Platform.Gateway.Client(Tokens.Poh());
        await Referrals.TakeAsync(pohApi, id, "triage");
        var accepted = await Referrals.TakeAsync(pohApi, id, "accept");
        var familyId = accepted["familyId"]!.GetValue<Guid>();
        await Plans.UntilAsync(pohApi, familyId, p => p["members"]!.AsArray().Any(m => m!["tasks"]?.AsArray().Count > 0), "the POH's kindcheck");

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "M. Jansen");
        await page.GotoAsync("/verwijzingen");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Verwijzingen naar mij als POH-GGZ" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("table").First.Locator("tbody tr", new() { HasText = "Sandra de Vries" })).ToContainTextAsync("Geaccepteerd");
        await Browsers.CheckAsync(page, "poh-verwijzingen");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mijn taken" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mijn taken" })).ToBeVisibleAsync();
        var task = page.Locator("tbody tr", new() { HasText = "Sandra de Vries" });
        await Assertions.Expect(task.Locator("td.status")).ToHaveTextAsync("Kindcheck");
        await Assertions.Expect(task).ToContainTextAsync("Daan de Vries");
        await Browsers.CheckAsync(page, "poh-taken");
    }

    [SkippableFact]
    public async Task The_GP_supplements_and_cancels_on_the_referrals_page_and_a_step_the_receiver_took_first_is_explained()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp());
        var id = await Referrals.ReferAsync(gpApi, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GotoAsync($"/verwijzingen/{id}");

        await page.GetByLabel("Wat wilt u toevoegen?").FillAsync("De school meldt dat Daan sinds twee weken niet meer komt.");
        await page.GetByLabel("Waarom vult u aan?").FillAsync("Nieuwe informatie van school.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Aanvullen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("De aanvulling is verstuurd.");
        await Assertions.Expect(page.Locator("ol.timeline li").First).ToContainTextAsync("Aangevuld");

        // The page was read before the receiver triaged: cancelling with that version is explained, not a crash.
        using var clinician = portal.Platform.Gateway.Client(Tokens.Clinician());
        await Referrals.TakeAsync(clinician, id, "triage");
        await page.GetByLabel("Waarom trekt u de verwijzing in?").FillAsync("Het gezin verhuist naar het buitenland.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing intrekken" }).ClickAsync();
        await Assertions.Expect(page.Locator("#veld-cancel-reason-error")).ToHaveTextAsync(
            "De verwijzing is intussen veranderd. Hieronder ziet u hoe hij nu is; probeer het zo nodig opnieuw.");
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Beoordeeld");
        await Browsers.CheckAsync(page, "verwijzing-intussen-veranderd");

        await page.GetByLabel("Waarom trekt u de verwijzing in?").FillAsync("Het gezin verhuist naar het buitenland.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing intrekken" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("De verwijzing is ingetrokken.");
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("Ingetrokken");
        await Assertions.Expect(page.Locator("ol.timeline li").First).ToContainTextAsync("Reden: Het gezin verhuist naar het buitenland.");
        Assert.Equal("cancelled", (await Referrals.ReadAsync(gpApi, id)).Referral["status"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_cancel_the_referral_no_longer_allows_since_treatment_started_meanwhile_is_explained()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp());
        var id = await Referrals.ReferAsync(gpApi, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        await page.GotoAsync($"/verwijzingen/{id}");
        await page.GetByLabel("Waarom trekt u de verwijzing in?").FillAsync("Niet meer nodig.");

        // While the page stands open, the receiver takes the referral into treatment: cancelling is no longer possible.
        using var clinician = portal.Platform.Gateway.Client(Tokens.Clinician());
        var day = TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Referrals.TakeAsync(clinician, id, "triage");
        await Referrals.TakeAsync(clinician, id, "accept");
        await Referrals.TakeAsync(clinician, id, "schedule-intake", new { intakeDate = day, held = true });
        await Referrals.TakeAsync(clinician, id, "start-treatment", new { treatmentStartDate = day });

        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing intrekken" }).ClickAsync();
        await Assertions.Expect(page.Locator("dd.status")).ToHaveTextAsync("In behandeling");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(
            "De verwijzing is intussen veranderd. Hieronder ziet u hoe hij nu is; probeer het zo nodig opnieuw.");
        Assert.Equal("in-treatment", (await Referrals.ReadAsync(gpApi, id)).Referral["status"]!.GetValue<string>());
    }
}

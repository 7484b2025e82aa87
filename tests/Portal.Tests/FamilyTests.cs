using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Scenario 1 clicked through, and a parent on a phone: consent in plain Dutch, given and withdrawn, and who looked.</summary>
public sealed class FamilyTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Practice = Families.GpAgb;
    private static readonly Person Sandra = Families.Sandra;
    private static readonly Person Daan = Families.Daan;

    [SkippableFact]
    public async Task Scenario_1_the_GP_refers_Sandra_and_Daan_Sandra_consents_and_Daans_data_shows_to_the_other_world_only_once_he_consents_too()
    {
        // Step 1: the GP refers Sandra, here to an adult psychologist of another organisation: the other world's clinician, who
        // (unlike the practice's own POH-GGZ, which referred Daan itself) has no ground but consent to see Daan's part.
        var gp = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(gp, "Dr. P. de Boer");
        await gp.GotoAsync("/verwijzingen/nieuw");
        await PortalSteps.PatientAsync(gp, Referrals.SandraBsn, "Sandra de Vries", "1990-06-02", "0344", uzovi: "3311");
        await PortalSteps.NextAsync(gp);
        await PortalSteps.MemberAsync(gp, 0, Referrals.DaanBsn, "Daan de Vries", "2011-03-14", "child");
        await PortalSteps.NextAsync(gp);
        await gp.GetByLabel("Wat is de zorg?").FillAsync("Somber sinds de jongens naar de middelbare school gaan.");
        await gp.GetByLabel("Volwassenen-GGZ (18 of ouder, Zorgverzekeringswet)").CheckAsync();
        await gp.GetByLabel("Generalistische basis-GGZ").CheckAsync();
        await gp.GetByLabel("Vermoedelijke stoornis (DSM-5, ICD-10-code)").FillAsync("F32.0");
        await gp.GetByLabel("Omschrijving van de stoornis").FillAsync("Depressieve stoornis, eenmalige episode, licht");
        await PortalSteps.NextAsync(gp);
        await PortalSteps.ReceiverAsync(gp, "Noord", "Psychologiepraktijk Noord");
        await PortalSteps.NextAsync(gp);
        await PortalSteps.SendAsync(gp, "Sandra de Vries");
        var sandrasReferral = Guid.Parse(gp.Url.Split('/')[^1].Split('?')[0]);

        // Step 4: the GP refers Daan to youth GGZ, his mother with custody at home.
        await gp.GotoAsync("/verwijzingen/nieuw");
        await PortalSteps.PatientAsync(gp, Referrals.DaanBsn, "Daan de Vries", "2011-03-14", "0344");
        await PortalSteps.NextAsync(gp);
        await PortalSteps.MemberAsync(gp, 0, Referrals.SandraBsn, "Sandra de Vries", "1990-06-02", "parent", custody: true);
        await PortalSteps.NextAsync(gp);
        await gp.GetByLabel("Wat is de zorg?").FillAsync("Spijbelt; de schoolmaatschappelijk werker maakt zich zorgen.");
        await gp.GetByLabel("Jeugdhulp (jonger dan 18, Jeugdwet)").CheckAsync();
        await PortalSteps.NextAsync(gp);
        await PortalSteps.ReceiverAsync(gp, "Jeugd-GGZ", "Jeugd-GGZ Utrecht");
        await PortalSteps.NextAsync(gp);
        await PortalSteps.SendAsync(gp, "Daan de Vries");
        var familyId = (await Referrals.ReadAsync(portal.Platform.Gateway.Client(Tokens.Gp(Practice)), sandrasReferral)).Referral["familyId"]!.GetValue<Guid>();

        // Sandra's psychologist accepts her referral (the clinicians' screens are issue 21) and so joins the care team.
        using var psychologist = portal.Platform.Gateway.Client(Tokens.Clinician("adult", agb: "94042222", org: "73732222"));
        await Referrals.TakeAsync(psychologist, sandrasReferral, "triage");
        await Referrals.TakeAsync(psychologist, sandrasReferral, "accept");
        using var sandraApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        await Consents.MemberIdAsync(sandraApi, Daan);

        // Step 2: Sandra consents to share her own data with the team around the family.
        var sandra = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(sandra, "Sandra de Vries");
        await sandra.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mijn gezin en toestemming" }).ClickAsync();
        var herself = sandra.Locator("section.person", new() { Has = sandra.GetByRole(AriaRole.Heading, new() { Name = "Sandra de Vries (uzelf)" }) });
        var son = sandra.Locator("section.person", new() { Has = sandra.GetByRole(AriaRole.Heading, new() { Name = "Daan de Vries (uw kind)" }) });
        await Assertions.Expect(herself).ToContainTextAsync("U beslist zelf.");
        await Assertions.Expect(son).ToContainTextAsync("Daan de Vries is 12 tot 16 jaar. Daan de Vries en een ouder met gezag moeten allebei toestemming geven.");
        await Browsers.CheckAsync(sandra, "gezin-voor-toestemming");
        await herself.GetByRole(AriaRole.Radio, new() { Name = "Zorggegevens delen met de hulpverleners van het gezin" }).CheckAsync();
        await herself.GetByRole(AriaRole.Button, new() { Name = "Toestemming geven" }).ClickAsync();
        await Assertions.Expect(sandra.GetByRole(AriaRole.Status)).ToHaveTextAsync("Toestemming gegeven: dit wordt gedeeld.");

        // Step 5: only the parent consents for Daan: awaiting him, and his data is not shared.
        await son.GetByRole(AriaRole.Radio, new() { Name = "Zorggegevens delen met de hulpverleners van het gezin" }).CheckAsync();
        await son.GetByRole(AriaRole.Button, new() { Name = "Toestemming geven" }).ClickAsync();
        await Assertions.Expect(son).ToContainTextAsync("Daan de Vries moet ook toestemming geven. Tot dan wordt er niets gedeeld.");
        await Browsers.CheckAsync(sandra, "gezin-wacht-op-daan");
        var plan = await Plans.UntilAsync(psychologist, familyId, p => Plans.Shows(p, "Sandra de Vries"), "the psychologist to see Sandra, her client");
        Assert.False(Plans.Shows(plan, "Daan de Vries"));

        // Daan consents too: now the adult side sees his part.
        var daan = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(daan, "Daan de Vries");
        await daan.GotoAsync("/gezin");
        var himself = daan.Locator("section.person", new() { Has = daan.GetByRole(AriaRole.Heading, new() { Name = "Daan de Vries (uzelf)" }) });
        await Assertions.Expect(himself).ToContainTextAsync("U bent 12 tot 16 jaar. U en een ouder met gezag moeten allebei toestemming geven.");
        await Assertions.Expect(himself).ToContainTextAsync("Daan de Vries moet ook toestemming geven.");
        await himself.GetByRole(AriaRole.Radio, new() { Name = "Zorggegevens delen met de hulpverleners van het gezin" }).CheckAsync();
        await himself.GetByRole(AriaRole.Button, new() { Name = "Toestemming geven" }).ClickAsync();
        await Assertions.Expect(daan.GetByRole(AriaRole.Status)).ToHaveTextAsync("Toestemming gegeven: dit wordt gedeeld.");
        await Browsers.CheckAsync(daan, "gezin-jongere");
        await Plans.UntilAsync(psychologist, familyId, p => Plans.Shows(p, "Daan de Vries"), "the psychologist to see Daan's part once he consented too");

        // The GP's list shows what came back: Sandra's referral accepted, Daan's received.
        await gp.GotoAsync("/verwijzingen");
        await Assertions.Expect(gp.Locator("tr", new() { HasText = "Psychologiepraktijk Noord" }).Locator("td.status")).ToHaveTextAsync("Geaccepteerd");
        await Assertions.Expect(gp.Locator("tr", new() { HasText = "Daan de Vries" }).Locator("td.status")).ToHaveTextAsync("Ontvangen");
        await Browsers.CheckAsync(gp, "verwijzingen-statussen");
    }

    [SkippableFact]
    public async Task A_parent_withdraws_a_consent_on_a_phone_and_the_access_log_shows_who_read_her_data()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp(Practice));
        var familyId = await Referrals.SubmitAsync(gpApi, Referrals.Sandra());
        // The GP reads the plan with Sandra in it: a read of her data, which her access log will show.
        await Plans.UntilAsync(gpApi, familyId, p => Plans.Shows(p, Sandra.Name), "the GP to see Sandra in the plan");
        using var sandraApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        var sandraId = await Consents.MemberIdAsync(sandraApi, Sandra);
        using (var declared = await sandraApi.PostAsJsonAsync("/api/consents", Consents.Body(sandraId, "mdo", "care-team", familyId.ToString())))
        {
            Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        }

        var phone = await portal.NewPageAsync(phone: true);
        await PortalSteps.SignInAsync(phone, "Sandra de Vries");
        await phone.GotoAsync("/gezin");
        var herself = phone.Locator("section.person", new() { Has = phone.GetByRole(AriaRole.Heading, new() { Name = "Sandra de Vries (uzelf)" }) });
        await Assertions.Expect(herself).ToContainTextAsync("Meedoen aan een overleg (MDO): met het team van hulpverleners rond uw gezin");
        await Browsers.CheckAsync(phone, "telefoon-gezin");
        await herself.GetByRole(AriaRole.Button, new() { Name = "Meedoen aan een overleg (MDO) voor Sandra de Vries intrekken" }).ClickAsync();
        await Assertions.Expect(phone.GetByRole(AriaRole.Status)).ToHaveTextAsync("De toestemming is ingetrokken. Vanaf nu wordt er niets meer gedeeld.");
        await Assertions.Expect(herself).ToContainTextAsync("Ingetrokken: dit wordt niet meer gedeeld.");
        var consents = await sandraApi.GetFromJsonAsync<JsonArray>($"/api/consents?subject={sandraId}");
        Assert.Equal("withdrawn", consents!.Single(c => c!["purpose"]!["code"]!.GetValue<string>() == "mdo")!["state"]!.GetValue<string>());

        // A clinician of another organisation breaks the glass and reads her part: her log flags it.
        using var clinician = portal.Platform.Gateway.Client(Tokens.Clinician(domain: "adult", agb: "94099999", org: "73730099"));
        using (var glass = await clinician.PostAsJsonAsync("/api/consents/emergency-access", new { subject = sandraId, reason = "Opgenomen in crisis vannacht." }))
        {
            Assert.Equal(HttpStatusCode.Created, glass.StatusCode);
        }

        Assert.True(Plans.Shows(await Plans.ReadAsync(clinician, familyId), Sandra.Name));

        await phone.GotoAsync("/inzage");
        await Assertions.Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Wie heeft de gegevens van Sandra de Vries bekeken" })).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("ol.timeline li", new() { HasText = "heeft bekeken: het gezinsplan" }).First).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("ol.timeline li", new() { HasText = "heeft gewijzigd: een toestemming" }).First).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator("ol.timeline li", new() { HasText = "heeft bekeken: het gezinsplan" }).Filter(new() { HasText = "noodtoegang" }))
            .Not.ToHaveCountAsync(0);
        await Browsers.CheckAsync(phone, "telefoon-inzage");
    }

    [SkippableFact]
    public async Task A_parent_gives_consent_with_the_keyboard_alone()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp(Practice));
        await Referrals.SubmitAsync(gpApi, Referrals.Sandra());
        using var sandraApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        await Consents.MemberIdAsync(sandraApi, Sandra);

        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        // The skip link is the page's first stop (the page itself puts the focus on its heading when it loads, for
        // screen readers); it takes the focus past the menu to the content.
        Assert.True(await page.EvaluateAsync<bool>("document.querySelector('a[href], button, input, select, textarea') === document.querySelector('a.skip')"));
        await page.Locator("a.skip").FocusAsync();
        Assert.Equal("Naar de inhoud", await FocusedTextAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement.closest('main') !== null"), "the Tab after the skip link stayed out of the content");
        Assert.Equal("Inloggen", await FocusedTextAsync(page));
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen als demogebruiker" })).ToBeVisibleAsync();
        await TabToAsync(page, "Sandra de Vries");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Welkom, Sandra de Vries.")).ToBeVisibleAsync();

        await TabToAsync(page, "Mijn gezin en toestemming");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mijn gezin en toestemming" })).ToBeVisibleAsync();
        // Tab enters a group of radio buttons at its first; the arrow keys choose within it.
        await TabToAsync(page, "Zorggegevens delen met de hulpverleners van het gezin", within: "Sandra de Vries (uzelf)");
        await page.Keyboard.PressAsync("ArrowDown");
        Assert.StartsWith("Meedoen aan een overleg (MDO)", await FocusedTextAsync(page), StringComparison.Ordinal);
        await TabToAsync(page, "Toestemming geven", within: "Sandra de Vries (uzelf)");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Toestemming gegeven: dit wordt gedeeld.");
    }

    /// <summary>
    /// Presses Tab until the focused element's text starts with <paramref name="text"/> (in the section headed
    /// <paramref name="within"/>, when given); at most 80 times.
    /// </summary>
    private static async Task TabToAsync(IPage page, string text, string? within = null)
    {
        for (var i = 0; i < 80; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var section = await page.EvaluateAsync<string>("((document.activeElement.closest('section') ?? document.body).querySelector('h2')?.innerText ?? '').replace(/\\s+/g, ' ').trim()");
            if ((await FocusedTextAsync(page)).StartsWith(text, StringComparison.Ordinal) && (within is null || section == within))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached \"{text}\" on {page.Url}");
    }

    /// <summary>The focused element's visible text, or for a radio button or checkbox its label's.</summary>
    private static Task<string> FocusedTextAsync(IPage page) => page.EvaluateAsync<string>(
        "(() => { const e = document.activeElement; const l = e.closest('label'); return ((l ?? e).innerText || '').trim(); })()");
}

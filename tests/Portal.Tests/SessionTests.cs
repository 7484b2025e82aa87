using System.Net;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>Signing in and out, the session cookie, the anti-forgery token and the language, in the browser.</summary>
public sealed class SessionTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task A_GP_signs_in_as_a_demo_persona_and_finds_their_work_in_Dutch()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Samen zorgen voor het hele gezin" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "nl");
        await Browsers.CheckAsync(page, "start");

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Inloggen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Inloggen als demogebruiker" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "inloggen-ontwikkeling");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dr. P. de Boer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Welkom, Dr. P. de Boer.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Dr. P. de Boer · huisarts")).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "start-huisarts");

        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mijn verwijzingen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mijn verwijzingen" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "verwijzingen");
    }

    [SkippableFact]
    public async Task Signing_out_ends_the_session_so_a_copied_cookie_no_longer_works()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        var cookie = await PortalSteps.SessionCookieAsync(page);
        using var copy = PortalSteps.Client(portal.Address, cookie);
        using (var before = await copy.GetAsync("/verwijzingen"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" }).ClickAsync();
        await Assertions.Expect(page.GetByText("U bent uitgelogd.")).ToBeVisibleAsync();
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "coordination.session");

        using var after = await copy.GetAsync("/verwijzingen");
        Assert.True(PortalSteps.IsRedirectTo(after, "/aanmelden/ontwikkeling"), $"the copied cookie still opened the page: {after.StatusCode} {after.Headers.Location}");
    }

    [SkippableFact]
    public async Task The_session_cookie_is_HttpOnly_and_SameSite_Strict_and_holds_no_token()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Sandra de Vries");
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "coordination.session");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        // The session lives on the server: the cookie is far too small to carry a token.
        Assert.True(cookie.Value.Length < 400, $"the cookie is {cookie.Value.Length} characters long");
        Assert.Equal(0, await page.EvaluateAsync<int>("document.cookie.length"));
    }

    [SkippableFact]
    public async Task A_form_posted_without_its_anti_forgery_token_is_refused()
    {
        using var client = PortalSteps.Client(portal.Address);
        using var signIn = await client.PostAsync("/aanmelden/ontwikkeling", new FormUrlEncodedContent([new("persona", "huisarts")]));
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Contains("Het formulier is verlopen", await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(PortalSteps.StartsASession(signIn));

        // A signed-in user's sign-out without the token is refused too, and the session lives on.
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Dr. P. de Boer");
        using var session = PortalSteps.Client(portal.Address, await PortalSteps.SessionCookieAsync(page));
        using var signOut = await session.PostAsync("/afmelden", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var still = await session.GetAsync("/verwijzingen");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);

        // So is a calendar upload without it (a page elsewhere could post a file in the user's name).
        using var calendar = new MultipartFormDataContent { { new StringContent("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"), "file", "agenda.ics" } };
        using var upload = await session.PostAsync("/agenda/bestand", calendar);
        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("Het formulier is verlopen", await upload.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // In the browser, a form that lost its token (say, the page stood open for days) ends on a page that says what to do.
        await page.EvaluateAsync("() => { const f = document.createElement('form'); f.method = 'post'; f.action = '/afmelden'; document.body.append(f); f.submit(); }");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Het formulier is verlopen" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "formulier-verlopen");
    }

    [SkippableFact]
    public async Task A_page_of_another_role_says_so_and_shows_nothing_of_it()
    {
        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Sandra de Vries");
        await page.GotoAsync("/verwijzingen");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Geen toegang" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "geen-toegang");
    }

    [SkippableFact]
    public async Task A_visitor_chooses_English_and_the_portal_stays_English()
    {
        var page = await portal.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Caring for the whole family together" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in as a demo user" })).ToBeVisibleAsync();
        await Browsers.CheckAsync(page, "sign-in-english");
    }

    [SkippableFact]
    public async Task An_unknown_page_is_a_Dutch_not_found_page_with_status_404()
    {
        using var client = PortalSteps.Client(portal.Address);
        using var response = await client.GetAsync("/bestaat-niet");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Niet gevonden", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

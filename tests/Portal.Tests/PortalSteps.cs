using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>What a user does again and again in these tests, as they do it: by the words on the screen.</summary>
public static partial class PortalSteps
{
    /// <summary>
    /// Signs in over HTTP, without a browser, as the development persona of a GP (the form with its
    /// anti-forgery token, then the post); returns the cookies the sign-in set, to send back and as set.
    /// </summary>
    public static async Task<(string Cookies, IReadOnlyList<string> SetCookie)> SignInOverHttpAsync(HttpClient portal)
    {
        ArgumentNullException.ThrowIfNull(portal);
        using var form = await portal.GetAsync("/aanmelden/ontwikkeling");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/aanmelden/ontwikkeling")
        {
            Content = new FormUrlEncodedContent([new("persona", "huisarts"), new("__RequestVerificationToken", await AntiforgeryTokenAsync(form))]),
        };
        post.Headers.Add("Cookie", CookiesOf(form));
        using var signIn = await portal.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.True(StartsASession(signIn));
        return (CookiesOf(signIn), signIn.Headers.GetValues("Set-Cookie").ToList());
    }

    /// <summary>The anti-forgery token of the form on the page <paramref name="response"/> holds.</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return AntiforgeryToken().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
    }

    /// <summary>The cookies <paramref name="response"/> sets, as a Cookie header sends them back.</summary>
    public static string CookiesOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    /// <summary>Signs in on the development sign-in page as the persona shown as <paramref name="name"/>.</summary>
    public static async Task SignInAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/aanmelden/ontwikkeling");
        await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Loads <paramref name="path"/> until <paramref name="what"/> matches <paramref name="count"/> elements: what arrives
    /// over the broker shows on a later load, as a user would see it by reloading. Gives up after 30 seconds.
    /// </summary>
    public static async Task UntilShownAsync(IPage page, string path, ILocator what, int count)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(what);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            await page.GotoAsync(path);
            if (await what.CountAsync() == count || DateTime.UtcNow > deadline)
            {
                break;
            }

            await page.WaitForTimeoutAsync(250);
        }

        await Assertions.Expect(what).ToHaveCountAsync(count);
    }

    /// <summary>The description (<c>dd</c>) of the term (<c>dt</c>) <paramref name="term"/> in <paramref name="within"/>.</summary>
    public static ILocator Definition(ILocator within, string term)
    {
        ArgumentNullException.ThrowIfNull(within);
        return within.Locator("dt", new() { HasText = term }).Locator("xpath=following-sibling::dd[1]");
    }

    /// <summary>The session cookie the browser holds, as a header another client can replay.</summary>
    public static async Task<string> SessionCookieAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var cookie = (await page.Context.CookiesAsync()).Single(c => c.Name == "coordination.session");
        return $"{cookie.Name}={cookie.Value}";
    }

    /// <summary>An HTTP client of the portal's address that follows no redirect, so a test sees where it is sent.</summary>
    public static HttpClient Client(Uri address, string? cookie = null)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = address };
        if (cookie is not null)
        {
            client.DefaultRequestHeaders.Add("Cookie", cookie);
        }

        return client;
    }

    /// <summary>Whether <paramref name="response"/> sets a session cookie: someone was signed in.</summary>
    public static bool StartsASession(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("coordination.session=", StringComparison.Ordinal));
    }

    public static bool IsRedirectTo(HttpResponseMessage response, string path) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
        && response.Headers.Location?.OriginalString.Contains(path, StringComparison.Ordinal) == true;

    /// <summary>Fills step 1 of the referral form, the patient.</summary>
    public static async Task PatientAsync(IPage page, string bsn, string name, string birthDate, string municipality, string? uzovi = null)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("BSN").FillAsync(bsn);
        await page.GetByLabel("Naam").FillAsync(name);
        await page.GetByLabel("Geboortedatum").FillAsync(birthDate);
        await page.GetByLabel("Woongemeente (CBS-code)").FillAsync(municipality);
        if (uzovi is not null)
        {
            await page.GetByLabel("Zorgverzekeraar (UZOVI-code)").FillAsync(uzovi);
        }
    }

    /// <summary>Fills household member <paramref name="index"/> (from 0) on step 2.</summary>
    public static async Task MemberAsync(IPage page, int index, string bsn, string name, string birthDate, string relation, bool custody = false)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.Locator($"#veld-household-{index}-bsn").FillAsync(bsn);
        await page.Locator($"#veld-household-{index}-name").FillAsync(name);
        await page.Locator($"#veld-household-{index}-birthDate").FillAsync(birthDate);
        await page.Locator($"#veld-household-{index}-relation").SelectOptionAsync(relation);
        if (custody)
        {
            await page.GetByLabel("heeft gezag").Nth(index).CheckAsync();
        }
    }

    /// <summary>Searches the directory on step 4 and picks the organisation named <paramref name="name"/>.</summary>
    public static async Task ReceiverAsync(IPage page, string search, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByLabel("Zoek een organisatie").FillAsync(search);
        await page.GetByRole(AriaRole.Button, new() { Name = "Zoeken" }).ClickAsync();
        await page.GetByLabel(name).CheckAsync();
    }

    public static Task NextAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return page.GetByRole(AriaRole.Button, new() { Name = "Volgende" }).ClickAsync();
    }

    /// <summary>Waits for the referral form to show the step whose legend is <paramref name="legend"/>.</summary>
    public static Task ExpectStepAsync(IPage page, string legend)
    {
        ArgumentNullException.ThrowIfNull(page);
        return Assertions.Expect(page.Locator("legend").First).ToHaveTextAsync(legend);
    }

    /// <summary>Sends the form from its last step and waits for the referral's page.</summary>
    public static async Task SendAsync(IPage page, string subjectName)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verwijzing versturen" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Verwijzing van {subjectName}" })).ToBeVisibleAsync();
    }
}

using System.Net;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>What a user does again and again in these tests, as they do it: by the words on the screen.</summary>
public static class PortalSteps
{
    /// <summary>Signs in on the development sign-in page as the persona shown as <paramref name="name"/>.</summary>
    public static async Task SignInAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/aanmelden/ontwikkeling");
        await page.GetByRole(AriaRole.Button, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Uitloggen" })).ToBeVisibleAsync();
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

    public static bool IsRedirectTo(HttpResponseMessage response, string path) =>
        response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found
        && response.Headers.Location?.OriginalString.Contains(path, StringComparison.Ordinal) == true;
}

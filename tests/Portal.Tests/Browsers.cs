using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// Debian's chromium, which deploy/test.sh installs (Playwright downloads nothing here), and what
/// every visited page must pass: axe-core's WCAG 2.1 A and AA rules, and a screenshot saved as an
/// artefact (not committed) for a person to look at.
/// </summary>
public static class Browsers
{
    public static string Chromium => Environment.GetEnvironmentVariable("COORDINATION_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Where the screenshots go: COORDINATION_ARTIFACTS (deploy/test.sh sets it), else the temporary folder.</summary>
    public static string Artifacts =>
        Path.Combine(Environment.GetEnvironmentVariable("COORDINATION_ARTIFACTS") is { Length: > 0 } dir ? dir : Path.Combine(Path.GetTempPath(), "coordination-artifacts"), "screenshots");

    public static void RequireChromium()
    {
        var present = File.Exists(Chromium);
        if (!present && Environment.GetEnvironmentVariable("COORDINATION_REQUIRE_INFRASTRUCTURE") == "1")
        {
            throw new InvalidOperationException($"chromium is required at {Chromium} (deploy/test.sh installs Debian's package).");
        }

        Skip.IfNot(present, $"chromium is not installed at {Chromium}; run deploy/test.sh");
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        ArgumentNullException.ThrowIfNull(playwright);
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    private static readonly AxeRunOptions WcagAa = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    };

    /// <summary>
    /// The page as it stands: no axe violation of WCAG 2.1 A or AA, and its screenshot saved under
    /// <paramref name="name"/>. Call it on every page a test reaches.
    /// </summary>
    public static async Task CheckAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        Directory.CreateDirectory(Artifacts);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Artifacts, name + ".png"), FullPage = true });
        var result = await page.RunAxe(WcagAa);
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"{name} ({page.Url}) has accessibility violations:\n{string.Join("\n", violations)}");
    }
}

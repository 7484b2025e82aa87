using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// The whole platform (five services, the gateway, the real broker) with the portal behind the
/// gateway, and Debian's chromium driven by Playwright. Every page is reached through the gateway,
/// as a user reaches it.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public Platform Platform { get; private set; } = null!;

    public RunningHost Portal { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal's public address: the gateway's.</summary>
    public Uri Address => Platform.Gateway.Address;

    public async Task InitializeAsync()
    {
        Browsers.RequireChromium();
        // The gateway must know the portal's address before it starts, and the portal the gateway's.
        var port = Loopback.FreePort();
        Platform = await Platform.StartAsync(Dialects.Sqlite,
            gatewaySettings: [new("ReverseProxy:Clusters:portal:Destinations:primary:Address", $"http://127.0.0.1:{port}/")],
            // The directory's demo organisations, which the referral form offers as receivers.
            serviceSettings: [new("Directory:DemoData", "true")]);
        Portal = await StartPortalAsync(Platform.Gateway.Address, [new("urls", $"http://127.0.0.1:{port}")]);
        _playwright = await Playwright.CreateAsync();
        Browser = await Browsers.LaunchAsync(_playwright);
    }

    /// <summary>A portal host of its own with <paramref name="settings"/> over the development defaults.</summary>
    public static Task<RunningHost> StartPortalAsync(Uri gateway, IEnumerable<KeyValuePair<string, string?>> settings) =>
        RunningHost.StartAsync(Coordination.Portal.Program.Build, new KeyValuePair<string, string?>[] { new("Portal:GatewayUrl", gateway.ToString()) }.Concat(settings));

    /// <summary>A fresh browser session (no cookies) at a desktop width, or a phone's.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
            ViewportSize = phone ? new ViewportSize { Width = 375, Height = 740 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Portal is not null)
        {
            await Portal.DisposeAsync();
        }

        if (Platform is not null)
        {
            await Platform.DisposeAsync();
        }
    }
}

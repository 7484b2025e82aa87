using Coordination.Portal.Demo;
using Coordination.ServiceDefaults.Auth;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary><c>deploy/run.sh --demo</c>: scenarios 1 and 2 loaded through the API, once however often, and only in Development.</summary>
public sealed class DemoTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task The_demo_families_are_loaded_through_the_API_once_however_often_and_a_newcomer_finds_them()
    {
        using var http = new HttpClient { BaseAddress = portal.Address };
        using var log = new StringWriter();
        await new DemoData(http, new AuthOptions(), log).LoadAsync();
        await new DemoData(http, new AuthOptions(), log).LoadAsync();
        Assert.Contains("scenario 1 (De Vries) and scenario 2 (Anne) are in", log.ToString(), StringComparison.Ordinal);

        var gp = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(gp, "Dr. P. de Boer");
        await gp.GotoAsync("/verwijzingen");
        foreach (var (name, status) in new[] { ("Sandra de Vries", "Geaccepteerd"), ("Daan de Vries", "Ontvangen"), ("Anne Bakker", "Geaccepteerd") })
        {
            var row = gp.Locator("tbody tr", new() { Has = gp.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }) });
            await Assertions.Expect(row).ToHaveCountAsync(1);
            await Assertions.Expect(row.Locator("td.status")).ToHaveTextAsync(status);
        }

        await Assertions.Expect(gp.Locator("tbody tr", new() { HasText = "Anne Bakker" })).ToContainTextAsync("spoed");
        await Browsers.CheckAsync(gp, "demo-verwijzingen");

        var sandra = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(sandra, "Sandra de Vries");
        await sandra.GotoAsync("/gezin");
        await Assertions.Expect(sandra.Locator("section.person", new() { HasText = "Sandra de Vries (uzelf)" })).ToContainTextAsync("Toestemming gegeven: dit wordt gedeeld.");
        await Assertions.Expect(sandra.Locator("section.person", new() { HasText = "Daan de Vries (uw kind)" })).ToContainTextAsync("Daan de Vries moet ook toestemming geven.");
        await Browsers.CheckAsync(sandra, "demo-gezin");
    }

    [Fact]
    public async Task The_demo_command_refuses_outside_Development_or_without_the_development_key()
    {
        Assert.Equal(2, await DemoCommand.RunAsync(["--environment=Production", "--Auth:AllowDevelopmentKey=true", "--Portal:GatewayUrl=http://127.0.0.1:9/"]));
        Assert.Equal(2, await DemoCommand.RunAsync(["--environment=Development", "--Auth:AllowDevelopmentKey=false", "--Portal:GatewayUrl=http://127.0.0.1:9/"]));
    }
}

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
        await Referrals.ReferAsync(gp, Referrals.Sandra());
        await Referrals.ReferAsync(gp, Referrals.Daan());
        using var utrechtApi = portal.Platform.Gateway.Client(Tokens.Municipality("0344"));
        await Eventually.Until(() => utrechtApi.GetFromJsonAsync<JsonObject>("/api/funding-routes?limit=20"),
            page => page!["items"]!.AsArray().Count > 0, "Daan's route for Utrecht");

        var utrecht = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(utrecht, "Gemeente Utrecht");
        await utrecht.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Financiering van mijn inwoners of verzekerden" }).ClickAsync();
        var daan = utrecht.Locator("tbody tr", new() { HasText = Referrals.DaanBsn });
        await Assertions.Expect(daan.Locator("td.status")).ToHaveTextAsync("Jeugdwet");
        await Assertions.Expect(daan).ToContainTextAsync("54");
        await Browsers.CheckAsync(utrecht, "financiering-gemeente");
        foreach (var path in new[] { "/", "/financiering" })
        {
            await utrecht.GotoAsync(path);
            var html = await utrecht.ContentAsync();
            foreach (var clinical in new[] { Referrals.SandraBsn, "Sandra", "F32", "depressive", "Low mood", "Truancy", "Spijbel" })
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
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// The municipality's JW315 assignment requests (issue 21), with their working-day deadlines. On a platform of its
/// own: the funding route service's clock is moved to Friday 23 April 2027, four days before King's Day.
/// </summary>
public sealed class AssignmentTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    [SkippableFact]
    public async Task A_JW315_received_on_Friday_23_April_2027_is_due_on_Thursday_29_April_and_the_municipality_receives_assigns_and_sees_the_stop()
    {
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp());
        using var youth = portal.Platform.Gateway.Client(Tokens.Clinician());
        var referral = await Referrals.ReferAsync(gp, Referrals.Daan().To(Referrals.YouthPractice, "Jeugd-GGZ Utrecht"));
        await Referrals.AcceptAsync(youth, referral);
        using var utrechtApi = portal.Platform.Gateway.Client(Tokens.Municipality("0344"));
        await Eventually.Until(() => utrechtApi.GetFromJsonAsync<JsonObject>("/api/funding-routes?limit=20"),
            page => page!["items"]!.AsArray().Count > 0, "Daan's route for Utrecht");

        // The provider sends its JW315 on Friday 23 April 2027.
        await portal.Platform.RestartOnAsync(Platform.FundingRoute, new DateOnly(2027, 4, 23));
        var id = (await Referrals.RequestAssignmentAsync(youth, referral))["id"]!.GetValue<Guid>();

        var page = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(page, "Gemeente Utrecht");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Hoofdmenu" }).GetByRole(AriaRole.Link, new() { Name = "Toewijzingsaanvragen" }).ClickAsync();
        var request = page.Locator("section.person", new() { HasText = Referrals.DaanBsn });
        await Assertions.Expect(PortalSteps.Definition(request, "Aangevraagd (JW315) op")).ToHaveTextAsync("vrijdag 23 april 2027");
        // Three working days, King's Day (Tuesday 27 April) not counted; five for the answer.
        await Assertions.Expect(PortalSteps.Definition(request, "Ontvangstbevestiging (JW316) uiterlijk")).ToHaveTextAsync("donderdag 29 april 2027");
        await Assertions.Expect(PortalSteps.Definition(request, "Toewijzing of weigering (JW301 of JW319) uiterlijk")).ToHaveTextAsync("maandag 3 mei 2027");
        await Browsers.CheckAsync(page, "toewijzing-aangevraagd");

        await request.GetByRole(AriaRole.Button, new() { Name = "Ontvangst bevestigen (JW316)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Verstuurd. De aanvraag is nu: Ontvangen.");
        await request.GetByLabel("Toegewezen vanaf").FillAsync("2027-04-23");
        await request.GetByRole(AriaRole.Button, new() { Name = "Toewijzen (JW301)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Verstuurd. De aanvraag is nu: Toegewezen.");
        await Assertions.Expect(PortalSteps.Definition(request, "Toegewezen")).ToHaveTextAsync("23 april 2027");

        // The provider starts and stops the care (JW305, JW307 with reason 31): the municipality sees the stop.
        using (var started = await youth.PostAsJsonAsync($"/api/funding/assignments/{id}/start", new { on = "2027-04-23" }))
        {
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        }

        using (var stopped = await youth.PostAsJsonAsync($"/api/funding/assignments/{id}/stop", new { on = "2027-04-23", reason = "31" }))
        {
            Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        }

        await page.ReloadAsync();
        await Assertions.Expect(request.Locator("dd.status")).ToHaveTextAsync("Zorg gestopt");
        await Assertions.Expect(request).ToContainTextAsync("31: beëindigd volgens plan (ook bij 18 jaar)");
        await Browsers.CheckAsync(page, "toewijzing-gestopt");
    }
}

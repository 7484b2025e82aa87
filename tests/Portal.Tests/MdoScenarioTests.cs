using System.Text;
using Coordination.ServiceDefaults.Auth;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>
/// Scenario 1 step 6 in the browser (issue 21): the POH plans an MDO with the family therapist and Daan's youth
/// clinician, each answers in their own session, the POH records two decisions after the meeting, and all three
/// see them as actions in the one plan. On a platform of its own: the MDO service's clock is moved past the meeting.
/// </summary>
public sealed class MdoScenarioTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Practice = Families.GpAgb;
    private const string TherapyPractice = "73731111";

    /// <summary>Monday 23 November 2026: the clinician's whole Monday and the therapist's Tuesday are taken, so Wednesday 09:00 is the first time all three can.</summary>
    private static readonly DateOnly Today = TestClock.Today;

    [SkippableFact]
    public async Task Scenario_1_step_6_the_POH_plans_the_MDO_both_accept_in_their_own_sessions_and_the_decisions_are_actions_all_three_see()
    {
        using var gp = portal.Platform.Gateway.Client(Tokens.Gp(Practice));
        using var pohApi = portal.Platform.Gateway.Client(Named(Roles.Poh, "M. Jansen", new() { [ClaimNames.Agb] = Practice }));
        using var youthApi = portal.Platform.Gateway.Client(Named(Roles.Clinician, "Drs. A. Visser",
            new() { [ClaimNames.Agb] = "94012345", [ClaimNames.Org] = "73730001", [ClaimNames.Domain] = "youth" }));
        using var therapistApi = portal.Platform.Gateway.Client(Named(Roles.FamilyTherapist, "J. de Wit", new() { [ClaimNames.Agb] = "94031111", [ClaimNames.Org] = TherapyPractice }));
        using var sandraApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        using var daanApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.DaanBsn));

        // Steps 1 to 5 through the API: Sandra with the practice's POH, Daan with the youth clinician, the family therapist
        // invited onto the team, and both sharing their care data with the team and consenting to an MDO (Daan, 14, with his mother).
        var familyId = await Referrals.SubmitAsync(gp, Referrals.Sandra().To(Practice, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Teams.AcceptAllAsync(pohApi, familyId, Practice);
        var daansReferral = await Referrals.ReferAsync(gp, Referrals.Daan().To("73730001", "Jeugd-GGZ Utrecht"));
        await Referrals.AcceptAsync(youthApi, daansReferral);
        await Teams.JoinAsync(pohApi, therapistApi, familyId, "family-therapist-94031111", Roles.FamilyTherapist, TherapyPractice, "J. de Wit");
        var sandraId = await Consents.MemberIdAsync(sandraApi, Families.Sandra);
        var daanId = await Consents.MemberIdAsync(daanApi, Families.Daan);
        foreach (var purpose in new[] { "family-care-team", "mdo" })
        {
            await Consents.DeclareAsync(sandraId, purpose, "care-team", familyId.ToString(), sandraApi);
            await Consents.DeclareAsync(daanId, purpose, "care-team", familyId.ToString(), daanApi, sandraApi);
        }

        await Plans.UntilAsync(pohApi, familyId, p => Plans.Shows(p, Families.Daan.Name), "the POH to see Daan once he and his mother consented");
        await Mdos.SetHoursAsync(youthApi, Mdos.Weekdays());
        await Mdos.BusyAsync(youthApi, At(Today, 8), At(Today, 16));

        // The family therapist keeps her calendar elsewhere: she sets her hours and reads in her .ics, which takes her Tuesday.
        var therapist = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(therapist, "J. de Wit");
        await therapist.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mijn agenda" }).ClickAsync();
        foreach (var day in new[] { "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag" })
        {
            await therapist.GetByLabel($"{day}: Van").FillAsync("09:00");
            await therapist.GetByLabel($"{day}: Tot").FillAsync("17:00");
        }

        await therapist.GetByRole(AriaRole.Button, new() { Name = "Werktijden opslaan" }).ClickAsync();
        await Assertions.Expect(therapist.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uw werktijden zijn opgeslagen.");
        await therapist.GetByLabel("Agenda-bestand (.ics)").SetInputFilesAsync(new FilePayload
        {
            Name = "agenda.ics", MimeType = "text/calendar", Buffer = Encoding.UTF8.GetBytes(Calendar(At(Today.AddDays(1), 8), At(Today.AddDays(1), 16))),
        });
        await therapist.GetByRole(AriaRole.Button, new() { Name = "Inlezen" }).ClickAsync();
        await Assertions.Expect(therapist.GetByRole(AriaRole.Status)).ToHaveTextAsync("Uw agenda is ingelezen: 1 bezette periodes.");
        await Browsers.CheckAsync(therapist, "agenda");

        // The POH sets her hours, then plans: the earliest time all three are free, and books it.
        var poh = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(poh, "M. Jansen");
        await Mdos.SetHoursAsync(pohApi, Mdos.Weekdays());
        await poh.GotoAsync($"/gezinnen/{familyId}");
        await poh.GetByRole(AriaRole.Link, new() { Name = "Overleg (MDO) plannen" }).ClickAsync();
        await Assertions.Expect(poh.GetByRole(AriaRole.Heading, new() { Name = "Overleg (MDO) plannen", Level = 1 })).ToBeVisibleAsync();
        await poh.GetByLabel("Sandra de Vries").CheckAsync();
        await poh.GetByLabel("Daan de Vries").CheckAsync();
        await poh.GetByLabel("J. de Wit").SelectOptionAsync(new SelectOptionValue { Label = "moet komen" });
        await poh.GetByLabel("Drs. A. Visser").SelectOptionAsync(new SelectOptionValue { Label = "moet komen" });
        await poh.GetByLabel("Waarover gaat het overleg?").FillAsync("Daans verzuim en de zorg thuis op elkaar afstemmen.");
        await poh.GetByRole(AriaRole.Button, new() { Name = "Zoek een moment" }).ClickAsync();
        await Assertions.Expect(poh.GetByRole(AriaRole.Radio).First).ToBeCheckedAsync();
        await Assertions.Expect(poh.Locator("label.choice", new() { Has = poh.GetByRole(AriaRole.Radio) }).First).ToContainTextAsync("25 november 2026, 09:00 – 10:00 (het eerste moment waarop iedereen kan)");
        await Browsers.CheckAsync(poh, "overleg-plannen");
        await poh.GetByRole(AriaRole.Button, new() { Name = "Dit moment boeken en uitnodigen" }).ClickAsync();
        await Assertions.Expect(poh.GetByRole(AriaRole.Status)).ToContainTextAsync("Geboekt: 25 november 2026, 09:00 – 10:00.");

        // Each invitee accepts in their own session; the invitation is a calendar file.
        var youth = await portal.NewPageAsync();
        await PortalSteps.SignInAsync(youth, "Drs. A. Visser");
        foreach (var (page, name) in new[] { (therapist, "overleg-uitnodiging-therapeut"), (youth, "overleg-uitnodiging-behandelaar") })
        {
            await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Overleggen" }).ClickAsync();
            var meeting = page.Locator("section.person").First;
            await Assertions.Expect(meeting).ToContainTextAsync("Uw antwoord: nog niet gegeven");
            var href = await meeting.GetByRole(AriaRole.Link, new() { Name = "Uitnodiging voor uw agenda (.ics)" }).GetAttributeAsync("href");
            var ics = await page.APIRequest.GetAsync(href!);
            Assert.StartsWith("text/calendar", ics.Headers["content-type"], StringComparison.Ordinal);
            Assert.Contains("BEGIN:VCALENDAR", await ics.TextAsync(), StringComparison.Ordinal);
            await Browsers.CheckAsync(page, name);
            await meeting.GetByRole(AriaRole.Button, new() { Name = "Ik kom" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("U heeft laten weten dat u komt.");
        }

        // The day after the meeting the POH records who came and two decisions.
        await portal.Platform.RestartOnAsync(Platform.MdoScheduling, Today.AddDays(3));
        await poh.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Overleggen" }).ClickAsync();
        await Assertions.Expect(poh.Locator("section.person").First).ToContainTextAsync("U organiseert dit overleg.");
        await Browsers.CheckAsync(poh, "overleggen-organisator");
        await poh.GetByRole(AriaRole.Link, new() { Name = "Uitkomst vastleggen" }).ClickAsync();
        await poh.GetByLabel("Nee").CheckAsync();
        await poh.Locator("#besluit-0").FillAsync("Schoolmaatschappelijk werk betrekken bij Daans verzuim");
        await poh.Locator("#wie-0").SelectOptionAsync(new SelectOptionValue { Label = "Drs. A. Visser" });
        await poh.Locator("#wanneer-0").FillAsync("2026-12-03");
        await poh.Locator("#voor-0").SelectOptionAsync(new SelectOptionValue { Label = "Daan de Vries" });
        await poh.Locator("#besluit-1").FillAsync("Gezinsgesprekken over de sfeer thuis");
        await poh.Locator("#wie-1").SelectOptionAsync(new SelectOptionValue { Label = "J. de Wit" });
        await poh.Locator("#wanneer-1").FillAsync("2026-12-10");
        await Browsers.CheckAsync(poh, "overleg-uitkomst");
        await poh.GetByRole(AriaRole.Button, new() { Name = "Uitkomst vastleggen" }).ClickAsync();
        await Assertions.Expect(poh.GetByRole(AriaRole.Status)).ToContainTextAsync("De uitkomst is vastgelegd");

        // All three see both decisions as actions in the one plan.
        foreach (var (page, name) in new[] { (poh, "plan-acties-poh"), (therapist, "plan-acties-therapeut"), (youth, "plan-acties-behandelaar") })
        {
            await PortalSteps.UntilShownAsync(page, $"/gezinnen/{familyId}", page.Locator("#acties ~ table tbody tr", new() { HasText = "besluit van een overleg" }), 2);
            var actions = page.Locator("#acties ~ table");
            await Assertions.Expect(actions.Locator("tr", new() { HasText = "Schoolmaatschappelijk werk betrekken bij Daans verzuim" })).ToContainTextAsync("Drs. A. Visser");
            await Assertions.Expect(actions.Locator("tr", new() { HasText = "Gezinsgesprekken over de sfeer thuis" })).ToContainTextAsync("J. de Wit");
            await Browsers.CheckAsync(page, name);
        }
    }

    private static string Named(string role, string name, Dictionary<string, string> claims)
    {
        claims[ClaimNames.Subject] = $"{role}-{claims[ClaimNames.Agb]}";
        claims["name"] = name;
        return Tokens.Create(role, claims);
    }

    /// <summary>An instant on <paramref name="day"/> at <paramref name="hourUtc"/>:00 UTC (one hour earlier than Amsterdam in November).</summary>
    private static DateTimeOffset At(DateOnly day, int hourUtc) => new(day.ToDateTime(new TimeOnly(hourUtc, 0)), TimeSpan.Zero);

    private static string Calendar(DateTimeOffset start, DateTimeOffset end) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Portal tests//NL\r\nBEGIN:VEVENT\r\nUID:bezet-1@example.org\r\nDTSTAMP:20261120T080000Z\r\n"
        + $"DTSTART:{start:yyyyMMdd'T'HHmmss'Z'}\r\nDTEND:{end:yyyyMMdd'T'HHmmss'Z'}\r\nSUMMARY:Bezet\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
}

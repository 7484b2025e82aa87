using System.Net;
using Coordination.Testing;
using Microsoft.Playwright;

namespace Portal.Tests;

/// <summary>A family member's MDO invitations, on a platform of their own (the MDO's consent would change the other family tests' consents).</summary>
public sealed class MeetingTests(PortalFixture portal) : IClassFixture<PortalFixture>
{
    private const string Practice = Families.GpAgb;
    private static readonly Person Sandra = Families.Sandra;

    [SkippableFact]
    public async Task Sandra_finds_the_MDO_she_is_invited_to_with_everyones_answer_and_gives_hers()
    {
        using var gpApi = portal.Platform.Gateway.Client(Tokens.Gp(Practice));
        using var pohApi = portal.Platform.Gateway.Client(Tokens.Poh(Practice));
        using var sandraApi = portal.Platform.Gateway.Client(Tokens.Client(Referrals.SandraBsn));
        var familyId = await Referrals.SubmitAsync(gpApi, Referrals.Sandra().To(Practice, "POH-GGZ Huisartsenpraktijk Lombok"));
        await Teams.AcceptAllAsync(pohApi, familyId, Practice);
        var sandraId = await Consents.MemberIdAsync(sandraApi, Sandra);
        await Mdos.ConsentAsync(sandraId, "care-team", familyId.ToString(), sandraApi);
        await Mdos.SetHoursAsync(pohApi, Mdos.Weekdays());
        var request = Mdos.Request(familyId, [sandraId], [$"poh-{Practice}"], family: [sandraId]);
        var (_, found, _) = await Eventually.Until(() => Mdos.PostAsync(pohApi, "/api/mdos/search", request), r => r.Status == HttpStatusCode.OK, "the POH on the team");
        request["start"] = found!["earliest"]!["start"]!.DeepClone();
        var (booked, mdo, _) = await Mdos.PostAsync(pohApi, "/api/mdos", request);
        Assert.Equal(HttpStatusCode.Created, booked);

        var page = await portal.NewPageAsync(phone: true);
        await PortalSteps.SignInAsync(page, "Sandra de Vries");
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Overleggen" }).ClickAsync();
        var meeting = page.Locator("section.person").First;
        await Assertions.Expect(meeting).ToContainTextAsync("Gepland");
        await Assertions.Expect(meeting).ToContainTextAsync("Uw antwoord: nog niet gegeven");
        await Browsers.CheckAsync(page, "overleg-uitnodiging");

        // Declining without a reason is refused in words; then she says she will come.
        await meeting.GetByRole(AriaRole.Button, new() { Name = "Ik kan niet komen" }).ClickAsync();
        await Assertions.Expect(page.Locator("section.person").First.Locator(".field-error")).ToHaveTextAsync(
            "Schrijf waarom u niet kunt komen, dan zoekt de organisator een ander moment.");
        await page.Locator("section.person").First.GetByRole(AriaRole.Button, new() { Name = "Ik kom" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("U heeft laten weten dat u komt.");
        await Assertions.Expect(page.Locator("section.person").First).ToContainTextAsync("Uw antwoord: komt");
        var (_, hers, _) = await Mdos.ReadAsync(sandraApi, mdo!["id"]!.GetValue<Guid>());
        Assert.Equal("accepted", hers!["myStatus"]!.GetValue<string>());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace FamilyPlan.Tests;

/// <summary>
/// A parent's view of a child's part (issue 9, domain.md "Consent"), through the gateway with the
/// consent service answering: a custodial parent sees a 10-year-old's part without a consent; a
/// 14-year-old's only once a consent naming the parent is active, which needs the child's own
/// declaration beside the parent's; a 16-year-old's only with the young person's consent, which
/// the parent can neither give nor is needed for.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ParentViewTests
{
    [SkippableFact]
    public async Task A_parent_sees_a_10_year_olds_part_a_14_year_olds_with_both_consents_and_a_16_year_olds_only_with_the_young_persons()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());

        // Anne (9): her father has custody, and sees her part at once.
        var bakker = await Referrals.SubmitAsync(gp, Families.Youth(Families.Anne, "0307", "Told her teacher she wants to be dead.",
            Families.AnnesFather.As("parent", custody: true), Families.AnnesMother.As("parent", custody: true)));
        using (var father = platform.Gateway.Client(Tokens.Client(Families.AnnesFather.Bsn)))
        {
            await Eventually.Until(async () => (await father.GetAsync($"/api/families/{bakker}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the plan to know Anne's family");
            var anne = Plans.Member(await Plans.UntilAsync(father, bakker,
                p => Plans.Named(p, Families.Anne.Name)["bsn"] is not null, "the father to see Anne's part"), Families.Anne.Bsn);
            Assert.Equal("parental-authority", anne["consent"]!.GetValue<string>());
            Assert.Single(anne["referrals"]!.AsArray());
        }

        // Daan (14): his mother sees his name only; her own declaration is not enough; with Daan's it is.
        var deVries = await Referrals.SubmitAsync(gp, Families.Youth(Families.Daan, "0344", "Truancy.", Families.Sandra.As("parent", custody: true)));
        using var sandra = platform.Gateway.Client(Tokens.Client(Families.Sandra.Bsn));
        using var daan = platform.Gateway.Client(Tokens.Client(Families.Daan.Bsn));
        await Eventually.Until(async () => (await sandra.GetAsync($"/api/families/{deVries}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the plan to know Daan's family");
        var daanId = await Consents.MemberIdAsync(sandra, Families.Daan);
        var sandraId = Plans.Member(await Plans.ReadAsync(sandra, deVries), Families.Sandra.Bsn)["memberId"]!.GetValue<Guid>();
        Assert.False(Sees(await Plans.ReadAsync(sandra, deVries), Families.Daan));
        var toMother = Consents.Body(daanId, "family-member", "family-member", sandraId.ToString());
        await DeclareAsync(sandra, toMother, HttpStatusCode.Created);
        Assert.False(Sees(await Plans.ReadAsync(sandra, deVries), Families.Daan));
        await DeclareAsync(daan, toMother, null);
        Assert.Equal("given", Plans.Member(await Plans.ReadAsync(sandra, deVries), Families.Daan.Bsn)["consent"]!.GetValue<string>());

        // Filip (16): his mother may not declare for him; his own consent naming her lets her see his part.
        var janssen = await Referrals.SubmitAsync(gp, Families.Youth(Families.Filip, "0935", "Withdrawn and lonely.", Families.FilipsMother.As("parent", custody: true)));
        using var mother = platform.Gateway.Client(Tokens.Client(Families.FilipsMother.Bsn));
        using var filip = platform.Gateway.Client(Tokens.Client(Families.Filip.Bsn));
        await Eventually.Until(async () => (await mother.GetAsync($"/api/families/{janssen}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the plan to know Filip's family");
        var filipId = await Consents.MemberIdAsync(filip, Families.Filip);
        var motherId = Plans.Member(await Plans.ReadAsync(mother, janssen), Families.FilipsMother.Bsn)["memberId"]!.GetValue<Guid>();
        Assert.False(Sees(await Plans.ReadAsync(mother, janssen), Families.Filip));
        var toHisMother = Consents.Body(filipId, "family-member", "family-member", motherId.ToString());
        await DeclareAsync(mother, toHisMother, HttpStatusCode.UnprocessableEntity);
        Assert.False(Sees(await Plans.ReadAsync(mother, janssen), Families.Filip));
        await DeclareAsync(filip, toHisMother, HttpStatusCode.Created);
        Assert.Equal("given", Plans.Member(await Plans.ReadAsync(mother, janssen), Families.Filip.Bsn)["consent"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task A_coming_12th_birthday_is_a_task_for_the_professionals_who_see_the_child_not_for_the_parent()
    {
        await using var platform = await Platform.StartAsync(Dialects.Sqlite);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        // Twelve on 10 December 2026, seventeen days after the tests' today.
        var noor = new Person("999900249", "Noor Smit", new DateOnly(2014, 12, 10));
        var father = new Person("999900250", "Bas Smit", new DateOnly(1982, 1, 5));
        var familyId = await Referrals.SubmitAsync(gp, Families.Youth(noor, "0344", "Anxious at school.", father.As("parent", custody: true)));
        await Eventually.Until(async () => (await gp.GetAsync($"/api/families/{familyId}/plan")).StatusCode, s => s == HttpStatusCode.OK, "the plan to know Noor's family");
        var child = await Plans.UntilAsync(gp, familyId, p => p["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == noor.Bsn), "Noor in the GP's plan");
        var birthday = Plans.Member(child, noor.Bsn)["consentBirthday"]!;
        Assert.Equal(("turns-12", "2026-12-10"), (birthday["kind"]!.GetValue<string>(), birthday["on"]!.GetValue<string>()));
        Assert.Contains("12", birthday["textEn"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(Plans.Named(child, father.Name)["consentBirthday"]);

        // Her father sees her part (she is 11), not the professionals' task.
        using var parent = platform.Gateway.Client(Tokens.Client(father.Bsn));
        var his = await Plans.UntilAsync(parent, familyId, p => Sees(p, noor), "the father to see Noor's part");
        Assert.Null(Plans.Member(his, noor.Bsn)["consentBirthday"]);
    }

    /// <summary>Whether the plan shows <paramref name="person"/>'s part (their BSN shows with their care data).</summary>
    private static bool Sees(JsonNode plan, Person person) => plan["members"]!.AsArray().Any(m => m!["bsn"]?.GetValue<string>() == person.Bsn);

    /// <summary>Declares; asserts <paramref name="expected"/>, or for null any success (a second declarant joins the open decision).</summary>
    private static async Task DeclareAsync(HttpClient client, JsonObject body, HttpStatusCode? expected)
    {
        using var response = await client.PostAsJsonAsync("/api/consents", body);
        Assert.True(expected is null ? response.IsSuccessStatusCode : response.StatusCode == expected, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }
}

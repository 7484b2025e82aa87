using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;
using Dapper;
using FundingRoute.Contracts;

namespace FamilyPlan.Tests;

/// <summary>
/// Every fact remembers the referral that stated it: a referrer sees what their own referrals
/// stated, and a late, older funding decision never replaces a newer one.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ProvenanceTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Two_gps_referring_one_child_with_different_households_see_neither_the_others_relatives_names_nor_custody(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        using var gpA = platform.Gateway.Client(Tokens.Gp("01012345"));
        using var gpB = platform.Gateway.Client(Tokens.Gp("01012346"));

        // GP A: Daan, with his mother Sandra, who has custody.
        using var fromA = await gpA.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, fromA.StatusCode);
        var familyId = (await fromA.Content.ReadFromJsonAsync<JsonObject>())!["familyId"]!.GetValue<Guid>();

        // GP B: the same child, spelled differently, with his father Mark, without custody.
        var b = Referrals.Daan();
        b["subject"]!["name"] = "Daan de Vries-Bakker";
        b["referrer"]!["agb"] = "01012346";
        b["referrer"]!["name"] = "Huisartsenpraktijk Oudwijk";
        b["household"] = JsonNode.Parse("""[ { "bsn": "999900043", "name": "Mark Bakker", "birthDate": "1988-01-09", "relation": "parent", "custody": false } ]""");
        using var fromB = await gpB.PostAsJsonAsync("/api/referrals", b);
        Assert.Equal(HttpStatusCode.Created, fromB.StatusCode);
        Assert.Equal(familyId, (await fromB.Content.ReadFromJsonAsync<JsonObject>())!["familyId"]!.GetValue<Guid>());

        var planA = await Plans.WithRoutesAsync(gpA, familyId, routes: 1);
        var planB = await Plans.WithRoutesAsync(gpB, familyId, routes: 1);

        // Each sees the child they referred, and the parent they named by name and relation only.
        Assert.Equal(["999900018"], Bsns(planA));
        Assert.Equal("not-given", Plans.Named(planA, "Sandra de Vries")["consent"]!.GetValue<string>());
        Assert.Equal(2, planA["members"]!.AsArray().Count);
        Assert.Equal("Daan de Vries", NameOf(planA, "999900018"));
        var relationA = Assert.Single(Plans.Member(planA, "999900018")["relations"]!.AsArray())!;
        Assert.Equal("999900006", relationA["bsn"]!.GetValue<string>());
        Assert.True(relationA["custody"]!.GetValue<bool>());

        Assert.Equal(["999900018"], Bsns(planB));
        Assert.Equal("not-given", Plans.Named(planB, "Mark Bakker")["consent"]!.GetValue<string>());
        Assert.Equal(2, planB["members"]!.AsArray().Count);
        Assert.Equal("Daan de Vries-Bakker", NameOf(planB, "999900018"));
        var relationB = Assert.Single(Plans.Member(planB, "999900018")["relations"]!.AsArray())!;
        Assert.Equal("999900043", relationB["bsn"]!.GetValue<string>());
        Assert.False(relationB["custody"]!.GetValue<bool>());

        // Nor does either see the other's referral.
        Assert.Single(Plans.Member(planA, "999900018")["referrals"]!.AsArray());
        Assert.Single(Plans.Member(planB, "999900018")["referrals"]!.AsArray());
    }

    [SkippableFact]
    public async Task A_late_older_funding_decision_does_not_overwrite_a_newer_one()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        await using var familyPlan = await RunningHost.StartServiceAsync(Platform.FamilyPlan, broker, databases);
        await using var bus = await TestBus.StartAsync<FundingRouteDecided>(broker);

        var referralId = Guid.NewGuid();
        var newer = Decision(referralId, version: 2, law: "Zvw", ruleId: "zvw-adult-dsm");
        var older = Decision(referralId, version: 1, law: "Jeugdwet", ruleId: "jeugdwet-minor");
        await bus.Bus.Publish(newer);
        await bus.Bus.Publish(older);
        await Eventually.Until(() => broker.AcknowledgedAsync("family-plan-funding-route-decided"), n => n >= 2, "both decisions to be consumed");

        await using var connection = await databases.For(Platform.FamilyPlan).OpenAsync();
        var held = await connection.QuerySingleAsync<(string Law, string RuleId, long Version)>(
            "SELECT law, rule_id, version FROM plan_funding_routes WHERE referral_id = @Id", new { Id = referralId.ToString() });
        Assert.Equal(("Zvw", "zvw-adult-dsm", 2L), held);

        // A newer one still replaces it.
        await bus.Bus.Publish(Decision(referralId, version: 3, law: "None", ruleId: "no-route-adult-without-dsm"));
        await Eventually.Until(() => connection.ExecuteScalarAsync<long>("SELECT version FROM plan_funding_routes WHERE referral_id = @Id", new { Id = referralId.ToString() }),
            v => v == 3, "version 3 to replace version 2");
        Assert.Equal(0, await broker.WaitingAsync("family-plan-funding-route-decided_error"));
    }

    private static FundingRouteDecided Decision(Guid referralId, int version, string law, string ruleId) => new(
        referralId, Guid.Parse("7d1d6f49-5c33-4bb0-9d0c-3f3f1c2a0001"), "999900006", law, "insurer", "3311", null, ruleId, $"rule {ruleId}",
        ["paperwork"], DeductibleApplies: law == "Zvw", new DateTimeOffset(2026, 11, 23, 9, version, 0, TimeSpan.Zero), version);

    private static string[] Bsns(JsonNode plan) =>
        plan["members"]!.AsArray().Where(m => m!["bsn"] is not null).Select(m => m!["bsn"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();

    private static string NameOf(JsonNode plan, string bsn) => Plans.Member(plan, bsn)["name"]!.GetValue<string>();
}

using System.Net;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.Testing;
using Dapper;
using FamilyPlan.Contracts;

namespace FundingRoute.Tests;

/// <summary>
/// Financiers read the funding of the family plans' interventions they pay (issue 10): Utrecht
/// (0344) its residents' Jeugdwet routes, insurer 3311 the Zvw routes of its insured; another
/// financier's route is 404; nothing clinical; each read in the client's access log; the sums of
/// what its population's family therapies are worth.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InterventionRouteQueryTests
{
    private const string DaanBsn = "999900018";
    private const string SandraBsn = "999900006";

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_financier_reads_the_intervention_routes_it_pays_filtered_and_paged_and_another_financiers_is_404(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect);
        await using var bus = await TestBus.StartAsync<InterventionChanged>(platform.Broker);
        using var gp = platform.Gateway.Client(Tokens.Gp());
        var familyId = await Referrals.SubmitAsync(gp, Referrals.Daan());
        await Referrals.SubmitAsync(gp, Referrals.Sandra());
        var funding = platform.Databases.For(Platform.FundingRoute);
        await Eventually.Until(() => DbCounts.CountAsync(funding, "funding_members"), n => n == 2, "both members on record");
        var (daan, sandra) = (await MemberIdAsync(funding, DaanBsn), await MemberIdAsync(funding, SandraBsn));

        // Daan's youth GGZ (Utrecht pays), Sandra's treatment and the family therapy within it (her insurer pays).
        var youthCare = Intervention(familyId, daan, [daan], "individual-treatment", "clinician", "youth");
        var adultCare = Intervention(familyId, sandra, [sandra], "individual-treatment", "clinician", "adult");
        var familyTherapy = Intervention(familyId, sandra, [sandra, daan], "family-therapy", "clinician", "adult");
        foreach (var intervention in new[] { youthCare, adultCare, familyTherapy })
        {
            await bus.Bus.Publish(intervention);
        }

        await Eventually.Until(() => DbCounts.CountAsync(funding, "intervention_routes"), n => n == 3, "three routes decided");

        using var utrecht = platform.Gateway.Client(Tokens.Municipality("0344"));
        var route = await FinancierResponses.OkAsync(utrecht, $"/api/funding-routes/interventions/{youthCare.InterventionId}", otherMember: SandraBsn);
        Assert.Equal(youthCare.InterventionId, route["interventionId"]!.GetValue<Guid>());
        Assert.Equal((DaanBsn, "2011-03-14"), (route["subject"]!["bsn"]!.GetValue<string>(), route["subject"]!["birthDate"]!.GetValue<string>()));
        Assert.Equal(("individual-treatment", "planned"), (route["kind"]!.GetValue<string>(), route["status"]!.GetValue<string>()));
        Assert.Equal(TestClock.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), route["startOn"]!.GetValue<string>());
        Assert.Equal(("Jeugdwet", "municipality", "0344", "54"),
            (route["law"]!.GetValue<string>(), route["financierType"]!.GetValue<string>(), route["financierCode"]!.GetValue<string>(), route["productCategory"]!.GetValue<string>()));
        Assert.False(route["deductibleApplies"]!.GetValue<bool>());
        Assert.Null(route["deductibleAmount"]);
        Assert.Contains(route["paperwork"]!.AsArray(), p => p!.GetValue<string>().Contains("JW315", StringComparison.Ordinal));
        Assert.Contains(route["rules"]!.AsArray(), r => r!["article"]!.GetValue<string>().StartsWith("Jeugdwet art. 1.1", StringComparison.Ordinal));
        Assert.Equal(1, route["version"]!.GetValue<int>());

        // Sandra lives in Utrecht, but her insurer pays her care: not Utrecht's to know about, nor is another municipality's.
        Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(utrecht, $"/api/funding-routes/interventions/{adultCare.InterventionId}"));
        using var amersfoort = platform.Gateway.Client(Tokens.Municipality("0307"));
        Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(amersfoort, $"/api/funding-routes/interventions/{youthCare.InterventionId}"));
        Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(utrecht, $"/api/funding-routes/interventions/{Guid.NewGuid()}"));
        Assert.Equal([youthCare.InterventionId], Ids(await FinancierResponses.OkAsync(utrecht, "/api/funding-routes/interventions", otherMember: SandraBsn)));
        Assert.Empty(Ids(await FinancierResponses.OkAsync(amersfoort, "/api/funding-routes/interventions", otherMember: DaanBsn)));

        // Insurer 3311: Sandra's two routes, the deductible's amount for 2026 (she is long past 18), newest first and page by page.
        using var insurer = platform.Gateway.Client(Tokens.Insurer("3311"));
        var list = await FinancierResponses.OkAsync(insurer, "/api/funding-routes/interventions", otherMember: DaanBsn);
        Assert.Equal(new[] { adultCare.InterventionId, familyTherapy.InterventionId }.Order(), Ids(list).Order());
        var individual = list["items"]!.AsArray().Single(i => i!["interventionId"]!.GetValue<Guid>() == adultCare.InterventionId)!;
        Assert.Equal(("Zvw", true, 385m), (individual["law"]!.GetValue<string>(), individual["deductibleApplies"]!.GetValue<bool>(), individual["deductibleAmount"]!.GetValue<decimal>()));
        var first = await FinancierResponses.OkAsync(insurer, "/api/funding-routes/interventions?limit=1", otherMember: DaanBsn);
        var second = await FinancierResponses.OkAsync(insurer, $"/api/funding-routes/interventions?limit=1&cursor={Uri.EscapeDataString(first["nextCursor"]!.GetValue<string>())}", otherMember: DaanBsn);
        Assert.Equal(Ids(list), Ids(first).Concat(Ids(second)));
        Assert.Null(second["nextCursor"]);
        Assert.Equal([familyTherapy.InterventionId], Ids(await FinancierResponses.OkAsync(insurer, "/api/funding-routes/interventions?kind=family-therapy", otherMember: DaanBsn)));

        // The municipality cancels nothing, the plan does: the route stays, marked cancelled, and the status filter finds it.
        await bus.Bus.Publish(youthCare with { Status = "cancelled", EndOn = TestClock.Today.AddDays(3), Version = 2 });
        await Eventually.Until(() => FinancierResponses.OkAsync(utrecht, "/api/funding-routes/interventions?status=cancelled", otherMember: SandraBsn),
            page => Ids(page).SequenceEqual([youthCare.InterventionId]), "the route marked cancelled");
        Assert.Empty(Ids(await FinancierResponses.OkAsync(utrecht, "/api/funding-routes/interventions?status=planned", otherMember: SandraBsn)));

        // Bad filters and paging name the parameter; a municipality filtering on the insurer's law is one, a forged cursor another.
        foreach (var (query, parameter) in (ValueTuple<string, string>[])[("law=Zvw", "law"), ("status=paid", "status"), ("kind=massage", "kind"), ("limit=0", "limit"), ("cursor=abc", "cursor")])
        {
            var problem = await FinancierResponses.ProblemAsync(utrecht, $"/api/funding-routes/interventions?{query}", HttpStatusCode.BadRequest);
            Assert.Equal([parameter], problem["errors"]!.AsObject().Select(e => e.Key));
        }

        // What its population's family therapies are worth: the insurer's one, closest to a family with a child (Daan, 14, on record).
        var sums = await FinancierResponses.OkAsync(insurer, "/api/funding-routes/cost-benefit", otherMember: DaanBsn);
        var only = Assert.Single(sums["cases"]!.AsArray())!;
        Assert.Equal(("family-with-young-children", 1, 2131m, 405m, 1726m),
            (only["caseType"]!.GetValue<string>(), only["therapies"]!.GetValue<int>(), only["expectedAvoidedCost"]!.GetValue<decimal>(), only["cost"]!.GetValue<decimal>(), only["net"]!.GetValue<decimal>()));
        Assert.Equal(1726m, sums["total"]!["net"]!.GetValue<decimal>());
        Assert.Empty((await FinancierResponses.OkAsync(utrecht, "/api/funding-routes/cost-benefit", otherMember: SandraBsn))["cases"]!.AsArray());

        // Care roles and clients have no population: the gateway turns them away, the service itself answers 404 and 403.
        foreach (var token in (string[])[Tokens.Gp(), Tokens.Clinician(), Tokens.Client(DaanBsn)])
        {
            using var through = platform.Gateway.Client(token);
            Assert.Equal(HttpStatusCode.Forbidden, await FinancierResponses.StatusAsync(through, "/api/funding-routes/interventions"));
            using var direct = platform.Service(Platform.FundingRoute).Client(token);
            Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(direct, $"/api/funding-routes/interventions/{youthCare.InterventionId}"));
            Assert.Equal(HttpStatusCode.Forbidden, await FinancierResponses.StatusAsync(direct, "/api/funding-routes/interventions"));
            Assert.Equal(HttpStatusCode.Forbidden, await FinancierResponses.StatusAsync(direct, "/api/funding-routes/cost-benefit"));
        }

        // An Amsterdam (0363) resident's youth route: Amsterdam reads it; Utrecht (0344) gets 404, as for a route that does not exist.
        var noor = Referrals.Daan();
        noor["subject"]!["bsn"] = "999900043";
        noor["subject"]!["name"] = "Noor Jansen";
        noor["subject"]!["municipalityCode"] = "0363";
        noor.Remove("household");
        var noorsReferral = await Referrals.ReferAsync(gp, noor);
        using var amsterdam = platform.Gateway.Client(Tokens.Municipality("0363"));
        await Eventually.Until(() => FinancierResponses.StatusAsync(amsterdam, $"/api/funding-routes/{noorsReferral}"), s => s == HttpStatusCode.OK, "Noor's route for Amsterdam");
        Assert.Equal(HttpStatusCode.NotFound, await FinancierResponses.StatusAsync(utrecht, $"/api/funding-routes/{noorsReferral}"));

        // Every answer any financier endpoint declares carries only the properties judged safe.
        using var service = platform.Service(Platform.FundingRoute).Client(null);
        var declared = await FinancierResponses.DeclaredPropertiesAsync(service, "/api/funding-routes");
        Assert.Contains("deductibleAmount", declared);
        Assert.Empty(declared.Except(FinancierResponses.Properties));
        var assignments = await FinancierResponses.DeclaredPropertiesAsync(service, "/api/funding/assignments");
        Assert.Contains("answerOverdue", assignments);
        Assert.Empty(assignments.Except(FinancierResponses.AssignmentProperties));

        // The access log: Utrecht read Daan's route (the single read, the first list, and the cancelled filter at least once); its refused look at Sandra's is on hers.
        Assert.True(await DbCounts.CountAsync(funding, "audit_log",
            "action = 'R' AND outcome = 'success' AND user_id = 'municipality-0344' AND object_type = 'InterventionRoute' AND object_id = @Id AND client_bsn = @Bsn",
            new { Id = youthCare.InterventionId.ToString(), Bsn = DaanBsn }) >= 3);
        Assert.Equal(1, await DbCounts.CountAsync(funding, "audit_log",
            "action = 'R' AND outcome = 'denied' AND user_id = 'municipality-0344' AND object_type = 'InterventionRoute' AND object_id = @Id AND client_bsn = @Bsn",
            new { Id = adultCare.InterventionId.ToString(), Bsn = SandraBsn }));
        Assert.Equal(1, await DbCounts.CountAsync(funding, "audit_log",
            "action = 'R' AND outcome = 'denied' AND user_id = 'clinician-94012345' AND object_type = 'InterventionRoute' AND object_id = @Id AND client_bsn = @Bsn",
            new { Id = youthCare.InterventionId.ToString(), Bsn = DaanBsn }));
    }

    internal static InterventionChanged Intervention(Guid familyId, Guid? member, Guid[] participants, string kind, string role, string? domain) =>
        new(Guid.NewGuid(), familyId, member, participants, kind, role, domain, "73730005", TestClock.Today, null, 6, "planned", TestClock.StartsAt, 1);

    internal static async Task<Guid> MemberIdAsync(Database funding, string bsn)
    {
        await using var connection = await funding.OpenAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<Guid>("SELECT member_id FROM funding_members WHERE bsn = @Bsn", new { Bsn = bsn });
    }

    private static List<Guid> Ids(JsonNode page) => page["items"]!.AsArray().Select(i => i!["interventionId"]!.GetValue<Guid>()).ToList();
}

using System.Globalization;
using System.Net;
using Coordination.Testing;

namespace FamilyPlan.Tests;

/// <summary>
/// Evaluation and closure (issue 9): per goal what changed and what next, shown to whom the goal
/// shows; the plan closes only when every intervention has ended, by the coordinator, and the
/// family keeps seeing the relapse-prevention plan; a closed plan takes no more changes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class EvaluationAndClosureTests
{
    private static string Day(int days) => TestClock.Today.AddDays(days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static readonly object RelapsePlan = new
    {
        relapsePlan = new
        {
            signals = new[] { "Daan skips school again", "Sandra sleeps badly for more than a week" },
            steps = new[] { "Talk about it at the family dinner", "Call the GP within a week" },
            contacts = new object[] { new { name = "Huisartsenpraktijk Lombok", role = "GP", phone = "030 123 4567" }, new { name = "Wijkteam Utrecht-West", role = "wijkteam" } },
        },
    };

    [SkippableFact]
    public async Task An_evaluation_records_per_goal_what_changed_and_what_next_shown_to_whom_the_goal_shows()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var family = await InterventionTests.DeVriesAsync(host);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var goals = $"/api/families/{family.FamilyId}/goals";
        var daans = await IdAsync(host, youth, goals, new { memberId = family.MemberId(Families.Daan), title = "Goes to school every day", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) });
        var familys = await IdAsync(host, youth, goals, new { title = "Evenings without shouting", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) });
        var path = $"/api/families/{family.FamilyId}/evaluations";
        object Line(Guid goal) => new { goalId = goal, whatChanged = "Three school days a week now.", whatNext = "Aim for four." };

        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync(adult, path, new { heldOn = Day(0), goals = new[] { Line(daans) } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostAsync(youth, path, new { heldOn = Day(0), goals = new[] { Line(Guid.NewGuid()) } })).Status);
        var (status, problem) = await host.PostAsync(youth, path, new { heldOn = Day(1), goals = new[] { Line(daans), Line(daans) } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["goals[1].goalId", "heldOn"], problem!["errors"]!.AsObject().Select(e => e.Key).Order());
        (status, _) = await host.PostAsync(youth, path, new { heldOn = Day(0), goals = new[] { Line(daans), Line(familys) } });
        Assert.Equal(HttpStatusCode.Created, status);

        // Daan's clinician sees both lines; Sandra's, who does not see Daan's care data, the family goal's only.
        var youths = Assert.Single((await host.PlanAsync(youth, family.FamilyId))["evaluations"]!.AsArray())!;
        Assert.Equal([daans, familys], youths["goals"]!.AsArray().Select(g => g!["goalId"]!.GetValue<Guid>()));
        var adults = Assert.Single((await host.PlanAsync(adult, family.FamilyId))["evaluations"]!.AsArray())!;
        Assert.Equal([familys], adults["goals"]!.AsArray().Select(g => g!["goalId"]!.GetValue<Guid>()));
        Assert.Equal(("Three school days a week now.", "Aim for four."), (adults["goals"]![0]!["whatChanged"]!.GetValue<string>(), adults["goals"]![0]!["whatNext"]!.GetValue<string>()));
    }

    [SkippableFact]
    public async Task Closure_is_refused_while_an_intervention_is_open_and_after_it_the_family_still_sees_the_relapse_plan()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var family = await InterventionTests.DeVriesAsync(host);
        var (adult, youth) = (FamilyEvents.AdultClinicianToken, FamilyEvents.YouthClinicianToken);
        var (_, intervention) = await host.PostAsync(youth, $"/api/families/{family.FamilyId}/interventions",
            new { kind = "family-sessions", title = "Six family sessions", responsibleUserId = FamilyEvents.YouthClinician.UserId, startOn = Day(0), plannedSessions = 6 });
        var interventionId = intervention!["id"]!.GetValue<Guid>();
        var closure = $"/api/families/{family.FamilyId}/closure";

        // The youth clinician coordinates; the plan cannot close while the sessions are planned, and they are named.
        var (_, _, team) = await host.SendAsync(youth, HttpMethod.Get, $"/api/families/{family.FamilyId}/team", new { });
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(youth, HttpMethod.Post, $"/api/families/{family.FamilyId}/coordinator",
            new { userId = FamilyEvents.YouthClinician.UserId }, team)).Status);
        var (status, refused) = await host.PostAsync(youth, closure, RelapsePlan);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("interventions-open", refused!["rule"]!.GetValue<string>());
        Assert.Equal(interventionId, Assert.Single(refused["openInterventions"]!.AsArray())!["id"]!.GetValue<Guid>());

        // The sessions end; only the coordinator closes; a relapse plan without contacts is refused.
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(youth, HttpMethod.Patch, $"/api/families/{family.FamilyId}/interventions/{interventionId}", new { status = "active" }, "\"1\"")).Status);
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(youth, HttpMethod.Patch, $"/api/families/{family.FamilyId}/interventions/{interventionId}", new { status = "ended" }, "\"2\"")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.PostAsync(adult, closure, RelapsePlan)).Status);
        (status, var invalid) = await host.PostAsync(youth, closure, new { relapsePlan = new { signals = new[] { "x" }, steps = new[] { "y" }, contacts = Array.Empty<object>() } });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(invalid!["errors"]!.AsObject().ContainsKey("relapsePlan.contacts"), invalid.ToJsonString());
        (status, var closed) = await host.PostAsync(youth, closure, RelapsePlan);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, closed!["relapsePlan"]!["contacts"]!.AsArray().Count);

        // Everyone who reads the plan sees the relapse plan, the family too; a closed plan takes no more changes.
        foreach (var reader in new[] { adult, youth, Tokens.Client(Families.Sandra.Bsn) })
        {
            var plan = await host.PlanAsync(reader, family.FamilyId);
            Assert.Equal(["Daan skips school again", "Sandra sleeps badly for more than a week"], plan["closure"]!["relapsePlan"]!["signals"]!.AsArray().Select(s => s!.GetValue<string>()));
            Assert.Equal("030 123 4567", plan["closure"]!["relapsePlan"]!["contacts"]![0]!["phone"]!.GetValue<string>());
        }

        (status, var late) = await host.PostAsync(youth, $"/api/families/{family.FamilyId}/goals", new { title = "x", ownerUserId = FamilyEvents.YouthClinician.UserId, evaluationOn = Day(30) });
        Assert.Equal((HttpStatusCode.Conflict, "plan-closed"), (status, late!["rule"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Conflict, (await host.PostAsync(youth, closure, RelapsePlan)).Status);
        Assert.Equal(1, await host.CountAsync("plan_closures"));
    }

    private static async Task<Guid> IdAsync(PlanHost host, string token, string path, object body)
    {
        var (status, created) = await host.PostAsync(token, path, body);
        Assert.True(status == HttpStatusCode.Created, created?.ToJsonString());
        return created!["id"]!.GetValue<Guid>();
    }
}

using System.Net;
using System.Text;
using Coordination.Testing;

namespace FamilyPlan.Tests;

/// <summary>
/// Completing a check: only its assignee, once; a kindcheck with concerns opens the five steps of
/// the Meldcode, of which the decision comes last; bad input is refused by field and stores nothing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TaskCompletionTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Only_the_assignee_completes_a_check_and_only_once_and_anyone_else_gets_404_with_nothing_changed(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var (family, taskId) = await SandraWithKindcheckAsync(host);
        var path = $"/api/families/{family.FamilyId}/tasks/{taskId}/complete";
        var body = new { outcome = "no-concerns", note = "Two sons at home, cared for together with her husband; no signals." };

        // Another clinician, the GP who referred her, and Sandra herself: for them the check does not exist.
        foreach (var other in (string[])[Tokens.Clinician("adult", "94099999", "73730002"), Tokens.Gp(), Tokens.Client(Families.Sandra.Bsn)])
        {
            var (refused, problem) = await host.PostAsync(other, path, body);
            Assert.Equal(HttpStatusCode.NotFound, refused);
            Assert.Equal(404, problem!["status"]!.GetValue<int>());
        }

        // Nor does it exist in another family.
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostAsync(FamilyEvents.AdultClinicianToken, $"/api/families/{Guid.NewGuid()}/tasks/{taskId}/complete", body)).Status);
        Assert.Equal(1, await host.CountAsync("plan_tasks", "status = 'open' AND outcome IS NULL AND done_at IS NULL"));
        // Each refusal is in Sandra's access log.
        Assert.Equal(3, await host.CountAsync("audit_log", "object_type = 'CareTask' AND outcome = 'denied' AND client_bsn = @Bsn", new { Families.Sandra.Bsn }));

        var (status, done) = await host.PostAsync(FamilyEvents.AdultClinicianToken, path, body);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("done", "no-concerns", body.note, FamilyEvents.AdultClinician.UserId),
            (done!["status"]!.GetValue<string>(), done["outcome"]!.GetValue<string>(), done["note"]!.GetValue<string>(), done["doneBy"]!.GetValue<string>()));
        Assert.NotNull(done["doneAt"]);
        Assert.Empty(done["meldcode"]!.AsArray());
        Assert.Equal(Families.Daan.Name, Assert.Single(done["minors"]!.AsArray())!["name"]!.GetValue<string>());
        Assert.Equal(1, await host.CountAsync("audit_log", "object_type = 'CareTask' AND action = 'U' AND outcome = 'success' AND user_id = @User AND client_bsn = @Bsn",
            new { User = FamilyEvents.AdultClinician.UserId, Families.Sandra.Bsn }));

        // Completing it again is a conflict and changes nothing.
        var (again, conflict) = await host.PostAsync(FamilyEvents.AdultClinicianToken, path, new { outcome = "concerns", note = "Second thoughts." });
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal(409, conflict!["status"]!.GetValue<int>());
        Assert.Equal(1, await host.CountAsync("plan_tasks", "status = 'done' AND outcome = 'no-concerns'"));
        Assert.Equal(0, await host.CountAsync("meldcode_steps"));

        var shown = CareCheckTests.TaskOf(await host.PlanAsync(FamilyEvents.AdultClinicianToken, family.FamilyId), Families.Sandra.Bsn);
        Assert.Equal(("done", "no-concerns"), (shown["status"]!.GetValue<string>(), shown["outcome"]!.GetValue<string>()));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_kindcheck_with_concerns_opens_the_five_meldcode_steps_and_the_decision_comes_after_the_other_four(string dialect)
    {
        await using var host = await PlanHost.StartAsync(dialect);
        var (family, taskId) = await SandraWithKindcheckAsync(host);
        var assignee = FamilyEvents.AdultClinicianToken;
        string Step(int step) => $"/api/families/{family.FamilyId}/tasks/{taskId}/meldcode/{step}";

        var (status, task) = await host.PostAsync(assignee, $"/api/families/{family.FamilyId}/tasks/{taskId}/complete",
            new { outcome = "concerns", note = "Daan tells of shouting at night; Sandra is exhausted." });
        Assert.Equal(HttpStatusCode.OK, status);
        var steps = task!["meldcode"]!.AsArray();
        Assert.Equal([1, 2, 3, 4, 5], steps.Select(s => s!["step"]!.GetValue<int>()));
        Assert.Equal(["map-signals", "consult", "talk-with-client", "weigh-risk", "decide"], steps.Select(s => s!["code"]!.GetValue<string>()));
        Assert.All(steps, s => Assert.False(s!["done"]!.GetValue<bool>()));
        Assert.Equal(5, await host.CountAsync("meldcode_steps"));

        // The decision before the other four is refused by its rule, and nothing changes.
        var (early, refusal) = await host.PostAsync(assignee, Step(5), new { note = "Report to Veilig Thuis." });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, early);
        Assert.Equal("meldcode-decide-last", refusal!["rule"]!.GetValue<string>());
        Assert.Equal(0, await host.CountAsync("meldcode_steps", "done_at IS NOT NULL"));

        // Steps 1 to 4 in any order.
        foreach (var step in (int[])[3, 1, 4, 2])
        {
            var (marked, view) = await host.PostAsync(assignee, Step(step), new { note = $"Step {step} done." });
            Assert.Equal(HttpStatusCode.OK, marked);
            var shown = view!["meldcode"]!.AsArray().Single(s => s!["step"]!.GetValue<int>() == step)!;
            Assert.Equal((true, $"Step {step} done.", FamilyEvents.AdultClinician.UserId),
                (shown["done"]!.GetValue<bool>(), shown["note"]!.GetValue<string>(), shown["doneBy"]!.GetValue<string>()));
        }

        // A step is marked once.
        var (twice, _) = await host.PostAsync(assignee, Step(2), new { note = "Again." });
        Assert.Equal(HttpStatusCode.Conflict, twice);
        Assert.Equal(1, await host.CountAsync("meldcode_steps", "step = 2 AND note = 'Step 2 done.'"));

        var (decided, final) = await host.PostAsync(assignee, Step(5), new { note = "Help organised with the wijkteam; no report for now." });
        Assert.Equal(HttpStatusCode.OK, decided);
        Assert.All(final!["meldcode"]!.AsArray(), s => Assert.True(s!["done"]!.GetValue<bool>()));

        // Someone else may not mark a step.
        Assert.Equal(HttpStatusCode.NotFound, (await host.PostAsync(Tokens.Clinician("adult", "94099999", "73730002"), Step(1), new { note = "Not mine." })).Status);

        // An oudercheck with concerns opens no checklist: its steps do not exist.
        var daans = Guid.NewGuid();
        await host.PublishAsync(family.Submitted(daans, Families.Daan, "youth", Families.Sandra.As("parent", custody: true)));
        await host.PublishAsync(family.Accepted(daans, Families.Daan, FamilyEvents.YouthClinician, adult: false, parents: [Families.Sandra]));
        await host.WaitForInboxAsync(4);
        var oudercheck = CareCheckTests.TaskOf(await host.PlanAsync(FamilyEvents.YouthClinicianToken, family.FamilyId), Families.Daan.Bsn)["id"]!.GetValue<Guid>();
        var (ouderDone, ouderView) = await host.PostAsync(FamilyEvents.YouthClinicianToken, $"/api/families/{family.FamilyId}/tasks/{oudercheck}/complete",
            new { outcome = "concerns" });
        Assert.Equal(HttpStatusCode.OK, ouderDone);
        Assert.Empty(ouderView!["meldcode"]!.AsArray());
        Assert.Equal(5, await host.CountAsync("meldcode_steps"));
        Assert.Equal(HttpStatusCode.NotFound,
            (await host.PostAsync(FamilyEvents.YouthClinicianToken, $"/api/families/{family.FamilyId}/tasks/{oudercheck}/meldcode/1", new { note = "Signals." })).Status);
    }

    [SkippableFact]
    public async Task Bad_input_to_a_check_is_refused_by_field_and_changes_nothing()
    {
        await using var host = await PlanHost.StartAsync(Dialects.Sqlite);
        var (family, taskId) = await SandraWithKindcheckAsync(host);
        var assignee = FamilyEvents.AdultClinicianToken;
        var complete = $"/api/families/{family.FamilyId}/tasks/{taskId}/complete";

        await AssertInvalidAsync(host, complete, new { note = "No outcome." }, "outcome");
        await AssertInvalidAsync(host, complete, new { outcome = "maybe" }, "outcome");
        await AssertInvalidAsync(host, complete, new { outcome = "concerns", note = new string('n', 2001) }, "note");
        await AssertInvalidAsync(host, complete, new { outcome = 3 }, "outcome");
        using (var client = host.Service.Client(assignee))
        {
            using var malformed = await client.PostAsync(complete, new StringContent("{\"outcome\": ", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            using var text = await client.PostAsync(complete, new StringContent("outcome=concerns", Encoding.UTF8, "text/plain"));
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
            Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(1, await host.CountAsync("plan_tasks", "status = 'open'"));
        Assert.Equal(0, await host.CountAsync("meldcode_steps"));

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(assignee, complete, new { outcome = "concerns" })).Status);
        var step = $"/api/families/{family.FamilyId}/tasks/{taskId}/meldcode/1";
        await AssertInvalidAsync(host, step, new { }, "note");
        await AssertInvalidAsync(host, step, new { note = "   " }, "note");
        await AssertInvalidAsync(host, step, new { note = new string('n', 2001) }, "note");
        foreach (var outside in (int[])[0, 6, -1])
        {
            var (status, problem) = await host.PostAsync(assignee, $"/api/families/{family.FamilyId}/tasks/{taskId}/meldcode/{outside}", new { note = "Signals." });
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal(404, problem!["status"]!.GetValue<int>());
        }

        Assert.Equal(0, await host.CountAsync("meldcode_steps", "done_at IS NOT NULL"));
    }

    /// <summary>Sandra, referred with her son Daan, accepted by the adult clinician: her kindcheck's id.</summary>
    private static async Task<(FamilyEvents Family, Guid TaskId)> SandraWithKindcheckAsync(PlanHost host)
    {
        var family = new FamilyEvents();
        var referral = Guid.NewGuid();
        await host.PublishAsync(family.Submitted(referral, Families.Sandra, "adult", Families.Daan.As("child")));
        await host.PublishAsync(family.Accepted(referral, Families.Sandra, FamilyEvents.AdultClinician, adult: true, minors: [Families.Daan]));
        await host.WaitForInboxAsync(2);
        var task = CareCheckTests.TaskOf(await host.PlanAsync(FamilyEvents.AdultClinicianToken, family.FamilyId), Families.Sandra.Bsn);
        return (family, task["id"]!.GetValue<Guid>());
    }

    private static async Task AssertInvalidAsync(PlanHost host, string path, object body, string field)
    {
        var (status, problem) = await host.PostAsync(FamilyEvents.AdultClinicianToken, path, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotNull(problem!["errors"]![field]);
    }
}

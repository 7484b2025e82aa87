using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coordination.Bench;

/// <summary>
/// The plan read of a family of six with three years of history (issue 9): two parents and four
/// children, each referred by the scenario's GP, and the plan filled through the API as three
/// years of work would fill it: per member monthly outcome measurements, goals, interventions and
/// actions; family goals, interventions and actions; quarterly evaluations. Then the GP reads the
/// plan through the gateway, each read with its consent check for the other five members.
/// </summary>
internal static class FamilyBench
{
    public static readonly IReadOnlyList<(string Bsn, string Name, string BirthDate, string Relation)> Members =
    [
        ("999991000", "Bench Father Six", "1984-03-10", "parent"),
        ("999991012", "Bench Mother Six", "1986-07-21", "parent"),
        ("999991024", "Bench Child Six A", "2010-01-15", "child"),
        ("999991036", "Bench Child Six B", "2012-05-02", "child"),
        ("999991048", "Bench Child Six C", "2015-09-30", "child"),
        ("999991061", "Bench Child Six D", "2018-12-12", "child"),
    ];

    public const int Months = 36;
    public const int GoalsPerMember = 8;
    public const int InterventionsPerMember = 4;
    public const int ActionsPerMember = 20;
    public const int FamilyGoals = 10;
    public const int FamilyActions = 40;
    public const int Evaluations = 12;

    public sealed record Result(
        double SetupSeconds, int Writes, int PlanBytes, IReadOnlyList<(int Concurrency, List<double> Reads, int Errors, int Withheld, double Seconds)> Phases,
        IReadOnlyList<PortalBench.Page> PortalPhases, IReadOnlyList<(string Family, List<double> Writes)> WriteCosts);

    /// <summary>How many writes are timed per family in the write-cost phase.</summary>
    public const int TimedWrites = 100;

    public static async Task<Result> RunAsync(BenchSettings settings, HttpClient gp, HttpClient management)
    {
        var setup = Stopwatch.StartNew();
        var (familyId, writes) = await SetUpAsync(settings, gp);
        await Backlog.DrainAsync(settings.DataFolder, management);
        var plan = new Uri(settings.Gateway, $"/api/families/{familyId}/plan");
        var planBytes = (await gp.GetByteArrayAsync(plan)).Length;
        var setupSeconds = setup.Elapsed.TotalSeconds;
        var limits = settings.Consent;
        bool Complete(string body) => JsonNode.Parse(body)?["members"]?.AsArray().Count(m => m?["bsn"] is not null) == Members.Count;
        await ConsentBench.ReadLoopAsync(gp, plan, limits.Concurrencies.Max(), limits.WarmUpReads, limits.TimeLimit, Complete);
        var phases = new List<(int, List<double>, int, int, double)>();
        foreach (var concurrency in limits.Concurrencies)
        {
            var (reads, errors, withheld, seconds) = await ConsentBench.ReadLoopAsync(gp, plan, concurrency, limits.MaxReads, limits.TimeLimit, Complete);
            phases.Add((concurrency, reads, errors, withheld, seconds));
        }

        // The same plan as the portal's page (issue 21): the GP persona, who referred all six, signed in as a browser is; the
        // page's server time includes its three API calls (plan, team, history) and drawing the tree and the outcome chart.
        using var browser = await PortalBench.SignInAsync(settings.Gateway, "huisarts");
        var page = new Uri(settings.Gateway, $"/gezinnen/{familyId}");
        static bool Drawn(string body) => body.Contains("class=\"tree\"", StringComparison.Ordinal) && body.Contains("class=\"chart\"", StringComparison.Ordinal);
        await ConsentBench.ReadLoopAsync(browser, page, 8, limits.WarmUpReads / 4, limits.TimeLimit, Drawn);
        var portal = new List<PortalBench.Page>();
        foreach (var concurrency in new[] { 1, 8 })
        {
            var (reads, errors, incomplete, seconds) = await ConsentBench.ReadLoopAsync(browser, page, concurrency, limits.MaxReads / 6, limits.TimeLimit, Drawn);
            portal.Add(new PortalBench.Page("/gezinnen/{family of six}", concurrency, reads, errors + incomplete, seconds));
        }

        // One write's cost (issue 22): an action added to the family of six, with its three years of history, against the same
        // write to a family of one with none; sequential, each timed from the request to the answer through the gateway.
        var single = Load.Take(1)[0];
        var fresh = await ConsentBench.ReferAsync(gp, settings.Gateway, $$"""
            {"subject":{"bsn":"{{single}}","name":"Bench Single","birthDate":"1980-01-01","municipalityCode":"0344","uzovi":"3311"},
             "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
             "domain":"adult","careLevel":"basic","suspectedDsm":{"code":"F32.0","description":"Major depressive disorder, single episode, mild"},
             "reason":"Benchmark: a family of one."}
            """);
        await ConsentBench.UntilAsync(async () =>
        {
            using var response = await gp.GetAsync(new Uri(settings.Gateway, $"/api/families/{fresh}/plan"));
            return response.StatusCode == HttpStatusCode.OK ? true : (bool?)null;
        }, "the family of one in the plan");
        var writeCosts = new List<(string, List<double>)>
        {
            ("family of six, three years of history", await TimeWritesAsync(gp, settings.Gateway, familyId)),
            ("family of one, no history", await TimeWritesAsync(gp, settings.Gateway, fresh)),
        };

        return new Result(setupSeconds, writes, planBytes, phases, portal, writeCosts);
    }

    public static IEnumerable<string> Describe(Result result)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"family of six with three years of history set up in {result.SetupSeconds:F1} s: six referrals and {result.Writes} writes to the plan; the plan is {result.PlanBytes / 1024.0:F0} KiB of JSON");
        foreach (var (concurrency, reads, errors, withheld, seconds) in result.Phases)
        {
            reads.Sort();
            yield return string.Create(CultureInfo.InvariantCulture,
                $"plan read of the family of six, {concurrency} concurrent: {reads.Count} reads in {seconds:F1} s = {reads.Count / seconds:F0}/s, p50 {Stats.Percentile(reads, 0.5):F1} ms, p90 {Stats.Percentile(reads, 0.9):F1} ms, p99 {Stats.Percentile(reads, 0.99):F1} ms, max {(reads.Count > 0 ? reads[^1] : double.NaN):F1} ms; {errors} errors, {withheld} reads missing a member");
        }

        foreach (var (family, writes) in result.WriteCosts)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"one write (an action) to the {family}, one at a time: {Stats.Describe(writes)}");
        }

        foreach (var page in result.PortalPhases)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"portal plan page of the family of six (GET {page.Path}), {page.Concurrency} at once: {Stats.Describe(page.Reads)}, {page.Reads.Count / page.Seconds:F0} pages/s, {page.Errors} errors or pages without both drawings");
        }
    }

    private static async Task<List<double>> TimeWritesAsync(HttpClient gp, Uri gateway, Guid familyId)
    {
        var uri = new Uri(gateway, $"/api/families/{familyId}/actions");
        var due = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(7);
        var times = new List<double>(TimedWrites);
        for (var i = 0; i < TimedWrites; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await gp.PostAsJsonAsync(uri, new { title = $"Timed action {i + 1}", ownerUserId = "gp-01012345", dueOn = due });
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"a timed write gave {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
        }

        return times;
    }

    private static async Task<(Guid FamilyId, int Writes)> SetUpAsync(BenchSettings settings, HttpClient gp)
    {
        var familyId = Guid.Empty;
        foreach (var subject in Members)
        {
            var household = string.Join(",", Members.Where(m => m.Bsn != subject.Bsn).Select(m =>
                $$"""{"bsn":"{{m.Bsn}}","name":"{{m.Name}}","birthDate":"{{m.BirthDate}}","relation":"{{RelationTo(subject.Relation, m.Relation)}}"{{(subject.Relation == "child" && m.Relation == "parent" ? ",\"custody\":true" : "")}}}"""));
            var adult = subject.Relation == "parent";
            var id = await ConsentBench.ReferAsync(gp, settings.Gateway, $$"""
                {"subject":{"bsn":"{{subject.Bsn}}","name":"{{subject.Name}}","birthDate":"{{subject.BirthDate}}","municipalityCode":"0344"{{(adult ? ",\"uzovi\":\"3311\"" : "")}}},
                 "household":[{{household}}],
                 "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
                 "domain":"{{(adult ? "adult" : "youth")}}",{{(adult ? "\"careLevel\":\"basic\",\"suspectedDsm\":{\"code\":\"F32.0\",\"description\":\"Major depressive disorder, single episode, mild\"}," : "")}}
                 "reason":"Benchmark: a family of six."}
                """);
            familyId = familyId == Guid.Empty || familyId == id ? id : throw new InvalidOperationException($"the referrals went to families {familyId} and {id}");
        }

        var families = new Uri(settings.Gateway, $"/api/families/{familyId}/");
        Guid[] members = [];
        await ConsentBench.UntilAsync(async () =>
        {
            using var response = await gp.GetAsync(new Uri(families, "plan"));
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return null;
            }

            var shown = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["members"]!.AsArray()
                .Where(m => m!["bsn"] is not null).Select(m => m!["memberId"]!.GetValue<Guid>()).ToArray();
            members = shown;
            return shown.Length == Members.Count ? true : (bool?)null;
        }, "the plan to show all six members");

        // The GP owns everything: deploy/token.sh names a GP by their AGB code.
        const string owner = "gp-01012345";
        // The UTC date is never after the Amsterdam date the services judge by; due dates start tomorrow.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var writes = 0;
        async Task<Guid> PostAsync(string path, object body)
        {
            using var response = await gp.PostAsJsonAsync(new Uri(families, path), body);
            var text = await response.Content.ReadAsStringAsync();
            writes++;
            return response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK
                ? JsonNode.Parse(text)?["id"]?.GetValue<Guid>() ?? Guid.Empty
                : throw new InvalidOperationException($"POST {path} gave {(int)response.StatusCode}: {text}");
        }

        var goals = new List<Guid>();
        for (var g = 0; g < FamilyGoals; g++)
        {
            goals.Add(await PostAsync("goals", new { title = $"Family goal {g + 1}", ownerUserId = owner, evaluationOn = today.AddDays(30 + g) }));
        }

        for (var a = 0; a < FamilyActions; a++)
        {
            await PostAsync("actions", new { title = $"Family action {a + 1}", ownerUserId = owner, dueOn = today.AddDays(a + 1) });
        }

        await PostAsync("interventions", new { participantIds = members, kind = "family-sessions", title = "Family sessions", responsibleUserId = owner, startOn = today.AddMonths(-11), plannedSessions = 12 });
        for (var i = 0; i < members.Length; i++)
        {
            var child = Members[i].Relation == "child";
            for (var month = Months; month >= 0; month--)
            {
                await PostAsync("outcomes", new { memberId = members[i], instrumentId = child ? "sdq-parent" : "phq-9", score = 10 + ((month + i) % 8), measuredOn = today.AddMonths(-month) });
            }

            for (var g = 0; g < GoalsPerMember; g++)
            {
                goals.Add(await PostAsync("goals", new { memberId = members[i], title = $"Goal {g + 1}", ownerUserId = owner, evaluationOn = today.AddDays(60 + g) }));
            }

            for (var n = 0; n < InterventionsPerMember; n++)
            {
                await PostAsync("interventions", new { memberId = members[i], kind = "individual-treatment", title = $"Treatment {n + 1}", responsibleUserId = owner, startOn = today.AddMonths(-n * 3), plannedSessions = 8 });
            }

            for (var a = 0; a < ActionsPerMember; a++)
            {
                await PostAsync("actions", new { memberId = members[i], title = $"Action {a + 1}", ownerUserId = owner, dueOn = today.AddDays(a + 1) });
            }
        }

        for (var e = 0; e < Evaluations; e++)
        {
            await PostAsync("evaluations", new
            {
                heldOn = today.AddDays(-e * 30),
                goals = goals.Take(50).Select(g => new { goalId = g, whatChanged = "Steady progress this quarter.", whatNext = "Keep the routine; review in three months." }),
            });
        }

        return (familyId, writes);
    }

    private static string RelationTo(string subject, string member) => (subject, member) switch
    {
        ("parent", "parent") => "partner",
        ("parent", _) => "child",
        ("child", "parent") => "parent",
        _ => "sibling",
    };
}

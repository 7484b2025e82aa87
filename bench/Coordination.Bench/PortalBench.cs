using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coordination.Bench;

/// <summary>
/// The portal's pages through the gateway (issue 20): the GP persona's referral list with at least
/// 200 referrals, and the parent persona's consent page, each read as a signed-in browser reads it
/// (the session cookie, the whole HTML), one at a time and 8 at once. The server time of a page
/// includes every API call the portal makes for it through the gateway.
/// </summary>
internal static partial class PortalBench
{
    public const int Referrals = 200;

    public sealed record Page(string Path, int Concurrency, List<double> Reads, int Errors, double Seconds);

    public sealed record Result(double SetupSeconds, int ReferralCount, int FamilyPeople, IReadOnlyList<Page> Pages);

    public static async Task<Result> RunAsync(BenchSettings settings, HttpClient gp)
    {
        var setup = Stopwatch.StartNew();
        var total = await TotalAsync(gp, settings.Gateway);
        var bsns = Load.Take(Math.Max(0, Referrals - total));
        await ConsentBench.ReferAllAsync(gp, settings.Gateway, bsns, bsn => $$"""
            {"subject":{"bsn":"{{bsn}}","name":"Portal Bench","birthDate":"2013-02-01","municipalityCode":"0344"},
             "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
             "domain":"youth","reason":"Benchmark referral for the portal's list."}
            """);
        // The parent persona's family: the consent scenario's, or, run alone, two children of her own, one with her consent.
        using var parent = Load.CreateClient(settings.Consent.ParentToken);
        if (await SubjectsAsync(parent, settings.Gateway) is { Count: 0 })
        {
            var children = Load.Take(2);
            foreach (var child in children)
            {
                await ConsentBench.ReferAsync(gp, settings.Gateway, $$"""
                    {"subject":{"bsn":"{{child}}","name":"Kind {{child[^3..]}}","birthDate":"2015-09-01","municipalityCode":"0344"},
                     "household":[{"bsn":"{{settings.Consent.ParentBsn}}","name":"Sandra de Vries","birthDate":"1991-06-02","relation":"parent","custody":true}],
                     "referrer":{"agb":"01012345","type":"02","name":"Huisartsenpraktijk Lombok"},
                     "domain":"youth","reason":"Benchmark referral for the portal's consent page."}
                    """);
            }

            await ConsentBench.UntilAsync<int>(async () => (await SubjectsAsync(parent, settings.Gateway)).Count >= 2 ? 2 : null, "the parent's family in the consent service");
            var first = (await SubjectsAsync(parent, settings.Gateway)).First(s => s!["capacity"]!.GetValue<string>() == "parent")!;
            using var declared = await parent.PostAsJsonAsync(new Uri(settings.Gateway, "/api/consents"), new
            {
                subject = first["memberId"]!.GetValue<Guid>(), purpose = "family-care-team",
                recipient = new { kind = "care-team", id = first["familyId"]!.GetValue<Guid>().ToString() },
            });
            declared.EnsureSuccessStatusCode();
        }

        var count = await TotalAsync(gp, settings.Gateway);
        using var gpBrowser = await SignInAsync(settings.Gateway, "huisarts");
        using var parentBrowser = await SignInAsync(settings.Gateway, "ouder");
        var family = People().Count(await parentBrowser.GetStringAsync("/gezin"));
        var setupSeconds = setup.Elapsed.TotalSeconds;

        var limits = settings.Consent;
        var pages = new List<Page>();
        foreach (var (browser, path, complete) in new (HttpClient, string, Func<string, bool>)[]
        {
            (gpBrowser, "/verwijzingen", body => body.Contains("<tbody>", StringComparison.Ordinal)),
            (parentBrowser, "/gezin", body => body.Contains("<h1", StringComparison.Ordinal) && !body.Contains("role=\"alert\"", StringComparison.Ordinal)),
        })
        {
            var uri = new Uri(settings.Gateway, path);
            await ConsentBench.ReadLoopAsync(browser, uri, 8, limits.WarmUpReads / 4, limits.TimeLimit, complete);
            foreach (var concurrency in new[] { 1, 8 })
            {
                var (reads, errors, incomplete, seconds) = await ConsentBench.ReadLoopAsync(browser, uri, concurrency, limits.MaxReads / 6, limits.TimeLimit, complete);
                pages.Add(new Page(path, concurrency, reads, errors + incomplete, seconds));
            }
        }

        return new Result(setupSeconds, count, family, pages);
    }

    public static IEnumerable<string> Describe(Result result)
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"portal pages set up in {result.SetupSeconds:F1} s: the GP persona's list over {result.ReferralCount} referrals (50 a page), the parent persona's consent page with {result.FamilyPeople} people");
        foreach (var page in result.Pages)
        {
            yield return string.Create(CultureInfo.InvariantCulture,
                $"  GET {page.Path}, {page.Concurrency} at once: {Stats.Describe(page.Reads)}, {page.Reads.Count / page.Seconds:F0} pages/s, {page.Errors} errors");
        }
    }

    /// <summary>A client with its own cookies, signed in on the development sign-in page as the persona, with its anti-forgery token.</summary>
    public static async Task<HttpClient> SignInAsync(Uri gateway, string persona)
    {
#pragma warning disable CA2000 // The client owns its handler and disposes it.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }, disposeHandler: true) { BaseAddress = gateway };
#pragma warning restore CA2000
        var form = await client.GetStringAsync("/aanmelden/ontwikkeling");
        var token = AntiforgeryToken().Match(form).Groups[1].Value;
        using var signIn = await client.PostAsync("/aanmelden/ontwikkeling", new FormUrlEncodedContent([new("persona", persona), new("__RequestVerificationToken", token)]));
        return signIn.StatusCode == HttpStatusCode.Redirect
            ? client
            : throw new InvalidOperationException($"signing in as {persona} gave {(int)signIn.StatusCode}");
    }

    private static async Task<JsonArray> SubjectsAsync(HttpClient parent, Uri gateway) =>
        (await parent.GetFromJsonAsync<JsonArray>(new Uri(gateway, "/api/consents/subjects")))!;

    /// <summary>How many referrals the GP's list holds, counted page by page.</summary>
    private static async Task<int> TotalAsync(HttpClient gp, Uri gateway)
    {
        var total = 0;
        string? cursor = null;
        do
        {
            var page = (await gp.GetFromJsonAsync<JsonObject>(new Uri(gateway, "/api/referrals?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))))!;
            total += page["items"]!.AsArray().Count;
            cursor = page["nextCursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return total;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex("<section class=\"person\"")]
    private static partial Regex People();
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Testing;

namespace Referral.Tests;

/// <summary>
/// The directory a GP addresses a referral from (issue 8): search by name or AGB code, kind and
/// domain, over the demo entries a Development host loads; bad search parameters are 400s.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DirectoryTests
{
    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_gp_finds_organisations_and_professionals_by_name_code_kind_and_domain(string dialect)
    {
        Infrastructure.RequireRabbitMq();
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(dialect);
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [new("Directory:DemoData", "true")]);
        using var gp = referral.Client(Tokens.Gp());

        async Task<string[]> Names(string query)
        {
            var found = await gp.GetFromJsonAsync<JsonArray>($"/api/directory{query}");
            return found!.Select(e => e!["name"]!.GetValue<string>()).ToArray();
        }

        Assert.Equal(["Praktijk voor Gezinstherapie De Linde"], await Names("?q=GEZINSTHERAPIE"));
        Assert.Equal(["Psychologiepraktijk Noord"], await Names("?q=73732222"));
        // Youth professionals: the youth psychologist, the family therapist (youth and adult) and the GP (no domain), not the adult psychologist.
        Assert.Equal(["Dr. P. de Boer", "Drs. A. Visser", "J. de Wit"], (await Names("?kind=professional&domain=youth")).Order(StringComparer.Ordinal));
        Assert.Equal(2, (await Names("?limit=2")).Length);
        var all = await Names("?limit=100");
        Assert.Equal(13, all.Length);
        // LIKE's wildcards are plain text here: a lone % finds nothing more than an empty search.
        Assert.Equal(all, await Names("?q=%25&limit=100"));
        Assert.Empty(await Names("?q=nobody-by-this-name"));

        var therapist = (await gp.GetFromJsonAsync<JsonArray>("/api/directory?q=94031111"))!.Single()!;
        Assert.Equal("family therapist", therapist["profession"]!.GetValue<string>());
        Assert.Equal("73731111", therapist["organisationAgb"]!.GetValue<string>());

        foreach (var (query, field) in new[] { ("?kind=person", "kind"), ("?domain=elderly", "domain"), ("?limit=0", "limit"), ("?limit=101", "limit"), ("?q=" + new string('x', 101), "q") })
        {
            using var response = await gp.GetAsync($"/api/directory{query}");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().ContainsKey(field), query);
        }

        // Called directly, past the gateway, the service still turns away a role that does not search it.
        using (var municipality = referral.Client(Tokens.Municipality()))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await municipality.GetAsync("/api/directory")).StatusCode);
        }

        // A second start on the same database adds nothing twice.
        await using var again = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, [new("Directory:DemoData", "true")]);
        using var gpAgain = again.Client(Tokens.Gp());
        Assert.Equal(all.Length, (await gpAgain.GetFromJsonAsync<JsonArray>("/api/directory?limit=100"))!.Count);
    }
}

using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Referral.Api.Domain;

namespace Api.Tests;

/// <summary>What the documents themselves say, at each service and at the gateway.</summary>
[Trait("Category", "Integration")]
public sealed partial class DocumentTests(PlatformFixture fixture) : IClassFixture<PlatformFixture>
{
    [SkippableFact]
    public async Task The_validator_rejects_a_plan_whose_referral_lacks_a_required_property()
    {
        var plan = new OpenApiContract(await DocumentAsync(fixture.Platform.Service(Platform.FamilyPlan).Client()));
        // A youth referral states no DSM code and has no funding route yet: both are left out, as the service writes it.
        var referral = new JsonObject
        {
            ["id"] = Guid.NewGuid(), ["domain"] = "youth", ["status"] = "received", ["reason"] = "Truancy.",
            ["referrerAgb"] = "01012345", ["submittedAt"] = "2026-11-23T09:00:00Z",
        };
        Assert.Empty(plan.ValidateAgainstComponent("ReferralView", referral.ToJsonString()));

        referral.Remove("status");
        Assert.Contains(plan.ValidateAgainstComponent("ReferralView", referral.ToJsonString()), v => v.Contains("status", StringComparison.Ordinal));

        referral["status"] = "received";
        referral["submittedAt"] = "yesterday";
        Assert.NotEmpty(plan.ValidateAgainstComponent("ReferralView", referral.ToJsonString()));
    }

    [SkippableFact]
    public async Task The_referral_schema_lists_exactly_the_values_the_validator_accepts()
    {
        var schemas = (await DocumentAsync(fixture.Platform.Service(Platform.Referral).Client()))["components"]!["schemas"]!;

        Assert.Equal(ReferralValidator.Relations.Order(), Enum(schemas["HouseholdInput"]!["properties"]!["relation"]!));
        Assert.Equal(ReferralValidator.CareLevels.Order(), Enum(schemas["ReferralRequest"]!["properties"]!["careLevel"]!));
        Assert.Equal(ReferralValidator.ReferrerTypes.Order(), Enum(schemas["ReferrerInput"]!["properties"]!["type"]!));
        Assert.Equal(new[] { ReferralValidator.Adult, ReferralValidator.Youth }, Enum(schemas["ReferralRequest"]!["properties"]!["domain"]!));
        // What the validator requires, and nothing else: household, careLevel and urgent may be left out.
        Assert.Equal(["domain", "reason", "referrer", "subject"], schemas["ReferralRequest"]!["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
    }

    [SkippableFact]
    public async Task The_gateway_serves_one_document_with_every_service_operation_and_its_servers_are_the_gateway()
    {
        using var anonymous = fixture.Platform.Gateway.Client();
        var merged = await DocumentAsync(anonymous);

        Assert.Equal("http://127.0.0.1:5080", merged["servers"]![0]!["url"]!.GetValue<string>());
        var expected = new Dictionary<string, JsonNode>();
        var problemTypes = new List<string>();
        foreach (var (name, _) in Platform.ServiceBuilders)
        {
            var service = await DocumentAsync(fixture.Platform.Service(name).Client());
            Assert.Equal("http://127.0.0.1:5080", service["servers"]![0]!["url"]!.GetValue<string>());
            // Each service lists the rules it refuses by as problem types (issue 23): urn:coordination:problem:<rule>.
            var types = service["x-problem-types"]!.AsObject();
            Assert.NotEmpty(types);
            Assert.All(types, type => Assert.Equal(RefusalProblems.TypeOf(type.Value!["rule"]!.GetValue<string>()), type.Key));
            Assert.Equal(types.Select(t => t.Value!["rule"]!.GetValue<string>()).Order(StringComparer.Ordinal),
                Enum(service["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["rule"]!).Order(StringComparer.Ordinal));
            problemTypes.AddRange(types.Select(t => t.Key));
            foreach (var (path, item) in service["paths"]!.AsObject())
            {
                expected[path] = item!;
            }
        }

        Assert.Equal(expected.Keys.Order(), merged["paths"]!.AsObject().Select(p => p.Key).Order());
        Assert.All(expected, path => Assert.True(JsonNode.DeepEquals(path.Value, merged["paths"]![path.Key]), $"{path.Key} differs from its service's"));
        // One problem schema for the platform, whose rule is any service's, and every service's problem types.
        Assert.Equal(problemTypes.Distinct().Order(StringComparer.Ordinal), merged["x-problem-types"]!.AsObject().Select(t => t.Key));
        Assert.Equal(problemTypes.Distinct().Count(), Enum(merged["components"]!["schemas"]!["ProblemDetails"]!["properties"]!["rule"]!).Count());
        Assert.NotNull(merged["components"]!["securitySchemes"]!["bearer"]);
    }

    [SkippableFact]
    public async Task The_api_browser_needs_no_token_and_loads_nothing_from_elsewhere()
    {
        using var anonymous = fixture.Platform.Gateway.Client();
        using var page = await anonymous.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        var html = await page.Content.ReadAsStringAsync();
        var assets = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.NotEmpty(assets);
        foreach (var asset in assets)
        {
            Assert.False(asset.Contains("//", StringComparison.Ordinal), $"{asset} is loaded from elsewhere");
            using var response = await anonymous.GetAsync("/docs/" + asset.TrimStart('.', '/'));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset}: {response.StatusCode}");
        }

        var script = await anonymous.GetStringAsync("/docs/index.js");
        Assert.Contains("\"url\":\"/openapi/v1.json\"", script, StringComparison.Ordinal);
        // Without this swagger-ui sends the document's address to an outside validator.
        Assert.Contains("\"validatorUrl\":\"none\"", script, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Spectral_reports_no_errors_in_any_document()
    {
        var spectral = Environment.GetEnvironmentVariable("COORDINATION_SPECTRAL") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Repository.Root, "tools", "spectral", "node_modules", ".bin", "spectral");
        if (Environment.GetEnvironmentVariable("COORDINATION_REQUIRE_INFRASTRUCTURE") != "1")
        {
            Skip.IfNot(File.Exists(spectral), "Spectral is not installed (npm ci in tools/spectral, or run deploy/test.sh)");
        }

        var folder = Directory.CreateTempSubdirectory("coordination-openapi-");
        try
        {
            var files = new List<string>();
            foreach (var (name, host) in Platform.ServiceBuilders.Select(s => (s.Name, fixture.Platform.Service(s.Name))).Append(("gateway", fixture.Platform.Gateway)))
            {
                using var client = host.Client();
                var file = Path.Combine(folder.FullName, $"{name}.json");
                await File.WriteAllTextAsync(file, await client.GetStringAsync("/openapi/v1.json"));
                files.Add(file);
            }

            var (exitCode, output) = await LintAsync(spectral, files);
            Assert.True(exitCode == 0, $"spectral lint found errors:\n{output}");

            // And it does fail on an error: two operations with one operationId.
            var broken = JsonNode.Parse(await File.ReadAllTextAsync(files[^1]))!;
            broken["paths"]!["/api/families/{id}/plan"]!["get"]!["operationId"] = "SubmitReferral";
            var brokenFile = Path.Combine(folder.FullName, "broken.json");
            await File.WriteAllTextAsync(brokenFile, broken.ToJsonString());
            var (brokenExit, brokenOutput) = await LintAsync(spectral, [brokenFile]);
            Assert.True(brokenExit != 0, brokenOutput);
            Assert.Contains("operation-operationId-unique", brokenOutput, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Runs <c>spectral lint --ruleset .spectral.yaml --fail-severity error</c> on <paramref name="files"/>.</summary>
    private static async Task<(int ExitCode, string Output)> LintAsync(string spectral, IEnumerable<string> files)
    {
        var start = new ProcessStartInfo(spectral) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["lint", "--ruleset", Path.Combine(Repository.Root, ".spectral.yaml"), "--fail-severity", "error", .. files])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    private static async Task<JsonObject> DocumentAsync(HttpClient client)
    {
        using (client)
        {
            return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        }
    }

    private static IEnumerable<string> Enum(JsonNode property) =>
        property["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<string>()).Order();

    [GeneratedRegex("(?:src|href)=\"(?<url>[^\"]+)\"")]
    private static partial Regex AssetReference();
}

/// <summary>The service defaults make the same document for any endpoint, without a platform.</summary>
[Trait("Category", "Unit")]
public sealed class DocumentRuleTests
{
    public sealed record Thing(
        [Required, RegularExpression("^[a-z]+$")] string? Name,
        [AllowedValues("x", "y")] string? Kind,
        string Always,
        string? Sometimes);

    [Fact]
    public async Task Security_headers_and_problems_are_declared_from_endpoint_metadata()
    {
        await using var host = await RunningHost.StartAsync(Build, [new("OpenApi:PublicBaseUrl", "https://api.example.nl/")]);
        using var client = host.Client();
        var document = (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var update = document["paths"]!["/things/{id}"]!["put"]!;
        var create = document["paths"]!["/things"]!["post"]!;
        var open = document["paths"]!["/open"]!["get"]!;

        Assert.Equal("https://api.example.nl", document["servers"]![0]!["url"]!.GetValue<string>());
        Assert.Equal("bearer", document["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>());
        Assert.NotNull(update["security"]![0]!["bearer"]);
        Assert.Null(open["security"]);
        Assert.Equal(["200", "400", "414", "431", "5XX"], Statuses(open));
        Assert.Equal(["204", "400", "401", "403", "412", "414", "415", "428", "429", "431", "5XX"], Statuses(update));
        Assert.Equal(["201", "400", "401", "403", "409", "414", "415", "422", "429", "431", "5XX"], Statuses(create));
        Assert.True(create["responses"]!["409"]!["headers"]!["Retry-After"]!["required"]!.GetValue<bool>());
        Assert.True(create["responses"]!["201"]!["headers"]!["Location"]!["required"]!.GetValue<bool>());
        Assert.Equal("#/components/schemas/HttpValidationProblemDetails", create["responses"]!["400"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/ProblemDetails", create["responses"]!["422"]!["content"]!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>());

        var ifMatch = update["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "If-Match")!;
        Assert.True(ifMatch["required"]!.GetValue<bool>());
        var key = create["parameters"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == "Idempotency-Key")!;
        Assert.Equal("header", key["in"]!.GetValue<string>());
        Assert.Null(key["required"]);
        Assert.Equal(200, key["schema"]!["maxLength"]!.GetValue<int>());

        var thing = document["components"]!["schemas"]!["Thing"]!;
        Assert.Equal(["always", "name"], thing["required"]!.AsArray().Select(r => r!.GetValue<string>()).Order());
        Assert.Equal("string", thing["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.Equal("^[a-z]+$", thing["properties"]!["name"]!["pattern"]!.GetValue<string>());
        Assert.Equal(["x", "y", null], thing["properties"]!["kind"]!["enum"]!.AsArray().Select(v => v?.GetValue<string>()));
        Assert.Contains("null", thing["properties"]!["sometimes"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    private static IEnumerable<string> Statuses(JsonNode operation) => operation["responses"]!.AsObject().Select(r => r.Key).Order();

    private static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.AddServiceDefaults("sample");
        var app = builder.Build();
        app.UseServiceDefaults();
        app.MapPut("/things/{id:guid}", (Guid id, Thing thing) => TypedResults.NoContent()).WithIfMatch();
        app.MapPost("/things", (Thing thing) => TypedResults.Created("/things/1", thing)).WithIdempotencyKey();
        app.MapGet("/open", () => "open").AllowAnonymous();
        app.MapDefaultEndpoints();
        return app;
    }
}

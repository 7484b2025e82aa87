using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Coordination.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Tests;

/// <summary>
/// Issue 23, point 5: the framework binds every request record from the body, in a route group of
/// <see cref="ApiGroups"/>. What an outside API tester sends that cannot be bound (issue 19) is a
/// 400 naming the field, never a 500, and the handler never runs; the body limit is set once.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FrameworkBodyTests : IAsyncLifetime
{
    private RunningHost _host = null!;
    private int _handled;

    public sealed record Span(string? Day, IReadOnlyList<string?>? Tags);

    public sealed record Body(string? Bsn, IReadOnlyList<Span?>? Hours, Span? First);

    public async Task InitializeAsync() =>
        _host = await RunningHost.StartAsync(Build, [new("Requests:MaxBodyBytes", "2048")]);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    public static TheoryData<string, string> Refused() => new()
    {
        { """{"hours": [null]}""", "hours[0]" },
        { """{"hours": [{"day": "monday", "tags": ["a", null]}]}""", "hours[0].tags[1]" },
        { """{"first": {"tags": [null]}}""", "first.tags[0]" },
        { """{"bsn": "999900018", "bsn": "999900006"}""", "bsn" },
        { """{"first": {"day": "monday", "day": "friday"}}""", "first.day" },
        { """{"hours": 12}""", "hours" },
        { """{"bsn": 999900018}""", "bsn" },
        { """{"bsn": "\ud800"}""", "bsn" },
        { """{"hours": [{"day": "\udc00x"}]}""", "hours[0].day" },
        { "{\"bsn\": \"a\u0001b\"}", "bsn" },
        { "[1, 2]", "body" },
        { "null", "body" },
        { "", "body" },
        { "{\"bsn\": \"9999", "bsn" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_bad_body_is_a_400_naming_the_field_and_the_handler_never_runs(string json, string field) =>
        await AssertRefusedAsync(Encoding.UTF8.GetBytes(json), field);

    [Fact]
    public async Task Bytes_that_are_no_utf8_are_a_400_on_the_field() =>
        await AssertRefusedAsync([0x7B, 0x22, 0x62, 0x73, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D], "bsn");

    [Fact]
    public async Task A_body_over_the_limit_is_a_400_naming_the_body_unread() =>
        await AssertRefusedAsync(Encoding.UTF8.GetBytes($$"""{"bsn": "{{new string('9', 4096)}}"}"""), "body");

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_400_naming_the_body()
    {
        using var client = _host.Client(Tokens.Gp());
        // JsonContent announces no length: the body comes chunked and is cut off at the limit.
        using var response = await client.PostAsJsonAsync("/things", new Body(new string('9', 4096), null, null));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["body"], problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_body_that_is_no_json_is_a_415()
    {
        using var client = _host.Client(Tokens.Gp());
        using var response = await client.PostAsync("/things", new StringContent("bsn=999900018", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, _handled);
    }

    [Fact]
    public async Task A_path_value_of_the_wrong_kind_is_a_400_naming_it()
    {
        using var client = _host.Client(Tokens.Gp());
        var problem = await client.GetAsync("/things/page?number=twelve");

        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        var errors = (await problem.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject();
        Assert.Equal(["number"], errors.Select(e => e.Key));
    }

    [Fact]
    public async Task A_good_body_with_unknown_properties_is_read()
    {
        using var client = _host.Client(Tokens.Gp());
        using var content = new StringContent("""{"bsn": "999900018", "extra": {"a": [null]}, "hours": [{"day": "monday", "tags": ["x"]}]}""", Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/things", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("999900018", body["bsn"]!.GetValue<string>());
        Assert.Equal("monday", body["hours"]![0]!["day"]!.GetValue<string>());
        Assert.Equal(1, _handled);
    }

    private async Task AssertRefusedAsync(byte[] bytes, string field)
    {
        using var client = _host.Client(Tokens.Gp());
        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        using var response = await client.PostAsync("/things", content);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.StatusCode}: {text}");
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("The request is invalid.", problem["title"]!.GetValue<string>());
        Assert.Contains(field, problem["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(0, _handled);
    }

    private WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        builder.AddServiceDefaults("sample");
        var app = builder.Build();
        app.UseServiceDefaults();
        var things = app.MapApiGroup("/things");
        things.MapPost("", (Body body) =>
        {
            Interlocked.Increment(ref _handled);
            return TypedResults.Ok(body);
        });
        things.MapGet("/page", (int? number) => TypedResults.Ok(number));
        return app;
    }
}

using System.Text;
using Coordination.ServiceDefaults.Http;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class JsonBodyTests
{
    [Theory]
    [InlineData("$.subject.birthDate", "subject.birthDate")]
    [InlineData("$.household[0].bsn", "household[0].bsn")]
    [InlineData("$", "body")]
    [InlineData(null, "body")]
    public void A_json_path_becomes_the_field_name_in_the_problem(string? path, string field) =>
        Assert.Equal(field, JsonBody.FieldOf(path));
}

/// <summary>
/// Issue 19: what an outside API tester sent and the body reader let through or threw on. Every one
/// is a 400 naming the field, never an exception a handler or the host turns into a 500.
/// </summary>
[Trait("Category", "Unit")]
public sealed class JsonBodyBadInputTests
{
    public sealed record Span(string? Day, IReadOnlyList<string?>? Tags);

    public sealed record Body(string? Bsn, IReadOnlyList<Span?>? Hours, Span? First);

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
        { "{\"bsn\": \"9999", "bsn" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_bad_body_is_a_400_naming_the_field(string json, string field)
    {
        var (value, problem) = await ReadAsync(Encoding.UTF8.GetBytes(json));

        Assert.Null(value);
        Assert.NotNull(problem);
        Assert.Equal(400, problem.StatusCode);
        Assert.Contains(field, problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task Bytes_that_are_no_utf8_are_a_400_on_the_field()
    {
        var (value, problem) = await ReadAsync([0x7B, 0x22, 0x62, 0x73, 0x6E, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]);

        Assert.Null(value);
        Assert.Equal(400, problem!.StatusCode);
        Assert.Contains("bsn", problem.ProblemDetails.Errors.Keys);
    }

    [Fact]
    public async Task A_good_body_with_unknown_properties_is_read()
    {
        var (value, problem) = await ReadAsync(Encoding.UTF8.GetBytes("""{"bsn": "999900018", "extra": {"a": [null]}, "hours": [{"day": "monday", "tags": ["x"]}]}"""));

        Assert.Null(problem);
        Assert.Equal("999900018", value!.Bsn);
        Assert.Equal("monday", Assert.Single(value.Hours!)!.Day);
    }

    private static Task<(Body? Value, Microsoft.AspNetCore.Http.HttpResults.ValidationProblem? Problem)> ReadAsync(byte[] bytes)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = bytes.Length;
        context.Request.Body = new MemoryStream(bytes);
        return JsonBody.ReadAsync<Body>(context.Request, JsonBody.DefaultMaxBytes, CancellationToken.None);
    }
}

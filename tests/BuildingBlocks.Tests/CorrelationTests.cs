using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class CorrelationTests
{
    [Theory]
    [InlineData("case-4711")]
    [InlineData("audit-trail-1")]
    [InlineData("3f2504e0-4f89-11d3-9a0c-0305e82c3301")]
    [InlineData("A1b2C3d4")]
    [InlineData("req_2026.11.23-0001")]
    [InlineData("x234567890123456789012345678901234567890123456789012345678901234")]
    public async Task A_correlation_id_in_the_strict_shape_is_kept(string incoming) =>
        Assert.Equal(incoming, await PassOnAsync(incoming));

    [Theory]
    [InlineData("")]
    [InlineData("abc1234")]
    [InlineData("-leading-hyphen")]
    [InlineData(".leading-dot")]
    [InlineData("_leading_underscore")]
    [InlineData("has space in it")]
    [InlineData("path/../../etc")]
    [InlineData("line\nbreak-injected")]
    [InlineData("trailing-newline\n")]
    [InlineData("{3f2504e0-4f89-11d3-9a0c-0305e82c3301}")]
    [InlineData("ünïcode-correlation")]
    [InlineData("x2345678901234567890123456789012345678901234567890123456789012345")]
    public async Task Any_other_correlation_id_is_replaced_by_a_new_guid(string incoming)
    {
        var passedOn = await PassOnAsync(incoming);
        Assert.NotEqual(incoming, passedOn);
        Assert.True(Guid.TryParseExact(passedOn, "D", out _), passedOn);
    }

    [Fact]
    public async Task A_request_without_one_gets_a_new_guid() =>
        Assert.True(Guid.TryParseExact(await PassOnAsync(null), "D", out _));

    /// <summary>Runs the middleware on a request with <paramref name="incoming"/> and returns the id the rest of the pipeline sees.</summary>
    private static async Task<string> PassOnAsync(string? incoming)
    {
        var context = new DefaultHttpContext();
        if (incoming is not null)
        {
            context.Request.Headers[CorrelationMiddleware.HeaderName] = incoming;
        }

        string? seen = null;
        var middleware = new CorrelationMiddleware(
            next =>
            {
                seen = next.Request.Headers[CorrelationMiddleware.HeaderName].ToString();
                Assert.Equal(seen, next.Items[CorrelationMiddleware.HeaderName]);
                return Task.CompletedTask;
            },
            NullLogger<CorrelationMiddleware>.Instance);
        await middleware.InvokeAsync(context);
        return seen!;
    }
}

using Coordination.ServiceDefaults.Http;
using Microsoft.AspNetCore.Http;

namespace BuildingBlocks.Tests;

/// <summary>The If-Match precondition (RFC 9110 §13.1.1) as the services read it: strong comparison, <c>*</c>, absent.</summary>
[Trait("Category", "Unit")]
public sealed class IfMatchTests
{
    [Theory]
    [InlineData(null, false, false)]
    [InlineData("", false, false)]
    [InlineData("\"3\"", true, true)]
    [InlineData("\"2\"", true, false)]
    [InlineData("\"2\", \"3\"", true, true)]
    [InlineData("W/\"3\"", true, false)]
    [InlineData("*", true, true)]
    [InlineData("3", true, false)]
    [InlineData("\"3", true, false)]
    public void A_header_matches_the_current_version_only_by_a_strong_tag_or_a_star(string? header, bool given, bool matches)
    {
        var http = new DefaultHttpContext();
        if (header is not null)
        {
            http.Request.Headers.IfMatch = header;
        }

        var ifMatch = IfMatch.Read(http.Request);
        Assert.Equal(given, ifMatch.Given);
        Assert.Equal(matches, ifMatch.Matches(IfMatch.ETagOf(3)));
    }

    [Fact]
    public void The_etag_of_a_version_is_the_number_quoted() => Assert.Equal("\"12\"", IfMatch.ETagOf(12));
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Marks an endpoint that updates a resource carrying an <c>ETag</c>: the caller sends the
/// version it read in <c>If-Match</c>; a stale one is answered with 412.
/// </summary>
/// <remarks>
/// The marker documents the header, the 412 and the 428 in the OpenAPI document; the endpoint reads
/// the header with <see cref="IfMatch.Read"/> and compares it with the resource's current
/// <see cref="IfMatch.ETagOf"/> in the same transaction as the update.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IfMatchAttribute : Attribute;

/// <summary>Marks endpoints with <see cref="IfMatchAttribute"/>.</summary>
public static class PreconditionExtensions
{
    /// <summary>The header that carries the version the caller read.</summary>
    public const string IfMatchHeader = "If-Match";

    /// <summary>The endpoint updates a versioned resource and needs <c>If-Match</c>.</summary>
    public static RouteHandlerBuilder WithIfMatch(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IfMatchAttribute());
}

/// <summary>
/// The <c>If-Match</c> precondition of one request (RFC 9110 §13.1.1): absent, <c>*</c>, or the
/// entity tags the caller read. Tags compare strongly: a weak tag never matches.
/// </summary>
public sealed class IfMatch
{
    private readonly IReadOnlyList<string> _tags;
    private readonly bool _any;

    private IfMatch(bool given, bool any, IReadOnlyList<string> tags)
    {
        Given = given;
        _any = any;
        _tags = tags;
    }

    /// <summary>Whether the request names a version at all; an update without one is answered with 428.</summary>
    public bool Given { get; }

    /// <summary>The ETag of version <paramref name="version"/> of a resource: the version number, quoted.</summary>
    public static string ETagOf(int version) => $"\"{version.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"";

    /// <summary>Reads the header of <paramref name="request"/>; an unparseable one is given but matches nothing.</summary>
    public static IfMatch Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Headers.IfMatch;
        if (values.Count == 0 || values.All(string.IsNullOrWhiteSpace))
        {
            return new IfMatch(false, false, []);
        }

        if (!EntityTagHeaderValue.TryParseList(values, out var parsed))
        {
            return new IfMatch(true, false, []);
        }

        return new IfMatch(true, parsed.Any(t => t.Equals(EntityTagHeaderValue.Any)),
            parsed.Where(t => !t.IsWeak).Select(t => t.Tag.ToString()).ToList());
    }

    /// <summary>Whether the precondition holds for the resource whose current ETag is <paramref name="currentETag"/>.</summary>
    public bool Matches(string currentETag) => Given && (_any || _tags.Contains(currentETag, StringComparer.Ordinal));
}

using Microsoft.AspNetCore.Builder;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Marks an endpoint that updates a resource carrying an <c>ETag</c>: the caller sends the
/// version it read in <c>If-Match</c>; a stale one is answered with 412.
/// </summary>
/// <remarks>
/// For now the marker only documents the header and the 412 in the OpenAPI document; the check
/// itself comes with the first updatable resource.
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

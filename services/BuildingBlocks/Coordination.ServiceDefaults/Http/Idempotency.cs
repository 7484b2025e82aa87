using Microsoft.AspNetCore.Builder;

namespace Coordination.ServiceDefaults.Http;

/// <summary>Marks an endpoint whose creating POST honours the <c>Idempotency-Key</c> header.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class IdempotentAttribute : Attribute;

/// <summary>The <c>Idempotency-Key</c> header, as the middleware reads it and the OpenAPI documents declare it.</summary>
public static class IdempotencyKey
{
    /// <summary>The header name.</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The longest key accepted.</summary>
    public const int MaxLength = 200;
}

/// <summary>Turns the idempotency middleware (Coordination.Data) on for an endpoint.</summary>
public static class IdempotencyExtensions
{
    /// <summary>The endpoint honours <c>Idempotency-Key</c>.</summary>
    public static RouteHandlerBuilder WithIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.WithMetadata(new IdempotentAttribute());
}

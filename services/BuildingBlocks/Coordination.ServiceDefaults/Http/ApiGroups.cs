using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// A service's API is mapped in route groups made here: the framework binds each request record
/// from the JSON body (issue 23, point 5), within the one body limit of <c>Requests:MaxBodyBytes</c>,
/// and a list in it never holds a null. What the framework cannot bind becomes a 400 naming the
/// field in <see cref="ProblemExceptionHandler"/>.
/// </summary>
public static class ApiGroups
{
    /// <summary>A route group under <paramref name="prefix"/> with the body limit and the null check on every endpoint in it.</summary>
    public static RouteGroupBuilder MapApiGroup(this IEndpointRouteBuilder app, string prefix)
    {
        ArgumentNullException.ThrowIfNull(app);
        var limits = app.ServiceProvider.GetRequiredService<RequestLimits>();
        var group = app.MapGroup(prefix);
        group.WithMetadata(new BodyLimit(limits.MaxBodyBytes));
        group.AddEndpointFilterFactory(RefuseNullElements);
        return group;
    }

    /// <summary>
    /// Applies an endpoint's body limit before anything reads the body (the <c>Idempotency-Key</c>
    /// middleware reads it first): a body announced larger is a 400 naming the body, unread; a
    /// chunked one is cut off by the server at the limit, where the framework's binding answers a
    /// bare 413, which becomes the same 400.
    /// </summary>
    internal static async Task ApplyBodyLimitAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>() is { } limit)
        {
            if (context.Request.ContentLength > limit.MaxBytes)
            {
                await context.WriteProblemAsync(JsonBody.TooLargeProblem());
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            {
                size.MaxRequestBodySize = limit.MaxBytes;
            }

            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await context.WriteProblemAsync(JsonBody.TooLargeProblem());
            }

            return;
        }

        await next(context);
    }

    /// <summary>Refuses a bound request record with a null in one of its lists, naming the element; endpoints without a body pass untouched.</summary>
    private static EndpointFilterDelegate RefuseNullElements(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var isService = context.ApplicationServices.GetService<IServiceProviderIsService>();
        var bodies = context.MethodInfo.GetParameters()
            .Where(parameter => IsBody(parameter, isService))
            .Select(parameter => parameter.Position)
            .ToArray();
        if (bodies.Length == 0)
        {
            return next;
        }

        return invocation =>
        {
            foreach (var position in bodies)
            {
                if (invocation.Arguments[position] is { } body && NullElements.Find(body) is { } path)
                {
                    return ValueTask.FromResult<object?>(JsonBody.Invalid(path, "A list holds no null elements."));
                }
            }

            return next(invocation);
        };
    }

    /// <summary>A parameter the framework reads from the body: marked so, or a record of the service's own that is no service.</summary>
    private static bool IsBody(ParameterInfo parameter, IServiceProviderIsService? isService)
    {
        if (parameter.GetCustomAttributes().OfType<IFromBodyMetadata>().Any())
        {
            return true;
        }

        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        var bound = parameter.GetCustomAttributes().Any(a => a is IFromServiceMetadata or IFromQueryMetadata or IFromRouteMetadata or IFromHeaderMetadata or IFromFormMetadata or AsParametersAttribute);
        return !bound && type.IsClass && type != typeof(string) && type.Namespace is { } ns
            && !ns.StartsWith("System", StringComparison.Ordinal) && !ns.StartsWith("Microsoft", StringComparison.Ordinal)
            && isService?.IsService(type) != true;
    }

    /// <summary>The largest body an endpoint reads, as the framework's own request-size metadata.</summary>
    private sealed record BodyLimit(long MaxBytes) : IRequestSizeLimitMetadata
    {
        public long? MaxRequestBodySize => MaxBytes;
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.OpenApi;

namespace Coordination.ServiceDefaults.Http;

/// <summary>How a list declares its paging in the OpenAPI document: the same two parameters on every list.</summary>
public static class Paging
{
    /// <summary>
    /// The list's <c>limit</c> as partners should send it (a number from 1 to <paramref name="maxLimit"/>,
    /// <paramref name="defaultLimit"/> when left out) and its <c>cursor</c> (the opaque <c>nextCursor</c> of
    /// the page before); <paramref name="items"/> names what a page holds. Both are read as text
    /// (<see cref="PageRequest.Read"/>) so that a bad one is a 400 naming it.
    /// </summary>
    public static TBuilder WithPaging<TBuilder>(this TBuilder builder, string items, int defaultLimit, int maxLimit)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                switch (parameter.Name)
                {
                    case "limit":
                        parameter.Description = $"How many {items} a page holds, from 1 to {maxLimit}; {defaultLimit} when left out.";
                        parameter.Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Integer,
                            Format = "int32",
                            Minimum = "1",
                            Maximum = maxLimit.ToString(CultureInfo.InvariantCulture),
                            Default = JsonValue.Create(defaultLimit),
                        };
                        break;
                    case "cursor":
                        parameter.Description = "The nextCursor of the previous answer; left out for the first page.";
                        parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = PageCursor.MaxLength };
                        break;
                }
            }

            return Task.CompletedTask;
        });
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Coordination.ServiceDefaults.OpenApi;

/// <summary>
/// The OpenAPI document every service serves at <c>/openapi/v1.json</c>, written for a partner
/// who generates a client from it: it names the gateway as the server, declares the bearer token
/// and every problem an operation can answer, documents <c>Idempotency-Key</c> and <c>If-Match</c>,
/// and its schemas say what the service really accepts and writes.
/// </summary>
/// <remarks>
/// The documents are OpenAPI 3.1 (the generator's default): its schemas are JSON Schema 2020-12,
/// so a null is <c>"type": ["null", "string"]</c>, and a standard JSON Schema validator checks a
/// real body against them without translation.
/// </remarks>
public static class OpenApiDefaults
{
    /// <summary>The configuration key of the URL partners call: the gateway's.</summary>
    public const string PublicBaseUrlSetting = "OpenApi:PublicBaseUrl";

    /// <summary>The gateway on this machine (<c>deploy/run.sh</c>).</summary>
    public const string DefaultPublicBaseUrl = "http://127.0.0.1:5080";

    /// <summary>The name of the bearer-token security scheme.</summary>
    public const string BearerScheme = "bearer";

    /// <summary>The component schema of every problem answer (RFC 9457).</summary>
    public const string ProblemSchema = "ProblemDetails";

    /// <summary>The component schema of a 400 problem that names the fields at fault.</summary>
    public const string ValidationProblemSchema = "HttpValidationProblemDetails";

    /// <summary>The media type of every problem answer.</summary>
    public const string ProblemContentType = "application/problem+json";

    /// <summary>The document as described in the type summary; call once per host.</summary>
    public static IServiceCollection AddCoordinationOpenApi(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var publicBaseUrl = (configuration[PublicBaseUrlSetting] is { Length: > 0 } url ? url : DefaultPublicBaseUrl).TrimEnd('/');
        return services.AddOpenApi(options =>
        {
            options.AddSchemaTransformer(SchemaRules.Apply);
            options.AddOperationTransformer(OperationRules.Apply);
            options.AddDocumentTransformer((document, context, _) =>
            {
                DocumentRules.Apply(document, serviceName, publicBaseUrl, context.ApplicationServices.GetService<ProblemTypes>());
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>What a whole document states: who it is for, where to call, how to authenticate, what a problem looks like.</summary>
    private static class DocumentRules
    {
        public static void Apply(OpenApiDocument document, string serviceName, string publicBaseUrl, ProblemTypes? problemTypes)
        {
            document.Info = new OpenApiInfo
            {
                Title = $"Coordination {serviceName} API",
                Version = "v1",
                Description = $"The {serviceName} service of the Coordination platform. Call it through the gateway with a bearer token; "
                    + "every error is an RFC 9457 problem (application/problem+json).",
            };
            // Partners call the gateway, never a service's own port: that is where tokens, roles and rate limits are checked.
            document.Servers = [new OpenApiServer { Url = publicBaseUrl, Description = "The Coordination gateway" }];
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from the platform's identity provider, with a role claim and the claims that role needs (e.g. agb for a GP).",
            };

            if (document.Paths is not { Count: > 0 })
            {
                return;
            }

            foreach (var component in document.Components.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
            {
                DropNullFromRequiredReferences(component);
            }

            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = Problem(problemTypes);
            if (problemTypes is { Rules.Count: > 0 })
            {
                // Machine-readable too: each problem type URI with its rule and what the rule requires.
                var types = new JsonObject();
                foreach (var (rule, description) in problemTypes.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    types[RefusalProblems.TypeOf(rule)] = new JsonObject { ["rule"] = rule, ["description"] = description };
                }

                document.Extensions ??= new Dictionary<string, IOpenApiExtension>();
                document.Extensions["x-problem-types"] = new JsonNodeExtension(types);
            }

            var answersBadRequest = document.Paths.Values.SelectMany(path => path.Operations?.Values.AsEnumerable() ?? [])
                .Any(operation => operation.Responses?.ContainsKey("400") == true);
            if (!answersBadRequest)
            {
                document.Components.Schemas.Remove(ValidationProblemSchema);
                return;
            }

            document.Components.Schemas[ValidationProblemSchema] = new OpenApiSchema
            {
                Description = "A problem that names each field at fault (the body as a whole is 'body').",
                AllOf = [new OpenApiSchemaReference(ProblemSchema, document)],
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "The messages per field, keyed by the field's path in the body, e.g. subject.bsn or household[0].relation.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                },
            };
        }

        /// <summary>
        /// The generator writes a nullable property of an object type as <c>oneOf: [null, $ref]</c>.
        /// Where the property is required (SchemaRules: the request marks it [Required]) null is
        /// refused, so only the reference remains.
        /// </summary>
        private static void DropNullFromRequiredReferences(OpenApiSchema schema)
        {
            if (schema.Properties is null || schema.Required is null)
            {
                return;
            }

            foreach (var name in schema.Required)
            {
                if (schema.Properties.TryGetValue(name, out var property) && property is OpenApiSchema { OneOf.Count: 2 } wrapper
                    && wrapper.OneOf.SingleOrDefault(s => s is OpenApiSchemaReference) is { } reference
                    && wrapper.OneOf.Any(s => s is OpenApiSchema { Type: JsonSchemaType.Null }))
                {
                    schema.Properties[name] = reference;
                }
            }
        }

        private static OpenApiSchema Problem(ProblemTypes? problemTypes)
        {
            var problem = Problem();
            if (problemTypes is { Rules.Count: > 0 })
            {
                var rules = problemTypes.Rules.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
                problem.Properties!["rule"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "The rule that refused the request; the problem's type is " + RefusalProblems.TypePrefix
                        + "<rule>, and x-problem-types says what each rule requires.",
                    Enum = rules.Select(r => (JsonNode)JsonValue.Create(r.Key)!).ToList(),
                };
                problem.Properties["field"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The field at fault, as a path in the body." };
            }

            return problem;
        }

        private static OpenApiSchema Problem() => new()
        {
            Type = JsonSchemaType.Object,
            Description = "An RFC 9457 problem. Quote traceId or correlationId when you report it.",
            Required = new HashSet<string> { "status", "title" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["type"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "A URI that identifies the kind of problem: for a rule of the service " + RefusalProblems.TypePrefix
                        + "<rule>, each listed with what it requires under x-problem-types.",
                },
                ["title"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong, in one sentence." },
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "400", Maximum = "599" },
                ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
                ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The W3C trace id of the request." },
                ["correlationId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null, Description = "The X-Correlation-Id of the request." },
            },
        };
    }

    /// <summary>What each operation states: its security, its headers and every problem it can answer.</summary>
    private static class OperationRules
    {
        public static Task Apply(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            var document = context.Document;
            operation.Responses ??= [];

            // Every endpoint needs a token unless it opts out (the fallback policy); health and OpenAPI opt out.
            if (!metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, document)] = [] }];
                Declare(operation, StatusCodes.Status401Unauthorized, "No token, or one that is expired, wrongly signed, for another audience or issuer, or with unusable claims.");
                Declare(operation, StatusCodes.Status403Forbidden, "The caller's role may not use this route (gateway), or may not do this.");
                Declare(operation, StatusCodes.Status429TooManyRequests, "Too many requests from this caller (gateway); retry after Retry-After seconds.", retryAfter: true);
            }

            if (operation.Responses.TryGetValue("201", out var created) && created is OpenApiResponse answer)
            {
                answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                answer.Headers["Location"] = new OpenApiHeader
                {
                    Required = true,
                    Description = "Where the created resource can be read.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference" },
                };
            }

            // Any request can carry a header value outside ASCII (AsciiHeaders) or a malformed path or query value.
            Declare(operation, StatusCodes.Status400BadRequest, "A header value outside ASCII, or a malformed path or query value; errors names it.");
            Declare(operation, StatusCodes.Status414UriTooLong, $"The path and query are longer than {HeaderLimits.MaxTargetLength} characters (gateway).");
            Declare(operation, StatusCodes.Status431RequestHeaderFieldsTooLarge,
                $"More than {HeaderLimits.MaxHeaderCount} header fields or {HeaderLimits.MaxHeaderBytes / 1024} KiB of headers (gateway).");

            // Every operation is reached through the gateway, and anything can fail.
            Declare(operation, "5XX", "The gateway could not reach the service (502, 503, 504), or the service failed (500): retry later.");

            if (operation.RequestBody?.Content?.Keys.Any(IsJson) == true)
            {
                Declare(operation, StatusCodes.Status400BadRequest, "The body is malformed, too large or breaks a rule; errors names each field.");
                Declare(operation, StatusCodes.Status415UnsupportedMediaType, "The body is not application/json.");
            }

            if (metadata.OfType<IdempotentAttribute>().Any())
            {
                AddHeader(operation, new OpenApiParameter
                {
                    Name = IdempotencyKey.HeaderName,
                    In = ParameterLocation.Header,
                    Required = false,
                    Description = "Makes a retry safe: the same key with the same body returns the first answer again and creates nothing twice.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKey.MaxLength },
                });
                Declare(operation, StatusCodes.Status400BadRequest, $"The {IdempotencyKey.HeaderName} is longer than {IdempotencyKey.MaxLength} characters or not printable.");
                // An endpoint with a 409 of its own (a conflict with the resource's state) sends Retry-After only with the key's.
                var ownConflict = operation.Responses.ContainsKey("409");
                Declare(operation, StatusCodes.Status409Conflict, $"A request with this {IdempotencyKey.HeaderName} is still being processed; retry after Retry-After seconds.",
                    retryAfter: true, retryAfterRequired: !ownConflict);
                Declare(operation, StatusCodes.Status422UnprocessableEntity, $"This {IdempotencyKey.HeaderName} was already used with a different body.");
            }

            if (metadata.OfType<IfMatchAttribute>().Any())
            {
                AddHeader(operation, new OpenApiParameter
                {
                    Name = PreconditionExtensions.IfMatchHeader,
                    In = ParameterLocation.Header,
                    Required = true,
                    Description = "The ETag of the version the caller read; the update applies only to that version.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1 },
                });
                Declare(operation, StatusCodes.Status412PreconditionFailed, "The resource changed since the caller read it: read it again.");
                Declare(operation, StatusCodes.Status428PreconditionRequired, "If-Match is missing: send the ETag of the version you read.");
            }

            // Problems the endpoint declared itself (ProducesProblem, ValidationProblem) get the same schema.
            foreach (var (code, response) in operation.Responses)
            {
                if (response is OpenApiResponse problem && code.Length == 3 && code[0] is '4' or '5')
                {
                    problem.Content = ProblemContent(code, document);
                }
            }

            return Task.CompletedTask;
        }

        private static bool IsJson(string mediaType) => mediaType.Contains("json", StringComparison.OrdinalIgnoreCase);

        private static void AddHeader(OpenApiOperation operation, OpenApiParameter header)
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, header.Name, StringComparison.OrdinalIgnoreCase)))
            {
                operation.Parameters.Add(header);
            }
        }

        private static void Declare(OpenApiOperation operation, int status, string description, bool retryAfter = false, bool retryAfterRequired = true) =>
            Declare(operation, status.ToString(CultureInfo.InvariantCulture), description, retryAfter, retryAfterRequired);

        /// <summary>Declares a problem answer under <paramref name="key"/>: a status, or a range such as <c>5XX</c>.</summary>
        private static void Declare(OpenApiOperation operation, string key, string description, bool retryAfter = false, bool retryAfterRequired = true)
        {
            if (operation.Responses!.TryGetValue(key, out var existing) && existing is OpenApiResponse known)
            {
                // One status, several causes: say each.
                if (known.Description is { } said && !said.Contains(description, StringComparison.Ordinal) && !IsReasonPhrase(said, key))
                {
                    known.Description = said + " Or: " + description;
                }
                else
                {
                    known.Description = description;
                }
            }
            else
            {
                known = new OpenApiResponse { Description = description };
                operation.Responses[key] = known;
            }

            if (retryAfter)
            {
                known.Headers ??= new Dictionary<string, IOpenApiHeader>();
                known.Headers["Retry-After"] = new OpenApiHeader
                {
                    Required = retryAfterRequired,
                    Description = retryAfterRequired ? "Seconds to wait before trying again." : "Seconds to wait before trying again; sent when the request is still being processed.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
        }

        private static bool IsReasonPhrase(string description, string key) =>
            int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var status)
            && string.Equals(description, ReasonPhrases.GetReasonPhrase(status), StringComparison.Ordinal);

        private static Dictionary<string, OpenApiMediaType> ProblemContent(string key, OpenApiDocument? document) => new()
        {
            [ProblemContentType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchemaReference(key == "400" ? ValidationProblemSchema : ProblemSchema, document),
            },
        };
    }

    /// <summary>
    /// What each schema states: a property is required when the service always writes it (not
    /// nullable: JSON is written without nulls) or when the request record marks it
    /// <see cref="RequiredAttribute"/>; a required request property is not nullable. The
    /// DataAnnotations on request records become pattern, length and enum.
    /// </summary>
    private static class SchemaRules
    {
        public static Task Apply(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
        {
            // A property of an object type becomes a reference to the type's component: the
            // annotations of one property do not belong on it (DocumentRules drops its null).
            if (context.JsonPropertyInfo is { } property && context.JsonTypeInfo.Kind != JsonTypeInfoKind.Object)
            {
                ApplyAnnotations(schema, Attributes(property).ToList());
            }

            if (context.JsonTypeInfo.Kind == JsonTypeInfoKind.Object && schema.Properties is { Count: > 0 } properties)
            {
                var required = new HashSet<string>(StringComparer.Ordinal);
                foreach (var info in context.JsonTypeInfo.Properties)
                {
                    if (properties.ContainsKey(info.Name) && (Attributes(info).OfType<RequiredAttribute>().Any() || !IsNullable(info)))
                    {
                        required.Add(info.Name);
                    }
                }

                schema.Required = required;
            }

            return Task.CompletedTask;
        }

        private static void ApplyAnnotations(OpenApiSchema schema, List<Attribute> attributes)
        {
            foreach (var attribute in attributes)
            {
                switch (attribute)
                {
                    case RequiredAttribute when schema.Type is { } type:
                        // Null is refused like a missing field.
                        schema.Type = type & ~JsonSchemaType.Null;
                        break;
                    case RegularExpressionAttribute regex:
                        schema.Pattern = regex.Pattern;
                        break;
                    case StringLengthAttribute length:
                        schema.MaxLength = length.MaximumLength;
                        schema.MinLength = length.MinimumLength > 0 ? length.MinimumLength : schema.MinLength;
                        break;
                    case MinLengthAttribute min:
                        schema.MinLength = min.Length;
                        break;
                    case AllowedValuesAttribute allowed:
                        schema.Enum = allowed.Values.Select(v => (JsonNode)JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture))!).ToList();
                        if (schema.Type is { } nullable && nullable.HasFlag(JsonSchemaType.Null))
                        {
                            // A nullable enum lists null among its values, or null would fail the enum.
                            schema.Enum.Add(null!);
                        }

                        break;
                    case DescriptionAttribute description:
                        schema.Description = description.Description;
                        break;
                }
            }
        }

        private static bool IsNullable(JsonPropertyInfo property) =>
            property.IsGetNullable || Nullable.GetUnderlyingType(property.PropertyType) is not null;

        /// <summary>The attributes on the property and, for a positional record, on its constructor parameter.</summary>
        private static IEnumerable<Attribute> Attributes(JsonPropertyInfo property) =>
            (property.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [])
                .Concat(property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(inherit: true) ?? [])
                .OfType<Attribute>();
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// The JSON of request bodies: the serializer options, and the 400 problem naming the field (or
/// <c>body</c>) for every body the framework could not bind (<see cref="ProblemOf"/>), so bad input
/// never reaches a handler half-read. The framework reads the body (<see cref="ApiGroups"/>).
/// </summary>
public static class JsonBody
{
    /// <summary>The field name used for problems with the body as a whole.</summary>
    public const string BodyField = "body";

    /// <summary>The limit when none is configured: 64 KiB is far above any referral.</summary>
    public const long DefaultMaxBytes = 64 * 1024;

    /// <summary>The serializer options every service uses for request and response bodies.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // Two "bsn" properties in one object: which one counts would be the parser's guess.
        AllowDuplicateProperties = false,
    };

    /// <summary>A 400 validation problem for one field.</summary>
    public static ValidationProblem Invalid(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is invalid.");

    /// <summary>The problem for a body over the limit.</summary>
    public static ProblemDetails TooLargeProblem() => Validation(BodyField, "The body is larger than this service accepts.");

    /// <summary>
    /// The 400 for a body the framework could not bind to a request record (thrown as
    /// <see cref="BadHttpRequestException"/>): the 400 naming the field; a path or query value that is no number or id is named too.
    /// </summary>
    internal static ProblemDetails ProblemOf(BadHttpRequestException bad)
    {
        ArgumentNullException.ThrowIfNull(bad);
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLargeProblem();
        }

        if (bad.InnerException is JsonException json)
        {
            return Validation(FieldOf(json.Path), json.Message.StartsWith("Duplicate", StringComparison.Ordinal)
                ? "This property appears more than once in its object."
                : "Malformed JSON or a value of the wrong type.");
        }

        if (bad.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return new ProblemDetails { Status = bad.StatusCode, Title = "The body must be JSON (Content-Type: application/json)." };
        }

        if (bad.Message.Contains("no body was provided", StringComparison.Ordinal) || bad.Message.EndsWith("was not provided from body.", StringComparison.Ordinal))
        {
            return Validation(BodyField, "The body is empty, or null instead of a JSON object.");
        }

        // Failed to bind parameter "Guid id" from "x".
        if (System.Text.RegularExpressions.Regex.Match(bad.Message, "^Failed to bind parameter \"[^\"]* (?<name>[^\" ]+)\" from") is { Success: true } binding)
        {
            return Validation(binding.Groups["name"].Value, "Not a valid value here.");
        }

        return new ProblemDetails { Status = bad.StatusCode, Title = "The request could not be read." };
    }

    private static HttpValidationProblemDetails Validation(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid.",
        };

    /// <summary>Turns a JSON path like <c>$.subject.birthDate</c> into <c>subject.birthDate</c>.</summary>
    public static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return BodyField;
        }

        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath.TrimStart('$');
        return field.Length == 0 ? BodyField : field;
    }

}

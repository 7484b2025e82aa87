namespace Coordination.ServiceDefaults.Http;

/// <summary>The one check every free-text field of a request gets: trimmed, required or not, bounded in length.</summary>
public static class TextFields
{
    /// <summary>The trimmed text of <paramref name="value"/>, or null; a missing required text or one over <paramref name="max"/> characters is reported through <paramref name="fail"/>.</summary>
    public static string? Bounded(string? value, string field, int max, bool required, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(fail);
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                fail(field, "This is required.");
            }

            return null;
        }

        if (trimmed.Length > max)
        {
            fail(field, $"At most {max} characters.");
            return null;
        }

        return trimmed;
    }

    /// <summary>As <see cref="Bounded(string?, string, int, bool, Action{string, string})"/>, collecting the first error per field in <paramref name="errors"/>.</summary>
    public static string? Bounded(string? value, string field, int max, bool required, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return Bounded(value, field, max, required, (f, message) => errors.TryAdd(f, [message]));
    }
}

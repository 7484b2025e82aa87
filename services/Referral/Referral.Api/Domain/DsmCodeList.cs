using System.Collections.Frozen;

namespace Referral.Api.Domain;

/// <summary>
/// The ICD-10-CM codes a suspected DSM-5 classification may carry (domain.md, "Identifiers":
/// unknown codes are refused). DSM-5-TR classifies with ICD-10-CM codes; ICD-10-CM is public
/// domain, the DSM's text is not, so the list holds codes and ICD-10-CM titles only. It is
/// <em>partial</em>: the codes GGZ referrals use most (docs/dsm-codes.md). Loaded once from the
/// embedded file <c>Domain/Data/icd10cm-dsm5-codes.txt</c>.
/// </summary>
/// <remarks>
/// A header code — a category such as <c>F32</c> or a subcategory such as <c>F43.2</c> — is
/// known when a listed code starts with it: a referral states a <em>suspected</em> disorder, and
/// the referrer may know no more than the category; the intake classifies precisely. Codes are
/// compared exactly: ICD-10-CM writes them in upper case, and the request's format rule already
/// asks for that.
/// </remarks>
public static class DsmCodeList
{
    /// <summary>The embedded resource's name.</summary>
    public const string ResourceName = "Referral.Api.Domain.Data.icd10cm-dsm5-codes.txt";

    private static readonly Lazy<Table> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Where the codes come from, as the file's header names it.</summary>
    public static string Source => Loaded.Value.Source;

    /// <summary>The ICD-10-CM release the codes were taken from, e.g. <c>FY2026</c>.</summary>
    public static string Release => Loaded.Value.Release;

    /// <summary>Whether the list holds only some of ICD-10-CM's codes (it does: see docs/dsm-codes.md).</summary>
    public static bool IsPartial => Loaded.Value.IsPartial;

    /// <summary>The complete codes listed, without the header codes that follow from them.</summary>
    public static IReadOnlyCollection<string> Codes => Loaded.Value.Titles.Keys;

    /// <summary>Whether <paramref name="code"/> is a listed code or a header of one (exact: upper case).</summary>
    public static bool IsKnown(string? code) =>
        code is not null && (Loaded.Value.Titles.ContainsKey(code) || Loaded.Value.Headers.Contains(code));

    /// <summary>Whether <paramref name="code"/> is a header (category or subcategory) of a listed code, not a complete code.</summary>
    public static bool IsHeader(string? code) => code is not null && Loaded.Value.Headers.Contains(code);

    /// <summary>The ICD-10-CM title of a listed complete code; null for a header or an unknown code.</summary>
    public static string? TitleOf(string? code) => code is not null && Loaded.Value.Titles.TryGetValue(code, out var title) ? title : null;

    private static Table Load()
    {
        using var stream = typeof(DsmCodeList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader);
    }

    /// <summary>Reads the file's format (see its header); a malformed or repeated code is an error in the shipped file.</summary>
    private static Table Parse(TextReader reader)
    {
        string? source = null, release = null, partial = null;
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var lineNumber = 0;
        while (reader.ReadLine() is { } raw)
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                var comment = line[1..].Trim();
                source ??= HeaderValue(comment, "Source:");
                release ??= HeaderValue(comment, "Release:");
                partial ??= HeaderValue(comment, "Partial:");
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var code = space < 0 ? line : line[..space];
            var title = space < 0 ? string.Empty : line[(space + 1)..].Trim();
            if (!DsmCodeRule.IsWellFormed(code))
            {
                throw new InvalidDataException($"{ResourceName} line {lineNumber}: '{code}' is not an ICD-10-CM code.");
            }

            if (!titles.TryAdd(code, title))
            {
                throw new InvalidDataException($"{ResourceName} line {lineNumber}: '{code}' is listed twice.");
            }
        }

        if (source is null || release is null || partial is null)
        {
            throw new InvalidDataException($"{ResourceName}: the header names the Source, the Release and whether the list is Partial.");
        }

        var headers = titles.Keys.SelectMany(HeadersOf).Where(h => !titles.ContainsKey(h)).ToFrozenSet(StringComparer.Ordinal);
        return new Table(source, release, partial.StartsWith("yes", StringComparison.OrdinalIgnoreCase), titles.ToFrozenDictionary(StringComparer.Ordinal), headers);
    }

    private static string? HeaderValue(string comment, string key) =>
        comment.StartsWith(key, StringComparison.Ordinal) ? comment[key.Length..].Trim() : null;

    /// <summary>Every leading part of a code that is itself a code: F43.21 gives F43 and F43.2.</summary>
    private static IEnumerable<string> HeadersOf(string code)
    {
        for (var length = 3; length < code.Length; length++)
        {
            if (code[length - 1] != '.')
            {
                yield return code[..length];
            }
        }
    }

    private sealed record Table(string Source, string Release, bool IsPartial, FrozenDictionary<string, string> Titles, FrozenSet<string> Headers);
}

using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Coordination.ServiceDefaults.Http;

/// <summary>
/// Where a list goes on (issue 23, point 6): the sort keys of the last item of the page before,
/// so that an item added while the caller pages neither shifts the pages nor shows twice. Every list
/// is read with <c>limit</c> and <c>cursor</c> and answers <c>items</c> and <c>nextCursor</c>.
/// The text is opaque to callers (base64url) so its form can change; a forged one only moves within
/// what the caller may see, which each query bounds itself.
/// </summary>
public sealed record PageCursor
{
    /// <summary>The longest cursor text read.</summary>
    public const int MaxLength = 400;

    private const string Version = "c1";
    private const char Separator = '~';

    private PageCursor(IReadOnlyList<string> keys) => Keys = keys;

    /// <summary>The sort keys, in the list's order of sorting.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>A cursor after an item with these sort keys (an instant, an id, a number, a flag, a text without '~').</summary>
    public static PageCursor After(params object[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new PageCursor([.. keys.Select(Format)]);
    }

    /// <summary>The cursor as the caller passes it back.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Version + Separator + string.Join(Separator, Keys)));

    /// <summary>Reads a cursor of <paramref name="keys"/> sort keys that this platform gave out; false for anything else.</summary>
    public static bool TryDecode(string? text, int keys, [NotNullWhen(true)] out PageCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, true).GetString(Base64Url.DecodeFromChars(text));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var parts = decoded.Split(Separator);
        if (parts.Length != keys + 1 || parts[0] != Version)
        {
            return false;
        }

        cursor = new PageCursor(parts[1..]);
        return true;
    }

    /// <summary>The key at <paramref name="index"/> as an instant (UTC), or null when it is none.</summary>
    public DateTime? Time(int index) =>
        long.TryParse(Keys[index], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : null;

    /// <summary>The key at <paramref name="index"/> as an id, or null when it is none.</summary>
    public Guid? Id(int index) => Guid.TryParseExact(Keys[index], "N", out var id) ? id : null;

    /// <summary>The key at <paramref name="index"/> as a whole number, or null when it is none.</summary>
    public long? Number(int index) =>
        long.TryParse(Keys[index], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>The key at <paramref name="index"/> as a flag, or null when it is none.</summary>
    public bool? Flag(int index) => Keys[index] switch { "1" => true, "0" => false, _ => null };

    /// <summary>The first two keys as an instant and an id, the order most lists keep; null when they are not.</summary>
    public (DateTime Time, Guid Id)? TimeAndId() => Time(0) is { } time && Id(1) is { } id ? (time, id) : null;

    /// <summary>The key at <paramref name="index"/> as it was given.</summary>
    public string Text(int index) => Keys[index];

    private static string Format(object key) => key switch
    {
        DateTime time => time.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcTicks.ToString(CultureInfo.InvariantCulture),
        Guid id => id.ToString("N"),
        bool flag => flag ? "1" : "0",
        int or long => Convert.ToString(key, CultureInfo.InvariantCulture)!,
        string text when !text.Contains(Separator, StringComparison.Ordinal) => text,
        _ => throw new ArgumentException($"A cursor key is an instant, an id, a number, a flag or a text without '{Separator}'.", nameof(key)),
    };
}

/// <summary>
/// A page asked for by <c>limit</c> and <c>cursor</c>, read from the query as text so that a bad
/// value is a 400 naming it: the one check every list gets.
/// </summary>
/// <param name="Limit">How many items the page holds at most.</param>
/// <param name="After">Where the page starts: after this cursor, or from the start when null.</param>
public sealed record PageRequest(int Limit, PageCursor? After)
{
    /// <summary>
    /// The page asked for; an error per bad parameter goes into <paramref name="errors"/>: a limit
    /// from 1 to <paramref name="maxLimit"/> (<paramref name="defaultLimit"/> when left out), a
    /// cursor of <paramref name="keys"/> sort keys as this list gave out.
    /// </summary>
    public static PageRequest Read(string? limit, string? cursor, int keys, int defaultLimit, int maxLimit, IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var take = defaultLimit;
        if (limit is not null && !(int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) && take >= 1 && take <= maxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {maxLimit}."];
        }

        PageCursor? after = null;
        if (cursor is not null && !PageCursor.TryDecode(cursor, keys, out after))
        {
            RefuseCursor(errors);
        }

        return new PageRequest(take, after);
    }

    /// <summary>Names the cursor in <paramref name="errors"/>: it is not one this list gave out.</summary>
    public static void RefuseCursor(IDictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors["cursor"] = ["cursor must be a nextCursor this list gave out; start again without one."];
    }

    /// <summary>
    /// Where the page starts in the list's own keys: what <paramref name="read"/> finds in the cursor,
    /// or null for the first page; a cursor whose keys do not read is named in <paramref name="errors"/>.
    /// </summary>
    public T? Position<T>(Func<PageCursor, T?> read, IDictionary<string, string[]> errors)
        where T : struct
    {
        ArgumentNullException.ThrowIfNull(read);
        if (After is null)
        {
            return null;
        }

        if (read(After) is { } position)
        {
            return position;
        }

        RefuseCursor(errors);
        return null;
    }

    /// <summary>
    /// The page of <paramref name="rows"/> (read with <see cref="Limit"/> + 1, so that one more
    /// tells whether a next page exists) and the cursor after its last item, or null on the last page.
    /// </summary>
    public (IReadOnlyList<T> Items, string? NextCursor) Cut<T>(IReadOnlyList<T> rows, Func<T, PageCursor> cursorOf)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(cursorOf);
        if (rows.Count <= Limit)
        {
            return (rows, null);
        }

        var items = rows.Take(Limit).ToList();
        return (items, cursorOf(items[^1]).Encode());
    }
}

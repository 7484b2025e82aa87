using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Fonts;
using UglyToad.PdfPig.Fonts.AdobeFontMetrics;
using UglyToad.PdfPig.Fonts.Encodings;
using UglyToad.PdfPig.Fonts.Standard14Fonts;

namespace Referral.Api.Documents;

/// <summary>
/// Text in the standard-14 fonts under WinAnsiEncoding: which characters it can show, their bytes
/// and their widths. What it cannot show is replaced, never thrown on: a letter with a mark outside
/// the set by its base letter (ő → o), a compatibility form by its plain one (ﬁ → fi), spaces and
/// dashes by their common form, anything else by '?'.
/// </summary>
internal static class WinAnsiText
{
    /// <summary>What stands in for a character the fonts cannot show.</summary>
    public const char Replacement = '?';

    private static readonly Standard14Font[] Fonts = [Standard14Font.Helvetica, Standard14Font.HelveticaBold];

    private static readonly FrozenDictionary<char, (byte Code, string Glyph)> Table = BuildTable();

    private static readonly FrozenDictionary<Standard14Font, AdobeFontMetrics> Metrics =
        Fonts.ToFrozenDictionary(f => f, Standard14.GetAdobeFontMetrics);

    /// <summary>Whether <paramref name="c"/> can be shown as it is.</summary>
    public static bool CanShow(char c) => Table.ContainsKey(c);

    /// <summary>
    /// <paramref name="text"/> with every character the fonts cannot show replaced; line breaks
    /// and tabs become spaces (a caller that wants lines splits them first).
    /// </summary>
    public static string Sanitise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var normalised = text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(normalised.Length);
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            if (Table.ContainsKey(c))
            {
                result.Append(c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < normalised.Length && char.IsLowSurrogate(normalised[i + 1]))
            {
                result.Append(Replacement); // one character outside the Basic Multilingual Plane, e.g. an emoji
                i++;
            }
            else
            {
                AppendSubstitute(c, result);
            }
        }

        return result.ToString();
    }

    /// <summary>The WinAnsi bytes of sanitised text (see <see cref="Sanitise"/>).</summary>
    public static byte[] Encode(string sanitised)
    {
        ArgumentNullException.ThrowIfNull(sanitised);
        var bytes = new byte[sanitised.Length];
        for (var i = 0; i < sanitised.Length; i++)
        {
            bytes[i] = Table.TryGetValue(sanitised[i], out var entry) ? entry.Code : (byte)Replacement;
        }

        return bytes;
    }

    /// <summary>The width of sanitised text in points, in <paramref name="font"/> at <paramref name="size"/>.</summary>
    public static double Width(string sanitised, Standard14Font font, double size)
    {
        ArgumentNullException.ThrowIfNull(sanitised);
        var metrics = Metrics[font].CharacterMetrics;
        var units = 0.0;
        foreach (var c in sanitised)
        {
            var glyph = Table.TryGetValue(c, out var entry) ? entry.Glyph : "question";
            units += metrics[glyph].Width.X;
        }

        return units * size / 1000;
    }

    private static void AppendSubstitute(char c, StringBuilder result)
    {
        switch (c)
        {
            case '\t' or '\n' or '\r' or '\u00A0' or '\u2028' or '\u2029' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000':
                result.Append(' ');
                return;
            case '\u00AD' or '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF':
                return; // soft hyphen, zero-width characters: nothing to show
            case '\u2010' or '\u2011' or '\u2012' or '\u2212':
                result.Append('-');
                return;
            case '\u2032':
                result.Append('\'');
                return;
            case '\u2033':
                result.Append('"');
                return;
        }

        if (char.IsControl(c) || char.IsSurrogate(c))
        {
            if (char.IsSurrogate(c))
            {
                result.Append(Replacement); // a lone surrogate
            }

            return;
        }

        // A letter with a mark the set lacks keeps its base letter; a compatibility form its plain one.
        var plain = new StringBuilder();
        foreach (var part in c.ToString().Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(part) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark)
            {
                continue;
            }

            plain.Append(Table.ContainsKey(part) ? part : Replacement);
        }

        var substitute = plain.ToString();
        result.Append(substitute.Length > 0 && !substitute.Contains(Replacement, StringComparison.Ordinal) ? substitute : Replacement.ToString());
    }

    /// <summary>Unicode character → (WinAnsi code, glyph name), for the glyphs every font used here has.</summary>
    private static FrozenDictionary<char, (byte Code, string Glyph)> BuildTable()
    {
        var metrics = Fonts.Select(Standard14.GetAdobeFontMetrics).ToList();
        var table = new Dictionary<char, (byte, string)>();
        var encoding = WinAnsiEncoding.Instance;
        for (var code = 0x20; code <= 0xFF; code++)
        {
            if (!encoding.CodeToNameMap.TryGetValue(code, out var glyph)
                || (glyph == "bullet" && code != 0x95) // the encoding shows unused codes as bullets
                || !metrics.All(m => m.CharacterMetrics.ContainsKey(glyph)))
            {
                continue;
            }

            var unicode = GlyphList.AdobeGlyphList.NameToUnicode(glyph);
            if (unicode is { Length: 1 })
            {
                table.TryAdd(unicode[0], ((byte)code, glyph)); // the first code wins: 0x20 for space, 0x2D for the hyphen
            }
        }

        return table.ToFrozenDictionary();
    }
}

using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Fonts.TrueType;
using UglyToad.PdfPig.Fonts.TrueType.Parser;
using UglyToad.PdfPig.Writer;

namespace Referral.Api.Documents;

/// <summary>
/// A TrueType font shipped with the service (DejaVu Sans, Documents/Fonts) that every document
/// embeds, as PDF/A asks: its bytes, which characters it has a glyph for, and their widths. The
/// glyphs cover Latin with every mark (ł, ı, ğ, ő, ø), Greek and Cyrillic.
/// </summary>
internal sealed class EmbeddedFont
{
    public static readonly EmbeddedFont Regular = Load("DejaVuSans.ttf");
    public static readonly EmbeddedFont Bold = Load("DejaVuSans-Bold.ttf");

    private readonly TrueTypeFont _font;
    private readonly double _unitsPerEm;

    private EmbeddedFont(byte[] bytes)
    {
        Bytes = bytes;
        _font = TrueTypeFontParser.Parse(new TrueTypeDataBytes(bytes));
        _unitsPerEm = _font.GetUnitsPerEm();
    }

    public byte[] Bytes { get; }

    /// <summary>Whether the font has a glyph for <paramref name="c"/>.</summary>
    public bool Has(char c) => _font.WindowsUnicodeCMap is { } cmap && cmap.CharacterCodeToGlyphIndex(c) != 0;

    /// <summary>The width of <paramref name="text"/> in points at <paramref name="size"/>.</summary>
    public double Width(string text, double size)
    {
        ArgumentNullException.ThrowIfNull(text);
        var units = 0.0;
        foreach (var c in text)
        {
            units += _font.TryGetAdvanceWidth(c, out var width) ? width : 0;
        }

        return units * size / _unitsPerEm;
    }

    private static EmbeddedFont Load(string file)
    {
        var name = $"Referral.Api.Documents.Fonts.{file}";
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The font {name} is not embedded in the service.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return new EmbeddedFont(copy.ToArray());
    }
}

/// <summary>
/// Text as a document shows it: normalised (NFC), line breaks and odd spaces as spaces, invisible
/// characters dropped, and whatever the font has no glyph for (an emoji, Japanese) as '?', never
/// thrown on. A simple TrueType font in PDF holds at most 255 characters, so a document that would
/// use more shows the rest as '?' too; names and Dutch text stay far below that.
/// </summary>
/// <param name="font">The font.</param>
/// <param name="added">The font as the document being written has it.</param>
internal sealed class FontText(EmbeddedFont font, PdfDocumentBuilder.AddedFont added)
{
    /// <summary>What stands in for a character that cannot be shown.</summary>
    public const char Replacement = '?';

    private const int MaxCharacters = 250;
    private readonly HashSet<char> _used = [Replacement, ' '];

    public EmbeddedFont Font { get; } = font;

    public PdfDocumentBuilder.AddedFont Added { get; } = added;

    /// <summary><paramref name="text"/> as it can be shown.</summary>
    public string Sanitise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Normalising refuses a lone surrogate, so it is replaced first.
        var whole = WithoutLoneSurrogates(text);
        var normalised = whole.IsNormalized(NormalizationForm.FormC) ? whole : whole.Normalize(NormalizationForm.FormC);
        var result = new StringBuilder(normalised.Length);
        for (var i = 0; i < normalised.Length; i++)
        {
            var c = normalised[i];
            if (char.IsHighSurrogate(c) && i + 1 < normalised.Length && char.IsLowSurrogate(normalised[i + 1]))
            {
                result.Append(Replacement); // outside the Basic Multilingual Plane, e.g. an emoji
                i++;
            }
            else if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                result.Append(char.IsWhiteSpace(c) ? " " : string.Empty);
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format)
            {
                // soft hyphen, zero-width characters: nothing to show
            }
            else
            {
                result.Append(Font.Has(c) && (_used.Contains(c) || (_used.Count < MaxCharacters && _used.Add(c))) ? c : Replacement);
            }
        }

        return result.ToString();
    }

    private static string WithoutLoneSurrogates(string text)
    {
        char[]? copy = null;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                copy ??= text.ToCharArray();
                copy[i] = Replacement;
            }
        }

        return copy is null ? text : new string(copy);
    }
}

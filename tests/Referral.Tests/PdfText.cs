using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace Referral.Tests;

/// <summary>Reads a generated PDF back with PdfPig, as a person reads it: page by page, line by line.</summary>
internal static partial class PdfText
{
    /// <summary>Below this height a page has only its footer.</summary>
    private const double FooterTop = 60;

    /// <summary>Each page's text: runs separated by a space, whitespace collapsed.</summary>
    public static IReadOnlyList<string> Pages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => Read(p.Letters)).ToList();
    }

    /// <summary>The text of every page's body (footers and running headers left out), in reading order.</summary>
    public static string Body(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return Collapse(string.Join(' ', document.GetPages().Select(p => Read(p.Letters.Where(l => l.StartBaseLine.Y > FooterTop && l.PointSize > 8.5).ToList()))));
    }

    /// <summary>Each page's footer.</summary>
    public static IReadOnlyList<string> Footers(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(p => Read(p.Letters.Where(l => l.StartBaseLine.Y <= FooterTop).ToList())).ToList();
    }

    /// <summary>Whitespace collapsed to single spaces.</summary>
    public static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    /// <summary>Letters in the order they were drawn, a space wherever a new run of text starts.</summary>
    private static string Read(IReadOnlyList<Letter> letters)
    {
        var text = new StringBuilder();
        Letter? previous = null;
        foreach (var letter in letters)
        {
            if (previous is not null
                && (Math.Abs(previous.StartBaseLine.Y - letter.StartBaseLine.Y) > 0.5 || letter.StartBaseLine.X - previous.EndBaseLine.X > 1))
            {
                text.Append(' ');
            }

            text.Append(letter.Value);
            previous = letter;
        }

        return Collapse(text.ToString());
    }

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}

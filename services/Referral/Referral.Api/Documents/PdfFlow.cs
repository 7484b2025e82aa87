using System.Globalization;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Referral.Api.Documents;

/// <summary>
/// A plain A4 document that flows top to bottom: a title, headings, label–value fields and
/// paragraphs, wrapped at the page width and continued on new pages, with a footer on every page
/// ("pagina x van n"). PDF/A-2B, in DejaVu Sans embedded (<see cref="EmbeddedFont"/>), so every
/// name is shown and extracted as it was written.
/// </summary>
internal sealed class PdfFlow : IDisposable
{
    private const double PageWidth = 595;   // A4 in points
    private const double PageHeight = 842;
    private const double Margin = 56.7;     // 2 cm
    private const double Bottom = 72;       // the body stops here; the footer sits below
    private const double FooterBaseline = 40;
    private const double LabelWidth = 150;
    private const double BodySize = 10;
    private const double Leading = 1.35;
    private const double ContentWidth = PageWidth - 2 * Margin;

    private readonly PdfDocumentBuilder _builder;
    private readonly FontText _regular;
    private readonly FontText _bold;
    private readonly List<PdfPageBuilder> _pages = [];
    private readonly string _runningTitle;
    private double _y;

    public PdfFlow(string title)
    {
        _builder = new PdfDocumentBuilder { ArchiveStandard = PdfAStandard.A2B };
        _regular = new FontText(EmbeddedFont.Regular, _builder.AddTrueTypeFont(EmbeddedFont.Regular.Bytes));
        _bold = new FontText(EmbeddedFont.Bold, _builder.AddTrueTypeFont(EmbeddedFont.Bold.Bytes));
        _runningTitle = _regular.Sanitise(title);
        _builder.DocumentInformation.Title = _runningTitle;
        _builder.DocumentInformation.Creator = "Coordination referral service";
        NewPage();
    }

    private PdfPageBuilder Current => _pages[^1];

    /// <summary>The document's title, large and bold, with an optional subtitle under it.</summary>
    public void Title(string title, string? subtitle)
    {
        Line(title, bold: true, size: 16, x: Margin);
        if (subtitle is not null)
        {
            Line(subtitle, bold: false, size: BodySize, x: Margin);
        }

        _y -= 6;
    }

    /// <summary>A section heading; it starts a new page rather than stand alone at a page's foot.</summary>
    public void Heading(string text)
    {
        _y -= 8;
        if (_y - 4 * BodySize * Leading < Bottom)
        {
            NewPage();
        }

        Line(text, bold: true, size: 11.5, x: Margin);
        Current.DrawLine(new PdfPoint(Margin, _y - 4), new PdfPoint(PageWidth - Margin, _y - 4), 0.5);
        _y -= 6;
    }

    /// <summary>A label and its value side by side; a long value wraps within its column. Nothing for a null value.</summary>
    public void Field(string label, string? value, bool boldValue = false)
    {
        if (value is null)
        {
            return;
        }

        var labels = Wrap(_regular.Sanitise(label), _regular.Font, BodySize, LabelWidth - 8);
        var valueFont = boldValue ? _bold : _regular;
        var values = Paragraphs(value, valueFont).SelectMany(p => Wrap(p, valueFont.Font, BodySize, ContentWidth - LabelWidth)).ToList();
        for (var i = 0; i < Math.Max(labels.Count, values.Count); i++)
        {
            Advance(BodySize);
            if (i < labels.Count)
            {
                Current.SetTextAndFillColor(85, 85, 85);
                Show(labels[i], _regular, BodySize, Margin, _y);
                Current.ResetColor();
            }

            if (i < values.Count)
            {
                Show(values[i], valueFont, BodySize, Margin + LabelWidth, _y);
            }
        }
    }

    /// <summary>Running text over the full width; blank lines in it separate paragraphs.</summary>
    public void Paragraph(string text, bool bold = false)
    {
        var font = bold ? _bold : _regular;
        foreach (var paragraph in Paragraphs(text, font))
        {
            foreach (var line in Wrap(paragraph, font.Font, BodySize, ContentWidth))
            {
                Advance(BodySize);
                Show(line, font, BodySize, Margin, _y);
            }
        }
    }

    /// <summary>Vertical space.</summary>
    public void Space(double points) => _y -= points;

    /// <summary>Puts the footer on every page, now that their number is known, and returns the PDF.</summary>
    public byte[] Build(string footer)
    {
        var left = _regular.Sanitise(footer);
        for (var i = 0; i < _pages.Count; i++)
        {
            var page = _pages[i];
            var number = _regular.Sanitise(string.Create(CultureInfo.InvariantCulture, $"pagina {i + 1} van {_pages.Count} (page {i + 1} of {_pages.Count})"));
            page.SetTextAndFillColor(85, 85, 85);
            page.DrawLine(new PdfPoint(Margin, FooterBaseline + 12), new PdfPoint(PageWidth - Margin, FooterBaseline + 12), 0.5);
            Show(page, left, _regular, 8, Margin, FooterBaseline);
            Show(page, number, _regular, 8, PageWidth - Margin - _regular.Font.Width(number, 8), FooterBaseline);
            page.ResetColor();
        }

        return _builder.Build();
    }

    public void Dispose() => _builder.Dispose();

    private void NewPage()
    {
        var builder = _builder.AddPage(PageSize.A4);
        _pages.Add(builder);
        _y = PageHeight - Margin;
        if (_pages.Count > 1)
        {
            var running = string.Create(CultureInfo.InvariantCulture, $"{_runningTitle} (vervolg / continued)");
            Current.SetTextAndFillColor(85, 85, 85);
            Show(running, _regular, 8, Margin, _y - 8);
            Current.ResetColor();
            _y -= 8 + 14;
        }
    }

    /// <summary>Moves down one line of text of <paramref name="size"/>, to a new page when the body is full.</summary>
    private void Advance(double size)
    {
        if (_y - size * Leading < Bottom)
        {
            NewPage();
        }

        _y -= size * Leading;
    }

    private void Line(string text, bool bold, double size, double x)
    {
        var font = bold ? _bold : _regular;
        foreach (var line in Wrap(font.Sanitise(text), font.Font, size, PageWidth - Margin - x))
        {
            Advance(size);
            Show(line, font, size, x, _y);
        }
    }

    private void Show(string sanitised, FontText font, double size, double x, double y) =>
        Show(Current, sanitised, font, size, x, y);

    private static void Show(PdfPageBuilder page, string sanitised, FontText font, double size, double x, double y)
    {
        if (sanitised.Length > 0)
        {
            page.AddText(sanitised, size, new PdfPoint(x, y), font.Added);
        }
    }

    /// <summary>The text's paragraphs, sanitised: split on line breaks, a blank line kept as an empty paragraph.</summary>
    private static IEnumerable<string> Paragraphs(string text, FontText font) =>
        text.ReplaceLineEndings("\n").Split('\n').Select(font.Sanitise);

    /// <summary>Greedy word wrap; a word wider than the line is broken where it must be. An empty paragraph is one empty line.</summary>
    internal static List<string> Wrap(string sanitised, EmbeddedFont font, double size, double width)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in sanitised.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (font.Width(candidate, size) <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (font.Width(line, size) > width)
            {
                // At least one character a line, however narrow the column.
                var fits = 1;
                var used = font.Width(line[..1], size);
                while (fits < line.Length && (used += font.Width(line.Substring(fits, 1), size)) <= width)
                {
                    fits++;
                }

                lines.Add(line[..fits]);
                line = line[fits..];
            }
        }

        lines.Add(line);
        return lines;
    }
}

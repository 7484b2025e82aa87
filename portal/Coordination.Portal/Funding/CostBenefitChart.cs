using Coordination.Portal.Api;

namespace Coordination.Portal.Funding;

/// <summary>One bar: a figure of one case, its length in the drawing.</summary>
public sealed record CostBenefitBar(string Measure, decimal Euros, double Y, double Length);

/// <summary>One case's group of bars: the expected avoided cost, the cost, the net.</summary>
public sealed record CostBenefitGroup(CostBenefitSum Case, double Top, IReadOnlyList<CostBenefitBar> Bars);

/// <summary>The chart laid out: a group of horizontal bars per case, all on one euro scale from zero.</summary>
public sealed record CostBenefitLayout(IReadOnlyList<CostBenefitGroup> Groups, double Width, double Height, double PlotLeft, double PlotWidth, decimal Max);

/// <summary>Lays out what family therapy is worth for a financier's population as bars (server-rendered SVG). Pure.</summary>
public static class CostBenefitChart
{
    public const double BarHeight = 18;
    private const double BarGap = 4;
    private const double GroupGap = 34;
    private const double Top = 30;
    private const double Left = 190;
    private const double PlotWidth = 520;

    public static readonly IReadOnlyList<string> Measures = ["avoided", "cost", "net"];

    public static CostBenefitLayout Lay(IReadOnlyList<CostBenefitSum> cases)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var max = cases.SelectMany(c => new[] { c.ExpectedAvoidedCost, c.Cost, Math.Abs(c.Net) }).DefaultIfEmpty(0).Max();
        double Length(decimal euros) => max == 0 ? 0 : PlotWidth * (double)(Math.Abs(euros) / max);
        var groupHeight = Measures.Count * (BarHeight + BarGap);
        var groups = cases.Select((c, i) =>
        {
            var top = Top + i * (groupHeight + GroupGap);
            var figures = new[] { c.ExpectedAvoidedCost, c.Cost, c.Net };
            return new CostBenefitGroup(c, top, Measures.Select((m, j) => new CostBenefitBar(m, figures[j], top + j * (BarHeight + BarGap), Length(figures[j]))).ToList());
        }).ToList();
        return new CostBenefitLayout(groups, Left + PlotWidth + 120, Top + cases.Count * (groupHeight + GroupGap), Left, PlotWidth, max);
    }
}

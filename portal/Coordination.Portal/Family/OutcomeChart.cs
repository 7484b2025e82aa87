using Coordination.Portal.Api;

namespace Coordination.Portal.Family;

/// <summary>One member's line on one instrument: its points in the drawing, and how it is told apart (colour, dash, marker).</summary>
public sealed record ChartLine(string Member, string Instrument, IReadOnlyList<(double X, double Y, OutcomePoint Point)> Points, string Colour, string Dash, int Marker);

/// <summary>One instrument's panel: its own scale, its cut-off, and the members' lines on it.</summary>
public sealed record ChartPanel(string Instrument, double Top, double Height, decimal Min, decimal Max, double? CutOffY, IReadOnlyList<ChartLine> Lines);

/// <summary>A mark on the shared time axis: an MDO (a moment) or an intervention (a span).</summary>
public sealed record ChartMark(string Label, double X, double? EndX, DateOnly On, DateOnly? EndOn);

/// <summary>The chart laid out: panels stacked on one time axis, the family's MDOs and interventions marked on it.</summary>
public sealed record OutcomeChartLayout(
    IReadOnlyList<ChartPanel> Panels, IReadOnlyList<ChartMark> Mdos, IReadOnlyList<ChartMark> Interventions, IReadOnlyList<(double X, DateOnly Day)> Ticks,
    double Width, double Height, double PlotLeft, double PlotRight, double MarksTop);

/// <summary>
/// Lays out the family's outcome measurements as a chart: one panel per instrument on its own scale,
/// a line per member, every panel on the same time axis, with the family's MDOs (vertical marks)
/// and interventions (spans under the panels) on that axis. Pure: the page draws it as SVG.
/// </summary>
public static class OutcomeChart
{
    public const double Width = 880;
    public const double PlotLeft = 70;
    public const double PlotRight = 730;
    private const double PanelHeight = 150;
    private const double PanelGap = 40;
    private const double Top = 30;
    private const double BarHeight = 16;

    // Told apart by more than colour: each member also has a dash pattern and a marker shape.
    private static readonly string[] Colours = ["#0b5394", "#a4000f", "#1e6b2d", "#7a4b00", "#5b2a86", "#006d77"];
    private static readonly string[] Dashes = ["", "6 3", "2 3", "10 3 2 3", "1 2", "12 4"];

    /// <summary>The layout, or null when no member the viewer sees has been measured.</summary>
    public static OutcomeChartLayout? Lay(FamilyPlan plan, Func<Guid, string> nameOf)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(nameOf);
        var trajectories = (plan.Outcomes?.Members ?? [])
            .SelectMany(m => m.Instruments.Where(i => i.Points.Count > 0).Select(i => (m.MemberId, Trajectory: i))).ToList();
        if (trajectories.Count == 0)
        {
            return null;
        }

        var mdos = (plan.Mdos ?? []).Where(m => m.Status != "cancelled").ToList();
        var interventions = (plan.Interventions ?? []).Where(i => i.Status != "cancelled").ToList();
        var days = trajectories.SelectMany(t => t.Trajectory.Points.Select(p => p.MeasuredOn))
            .Concat(mdos.Select(m => DateOnly.FromDateTime(m.Start.UtcDateTime)))
            .Concat(interventions.Select(i => i.StartOn)).Concat(interventions.Where(i => i.EndOn is not null).Select(i => i.EndOn!.Value)).ToList();
        var first = days.Min();
        var last = days.Max();
        if (last.DayNumber - first.DayNumber < 14)
        {
            first = first.AddDays(-7);
            last = last.AddDays(7);
        }

        double X(DateOnly day) => PlotLeft + (PlotRight - PlotLeft) * (day.DayNumber - first.DayNumber) / (last.DayNumber - first.DayNumber);

        var members = trajectories.Select(t => t.MemberId).Distinct().ToList();
        var panels = new List<ChartPanel>();
        foreach (var instrument in trajectories.GroupBy(t => t.Trajectory.InstrumentId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var listed = instrument.Select(t => t.Trajectory.Instrument).FirstOrDefault(i => i is not null);
            var scores = instrument.SelectMany(t => t.Trajectory.Points.Select(p => p.Score)).ToList();
            var (min, max) = listed is null ? (scores.Min(), scores.Max()) : (listed.Min, listed.Max);
            if (max == min)
            {
                max = min + 1;
            }

            var top = Top + panels.Count * (PanelHeight + PanelGap);
            double Y(decimal score) => top + PanelHeight - PanelHeight * (double)((score - min) / (max - min));
            var lines = instrument.Select(t =>
            {
                var index = members.IndexOf(t.MemberId);
                return new ChartLine(nameOf(t.MemberId), listed?.Name ?? instrument.Key,
                    t.Trajectory.Points.Select(p => (X(p.MeasuredOn), Y(p.Score), p)).ToList(),
                    Colours[index % Colours.Length], Dashes[index % Dashes.Length], index % 3);
            }).ToList();
            panels.Add(new ChartPanel(listed?.Name ?? instrument.Key, top, PanelHeight, min, max, listed?.CutOff is { } cut ? Y(cut) : null, lines));
        }

        var marksTop = Top + panels.Count * (PanelHeight + PanelGap);
        var ticks = Enumerable.Range(0, 5).Select(i => first.AddDays((last.DayNumber - first.DayNumber) * i / 4)).Select(d => (X(d), d)).ToList();
        return new OutcomeChartLayout(
            panels,
            mdos.Select(m => DateOnly.FromDateTime(m.Start.UtcDateTime)).Select(d => new ChartMark("MDO", X(d), null, d, null)).ToList(),
            interventions.Select(i => new ChartMark(i.Title, X(i.StartOn), X(i.EndOn ?? last), i.StartOn, i.EndOn)).ToList(),
            ticks, Width, marksTop + interventions.Count * (BarHeight + 6) + 10, PlotLeft, PlotRight, marksTop);
    }

    public const double InterventionBarHeight = BarHeight;
}

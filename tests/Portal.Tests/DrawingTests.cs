using Coordination.Portal.Api;
using Coordination.Portal.Family;
using Plan = Coordination.Portal.Api.FamilyPlan;

namespace Portal.Tests;

/// <summary>The layouts behind the drawn family tree, the outcome chart and the coming birthdays: pure, no platform.</summary>
public sealed class DrawingTests
{
    private static readonly Guid Sandra = Guid.NewGuid();
    private static readonly Guid Daan = Guid.NewGuid();
    private static readonly Guid Mark = Guid.NewGuid();

    private static PlanMember Shown(Guid id, string name, DateOnly born, params PlanRelation[] relations) =>
        new(id, name, "not-required", [], BirthDate: born, Relations: relations);

    [Fact]
    public void A_parent_stands_a_row_above_the_child_and_a_relation_stated_from_both_sides_is_drawn_once()
    {
        var plan = new Plan(Guid.NewGuid(), [
            Shown(Sandra, "Sandra", new(1990, 6, 2), new PlanRelation(Daan, "child", null)),
            Shown(Daan, "Daan", new(2011, 3, 14), new PlanRelation(Sandra, "parent", true)),
            new PlanMember(Mark, "Mark", "not-given", [], Relation: "partner", RelationOf: Sandra),
        ]);

        var tree = FamilyTree.Lay(plan);

        var (sandra, daan, mark) = (tree.People[0], tree.People[1], tree.People[2]);
        Assert.True(sandra.Y < daan.Y);
        Assert.Equal(sandra.Y, mark.Y);
        Assert.Equal(FamilyTree.Withheld, mark.Kind);
        var parent = Assert.Single(tree.Lines, l => l.Relation == "parent");
        Assert.Equal(("Sandra", "Daan", true), (parent.From.Name, parent.To.Name, parent.Custody));
        Assert.Single(tree.Lines, l => l.Relation == "partner");
        Assert.All(tree.People, p => Assert.InRange(p.X + FamilyTree.BoxWidth, 0, tree.Width));
    }

    [Fact]
    public void A_relative_who_is_not_a_client_is_drawn_beside_the_member_they_belong_to()
    {
        var plan = new Plan(Guid.NewGuid(), [Shown(Daan, "Lisa", new(2008, 5, 6))],
            Relatives: [new PlanRelative(Guid.NewGuid(), Daan, "Omar", "partner")]);

        var tree = FamilyTree.Lay(plan);

        Assert.Equal([FamilyTree.Shown, FamilyTree.Relative], tree.People.Select(p => p.Kind));
        Assert.Equal(tree.People[0].Y, tree.People[1].Y);
        Assert.Equal(("Omar", "Lisa"), (tree.Lines[0].From.Name, tree.Lines[0].To.Name));
    }

    [Fact]
    public void The_chart_has_a_panel_per_instrument_on_one_time_axis_with_the_mdos_and_interventions_marked()
    {
        var day = new DateOnly(2026, 9, 1);
        var phq = new OutcomeInstrument("phq-9", "PHQ-9", 0, 27, "lower-is-better", 10);
        var sdq = new OutcomeInstrument("sdq-self", "SDQ", 0, 40, "lower-is-better", null);
        var plan = new Plan(Guid.NewGuid(), [],
            Outcomes: new FamilyOutcomes([
                new MemberOutcomes(Sandra, [new InstrumentTrajectory("phq-9", phq, [Point(day, 20), Point(day.AddDays(60), 8)])]),
                new MemberOutcomes(Daan, [new InstrumentTrajectory("sdq-self", sdq, [Point(day.AddDays(10), 25)])]),
            ]),
            Interventions: [new PlanIntervention(Guid.NewGuid(), null, [], "family-therapy", "Gezinstherapie", "X", day.AddDays(5), null, null, "active", null)],
            Mdos: [new PlanMdo(Guid.NewGuid(), "held", new DateTimeOffset(day.AddDays(30).ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero), default, [])]);

        var chart = OutcomeChart.Lay(plan, id => id == Sandra ? "Sandra" : "Daan")!;

        Assert.Equal(["PHQ-9", "SDQ"], chart.Panels.Select(p => p.Instrument));
        var sandra = Assert.Single(chart.Panels[0].Lines);
        Assert.Equal("Sandra", sandra.Member);
        Assert.True(sandra.Points[0].X < sandra.Points[1].X);
        Assert.True(sandra.Points[0].Y < sandra.Points[1].Y, "a lower score is drawn lower");
        Assert.InRange(chart.Panels[0].CutOffY!.Value, chart.Panels[0].Top, chart.Panels[0].Top + chart.Panels[0].Height);
        Assert.Null(chart.Panels[1].CutOffY);
        Assert.NotEqual(sandra.Colour, chart.Panels[1].Lines[0].Colour);
        var mdo = Assert.Single(chart.Mdos);
        Assert.InRange(mdo.X, sandra.Points[0].X, sandra.Points[1].X);
        Assert.Equal(chart.PlotRight, Assert.Single(chart.Interventions).EndX);
    }

    [Fact]
    public void No_chart_without_a_measurement()
    {
        Assert.Null(OutcomeChart.Lay(new Plan(Guid.NewGuid(), [], Outcomes: new FamilyOutcomes([])), _ => ""));
    }

    [Fact]
    public void The_coming_12th_16th_and_18th_birthdays_within_a_year_are_listed_soonest_first()
    {
        var today = new DateOnly(2026, 11, 23);
        var coming = Birthdays.Coming([("Filip", new DateOnly(2008, 12, 1)), ("Tim", new DateOnly(2014, 12, 20)), ("Daan", new DateOnly(2011, 3, 14)), ("Sandra", new DateOnly(1990, 6, 2))], today).ToList();

        Assert.Equal([("Filip", 18, new DateOnly(2026, 12, 1)), ("Tim", 12, new DateOnly(2026, 12, 20)), ("Daan", 16, new DateOnly(2027, 3, 14))], coming);
    }

    private static OutcomePoint Point(DateOnly on, decimal score) => new(on, score, 0, null, null);
}

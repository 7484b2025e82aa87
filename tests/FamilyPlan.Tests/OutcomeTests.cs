using FamilyPlan.Api.Domain;

namespace FamilyPlan.Tests;

/// <summary>The outcome instruments as data, the rules of a measurement, and the family's trajectories: pure, as tables.</summary>
[Trait("Category", "Unit")]
public sealed class OutcomeTests
{
    private static readonly DateOnly Today = new(2026, 3, 15);
    private static readonly Guid Mother = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Son = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly OutcomeRecorder Clinician = new("clinician-94012345", "J. de Vries", "clinician");

    // The instrument list

    [Fact]
    public void The_list_loads_with_the_instruments_the_plan_offers()
    {
        var ids = OutcomeInstruments.All.Select(i => i.Id).ToList();

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Subset(ids.ToHashSet(), new HashSet<string> { "sdq-parent", "sdq-self", "sdq-teacher", "oq-45", "phq-9", "gad-7", "honos", "honosca", "score-15", "ors", "cors", "srs" });
        Assert.Contains(OutcomeInstruments.All, i => i.Populations.Contains(OutcomePopulations.Family));
    }

    [Fact]
    public void Every_instrument_is_well_formed_with_a_cut_off_inside_its_range_and_a_source()
    {
        Assert.All(OutcomeInstruments.All, i =>
        {
            Assert.True(i.Min < i.Max, $"{i.Id}: min {i.Min} is not below max {i.Max}");
            if (i.CutOff is { } cutOff)
            {
                Assert.InRange(cutOff, i.Min, i.Max);
            }

            Assert.Contains(i.Direction, OutcomeDirections.All);
            Assert.Contains(i.Respondent, OutcomeRespondents.All);
            Assert.NotEmpty(i.Populations);
            Assert.False(string.IsNullOrWhiteSpace(i.Name));
            Assert.False(string.IsNullOrWhiteSpace(i.Measures));
            Assert.False(string.IsNullOrWhiteSpace(i.Source));
            Assert.Same(i, OutcomeInstruments.Find(i.Id));
        });
    }

    [Theory]
    [InlineData("sdq-parent", 0, 40, OutcomeDirections.LowerIsBetter, null)]
    [InlineData("oq-45", 0, 180, OutcomeDirections.LowerIsBetter, null)]
    [InlineData("phq-9", 0, 27, OutcomeDirections.LowerIsBetter, 10)]
    [InlineData("gad-7", 0, 21, OutcomeDirections.LowerIsBetter, 10)]
    [InlineData("honos", 0, 48, OutcomeDirections.LowerIsBetter, null)]
    [InlineData("honosca", 0, 52, OutcomeDirections.LowerIsBetter, null)]
    [InlineData("score-15", 15, 75, OutcomeDirections.LowerIsBetter, null)]
    [InlineData("ors", 0, 40, OutcomeDirections.HigherIsBetter, null)]
    [InlineData("cors", 0, 40, OutcomeDirections.HigherIsBetter, null)]
    public void An_instrument_carries_its_published_range_and_direction(string id, int min, int max, string direction, int? cutOff)
    {
        var instrument = OutcomeInstruments.Find(id);

        Assert.NotNull(instrument);
        Assert.Equal((min, max, direction, (decimal?)cutOff), (instrument.Min, instrument.Max, instrument.Direction, instrument.CutOff));
    }

    [Theory]
    [InlineData("PHQ-9")]      // ids are exact
    [InlineData("phq9")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unlisted_id_finds_nothing(string? id) => Assert.Null(OutcomeInstruments.Find(id));

    private const string Good = """{ "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "direction": "lower-is-better", "source": "s" }""";

    [Theory]
    [InlineData("not json")]
    [InlineData("""{ "instruments": [] }""")]
    [InlineData("""{ "instruments": [ null ] }""")]
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "direction": "lower-is-better" } ] }""")]                       // no source
    [InlineData("""{ "instruments": [ { "id": "X_1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "direction": "lower-is-better", "source": "s" } ] }""")]       // not kebab case
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 10, "max": 10, "direction": "lower-is-better", "source": "s" } ] }""")]      // min not below max
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "cutOff": 11, "direction": "lower-is-better", "source": "s" } ] }""")] // cut-off outside
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "direction": "sideways", "source": "s" } ] }""")]             // unknown direction
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "neighbour", "population": ["adult"], "min": 0, "max": 10, "direction": "lower-is-better", "source": "s" } ] }""")]   // unknown respondent
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": [], "min": 0, "max": 10, "direction": "lower-is-better", "source": "s" } ] }""")]               // no population
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "max": 10, "direction": "lower-is-better", "source": "s" } ] }""")]                 // no min
    [InlineData("""{ "instruments": [ { "id": "x-1", "name": "X", "measures": "x", "respondent": "self", "population": ["adult"], "min": 0, "max": 10, "direction": "lower-is-better", "source": "s", "items": ["q1"] } ] }""")] // unknown field
    [InlineData("{ \"instruments\": [ " + Good + ", " + Good + " ] }")]                                                                                                                                                  // id twice
    public void A_malformed_list_fails_loudly(string json) =>
        Assert.Throws<InvalidDataException>(() => OutcomeInstruments.Parse(json));

    [Fact]
    public void A_well_formed_list_parses()
    {
        var instrument = Assert.Single(OutcomeInstruments.Parse("{ \"about\": [\"names and ranges only\"], \"instruments\": [ " + Good + " ] }"));

        Assert.Equal(("x-1", 0m, 10m, null as decimal?), (instrument.Id, instrument.Min, instrument.Max, instrument.CutOff));
    }

    // The rules of a measurement

    [Theory]
    [InlineData("phq-9", "0")]
    [InlineData("phq-9", "27")]
    [InlineData("sdq-parent", "40")]
    [InlineData("score-15", "15")]
    [InlineData("score-15", "75")]
    [InlineData("ors", "0")]
    [InlineData("ors", "40")]
    [InlineData("ors", "23.45")]
    public void A_score_within_the_range_is_accepted_both_ends_included(string id, string score)
    {
        var check = OutcomeRules.Validate(id, decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), Today, Today);

        Assert.Empty(check.Errors);
        Assert.NotNull(check.Valid);
        Assert.Equal(id, check.Valid.Instrument.Id);
    }

    [Theory]
    [InlineData("phq-9", "-1")]
    [InlineData("phq-9", "28")]
    [InlineData("phq-9", "27.01")]
    [InlineData("sdq-parent", "41")]
    [InlineData("score-15", "14")]
    [InlineData("score-15", "76")]
    [InlineData("ors", "-0.01")]
    [InlineData("ors", "41")]
    public void A_score_one_past_either_end_is_refused(string id, string score)
    {
        var check = OutcomeRules.Validate(id, decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), Today, Today);

        Assert.Null(check.Valid);
        Assert.Equal(("score", FamilyPlanRules.ScoreOutOfRange), Only(check));
    }

    [Theory]
    [InlineData("wai-12")]
    [InlineData("PHQ-9")]
    [InlineData("")]
    [InlineData(null)]
    public void An_unknown_instrument_is_refused(string? id)
    {
        var check = OutcomeRules.Validate(id, 5, Today, Today);

        Assert.Null(check.Valid);
        Assert.Equal(("instrumentId", FamilyPlanRules.UnknownInstrument), Only(check));
    }

    [Fact]
    public void A_measurement_tomorrow_is_refused_and_today_accepted()
    {
        Assert.Equal(("measuredOn", FamilyPlanRules.MeasuredInFuture), Only(OutcomeRules.Validate("gad-7", 8, Today.AddDays(1), Today)));
        Assert.NotNull(OutcomeRules.Validate("gad-7", 8, Today, Today).Valid);
    }

    [Fact]
    public void A_measurement_before_the_members_birth_is_refused_and_on_the_birth_date_accepted()
    {
        var born = new DateOnly(2016, 5, 1);

        Assert.Equal(("measuredOn", FamilyPlanRules.MeasuredBeforeBirth), Only(OutcomeRules.Validate("cors", 20, born.AddDays(-1), Today, born)));
        Assert.NotNull(OutcomeRules.Validate("cors", 20, born, Today, born).Valid);
        Assert.NotNull(OutcomeRules.Validate("cors", 20, born.AddDays(-1), Today).Valid); // the birth date unknown: no such rule
    }

    [Theory]
    [InlineData("12.5", true)]
    [InlineData("12.55", true)]
    [InlineData("12.550", true)]   // a trailing zero is no third decimal
    [InlineData("12.555", false)]
    [InlineData("12.001", false)]
    public void A_score_carries_at_most_two_decimals(string score, bool accepted)
    {
        var check = OutcomeRules.Validate("ors", decimal.Parse(score, System.Globalization.CultureInfo.InvariantCulture), Today, Today);

        if (accepted)
        {
            Assert.Empty(check.Errors);
        }
        else
        {
            Assert.Equal(("score", FamilyPlanRules.ScorePrecision), Only(check));
        }
    }

    [Fact]
    public void Every_broken_rule_is_reported_by_its_field()
    {
        var check = OutcomeRules.Validate("phq-9", 30.125m, Today.AddDays(3), Today);

        Assert.Null(check.Valid);
        Assert.Equal(
            [FamilyPlanRules.ScoreOutOfRange, FamilyPlanRules.ScorePrecision, FamilyPlanRules.MeasuredInFuture],
            check.Errors.Select(e => e.RuleId));
        var byField = check.ErrorsByField();
        Assert.Equal(["measuredOn", "score"], byField.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, byField["score"].Length);
    }

    // Trajectories and the family's time axis

    private static OutcomeMeasurement M(Guid member, string instrument, decimal score, string date) =>
        new(Guid.NewGuid(), member, instrument, score, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), Clinician);

    [Fact]
    public void Points_come_out_in_date_order_whatever_order_they_go_in()
    {
        var measurements = new[]
        {
            M(Mother, "phq-9", 12, "2026-03-01"),
            M(Mother, "phq-9", 18, "2026-01-05"),
            M(Mother, "gad-7", 9, "2026-02-02"),
            M(Mother, "phq-9", 15, "2026-02-02"),
        };

        var forwards = OutcomeTrajectories.Compose(measurements);
        var backwards = OutcomeTrajectories.Compose(measurements.Reverse());

        var mother = Assert.Single(forwards.Members);
        Assert.Equal(["gad-7", "phq-9"], mother.Instruments.Select(t => t.InstrumentId));
        var phq = mother.Instruments[1];
        Assert.Equal([new DateOnly(2026, 1, 5), new DateOnly(2026, 2, 2), new DateOnly(2026, 3, 1)], phq.Points.Select(p => p.MeasuredOn));
        Assert.Equal([0m, -3m, -6m], phq.Points.Select(p => p.ChangeSinceFirst));
        Assert.Equal(Describe(forwards), Describe(backwards));
    }

    [Theory]
    // instrument, first, latest -> change, improved   (PHQ-9 and SDQ: lower is better; ORS: higher is better)
    [InlineData("phq-9", 18, 9, -9, true)]
    [InlineData("phq-9", 9, 18, 9, false)]
    [InlineData("phq-9", 9, 9, 0, false)]
    [InlineData("sdq-parent", 22, 14, -8, true)]
    [InlineData("sdq-parent", 14, 22, 8, false)]
    [InlineData("ors", 18, 31, 13, true)]
    [InlineData("ors", 31, 18, -13, false)]
    [InlineData("ors", 20, 20, 0, false)]
    public void A_change_is_an_improvement_when_it_goes_the_instruments_better_way(string instrument, int first, int latest, int change, bool improved)
    {
        var trajectory = Assert.Single(Assert.Single(OutcomeTrajectories.Compose(
        [
            M(Son, instrument, first, "2026-01-10"),
            M(Son, instrument, latest, "2026-02-10"),
        ]).Members).Instruments);

        Assert.Equal((change, (bool?)improved), (trajectory.ChangeSinceFirst, trajectory.Improved));
        Assert.Null(trajectory.Points[0].Improved);
    }

    [Fact]
    public void A_single_measurement_has_no_change_to_judge()
    {
        var trajectory = Assert.Single(Assert.Single(OutcomeTrajectories.Compose([M(Son, "sdq-parent", 20, "2026-01-10")]).Members).Instruments);

        Assert.Equal((0m, (bool?)null), (trajectory.ChangeSinceFirst, trajectory.Improved));
    }

    [Theory]
    [InlineData("phq-9", 9, false)]
    [InlineData("phq-9", 10, true)]      // at the cut-off is past it
    [InlineData("gad-7", 15, true)]
    [InlineData("sdq-parent", 30, null)] // no cut-off listed
    public void The_latest_score_is_judged_against_the_cut_off_where_one_is_listed(string instrument, int latest, bool? past)
    {
        var trajectory = Assert.Single(Assert.Single(OutcomeTrajectories.Compose(
        [
            M(Mother, instrument, 0, "2026-01-10"),
            M(Mother, instrument, latest, "2026-02-10"),
        ]).Members).Instruments);

        Assert.Equal(past, trajectory.LatestPastCutOff);
    }

    [Theory]
    [InlineData(OutcomeDirections.LowerIsBetter, 9.99, false)]
    [InlineData(OutcomeDirections.LowerIsBetter, 10, true)]
    [InlineData(OutcomeDirections.HigherIsBetter, 10, true)]
    [InlineData(OutcomeDirections.HigherIsBetter, 10.01, false)]
    public void The_cut_off_is_passed_on_the_worse_side(string direction, double score, bool past)
    {
        var instrument = new OutcomeInstrument("x", "X", "x", OutcomeRespondents.Self, [OutcomePopulations.Adult], 0, 40, direction, 10, "s");

        Assert.Equal(past, instrument.IsPastCutOff((decimal)score));
    }

    [Fact]
    public void An_instrument_no_longer_listed_keeps_its_points_without_a_judgement()
    {
        var trajectory = Assert.Single(Assert.Single(OutcomeTrajectories.Compose(
        [
            M(Mother, "retired-scale", 10, "2026-01-10"),
            M(Mother, "retired-scale", 4, "2026-02-10"),
        ]).Members).Instruments);

        Assert.Null(trajectory.Instrument);
        Assert.Equal((-6m, (bool?)null, (bool?)null), (trajectory.ChangeSinceFirst, trajectory.Improved, trajectory.LatestPastCutOff));
    }

    [Fact]
    public void The_family_axis_merges_two_members_dates_in_order()
    {
        var outcomes = OutcomeTrajectories.Compose(
        [
            M(Son, "cors", 22, "2026-02-01"),
            M(Mother, "phq-9", 16, "2026-01-15"),
            M(Son, "sdq-parent", 19, "2026-01-15"),
            M(Mother, "score-15", 48, "2026-02-01"),
            M(Son, "score-15", 52, "2026-02-01"),
            M(Mother, "phq-9", 11, "2026-03-01"),
        ]);

        Assert.Equal([Mother, Son], outcomes.Members.Select(m => m.MemberId));
        Assert.Equal(
            [
                "2026-01-15: a phq-9 16 | b sdq-parent 19",
                "2026-02-01: a score-15 48 | b cors 22 | b score-15 52",
                "2026-03-01: a phq-9 11",
            ],
            outcomes.Axis.Select(d => $"{d.Date:yyyy-MM-dd}: " + string.Join(" | ", d.Points.Select(p => $"{Letter(p.MemberId)} {p.InstrumentId} {p.Score}"))));
    }

    [Fact]
    public void No_measurements_compose_to_an_empty_picture()
    {
        var outcomes = OutcomeTrajectories.Compose([]);

        Assert.Empty(outcomes.Members);
        Assert.Empty(outcomes.Axis);
    }

    private static (string Field, string RuleId) Only(OutcomeCheck check)
    {
        var error = Assert.Single(check.Errors);
        return (error.Field, error.RuleId);
    }

    private static char Letter(Guid member) => member == Mother ? 'a' : member == Son ? 'b' : '?';

    private static string Describe(FamilyOutcomes outcomes) =>
        string.Join("; ", outcomes.Members.SelectMany(m => m.Instruments.SelectMany(t => t.Points.Select(p => $"{Letter(m.MemberId)} {t.InstrumentId} {p.MeasuredOn:yyyy-MM-dd} {p.Score} {p.ChangeSinceFirst} {p.Improved}"))))
        + " / " + string.Join("; ", outcomes.Axis.Select(d => $"{d.Date:yyyy-MM-dd} {d.Points.Count}"));
}

using FamilyPlan.Api.Domain;

namespace FamilyPlan.Tests;

/// <summary>Which checks an acceptance raises, and the order of the Meldcode's steps: pure rules, as tables.</summary>
[Trait("Category", "Unit")]
public sealed class CareChecksTests
{
    private static readonly Guid Subject = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Minor1 = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Minor2 = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Parent1 = Guid.Parse("00000000-0000-0000-0000-000000000003");
    private static readonly Guid Parent2 = Guid.Parse("00000000-0000-0000-0000-000000000004");

    /// <summary>Member ids by letter, so that a row of the table stays readable: a, b minors; p, q parents; s the subject.</summary>
    private static Guid[] Ids(string letters) => letters.Select(c => c switch
    {
        'a' => Minor1,
        'b' => Minor2,
        'p' => Parent1,
        'q' => Parent2,
        's' => Subject,
        _ => throw new ArgumentOutOfRangeException(nameof(letters), letters, "a, b, p, q or s"),
    }).ToArray();

    [Theory]
    // adult,  minors, parents -> raised (kind:members, or "" for none)
    [InlineData(true, "ab", "", "kindcheck:ab")]
    [InlineData(true, "", "", "kindcheck:")]          // an adult with no minors named is still asked: they may care for children elsewhere, or be pregnant
    [InlineData(true, "", "pq", "kindcheck:")]        // an adult's own parents raise no oudercheck
    [InlineData(true, "a", "p", "kindcheck:a")]
    [InlineData(false, "", "p", "oudercheck:p")]
    [InlineData(false, "", "pq", "oudercheck:pq")]
    [InlineData(false, "a", "p", "oudercheck:p")]     // siblings are not asked about
    [InlineData(false, "", "", "")]                   // a child without parents named: no one to ask after
    [InlineData(false, "ab", "", "")]
    [InlineData(true, "asaa", "", "kindcheck:a")]     // the subject is never their own minor; a member named twice is asked about once
    [InlineData(false, "", "sp", "oudercheck:p")]
    [InlineData(false, "", "s", "")]
    public void An_acceptance_raises_a_kindcheck_for_every_adult_and_an_oudercheck_for_a_child_with_parents(bool adult, string minors, string parents, string expected)
    {
        var raised = CareChecks.RaisedBy(Subject, adult, Ids(minors), Ids(parents));

        var described = string.Join(";", raised.Select(c => $"{c.Kind}:{string.Concat(c.Members.Select(Letter))}"));
        Assert.Equal(expected, described);
    }

    [Fact]
    public void Missing_lists_count_as_empty()
    {
        Assert.Equal(CareTaskKinds.Kindcheck, Assert.Single(CareChecks.RaisedBy(Subject, true, null, null)).Kind);
        Assert.Empty(CareChecks.RaisedBy(Subject, false, null, null));
    }

    [Theory]
    [InlineData(CareTaskKinds.Kindcheck, CheckOutcomes.Concerns, true)]
    [InlineData(CareTaskKinds.Kindcheck, CheckOutcomes.NoConcerns, false)]
    [InlineData(CareTaskKinds.Oudercheck, CheckOutcomes.Concerns, false)]
    [InlineData(CareTaskKinds.Oudercheck, CheckOutcomes.NoConcerns, false)]
    public void Only_a_kindcheck_with_concerns_opens_the_meldcode(string kind, string outcome, bool opens) =>
        Assert.Equal(opens, CareChecks.OpensMeldcode(kind, outcome));

    [Theory]
    // step, steps done -> allowed
    [InlineData(1, "", true)]
    [InlineData(3, "", true)]                         // steps 1 to 4 in any order
    [InlineData(4, "13", true)]
    [InlineData(2, "134", true)]
    [InlineData(5, "", false)]                        // the decision comes last
    [InlineData(5, "123", false)]
    [InlineData(5, "234", false)]
    [InlineData(5, "1234", true)]
    [InlineData(5, "4321", true)]
    public void Steps_one_to_four_go_in_any_order_and_the_decision_only_after_all_four(int step, string done, bool allowed)
    {
        var verdict = Meldcode.MayMark(step, done.Select(c => c - '0').ToList());

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(allowed ? null : FamilyPlanRules.MeldcodeDecideLast, verdict.RuleId);
    }

    [Fact]
    public void The_refusal_names_the_steps_not_yet_done()
    {
        var verdict = Meldcode.MayMark(5, [1, 3]);

        Assert.Contains("not yet done: 2, 4", verdict.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void The_meldcode_has_the_five_steps_of_the_reporting_code_in_order()
    {
        Assert.Equal([1, 2, 3, 4, 5], Meldcode.Steps.Select(s => s.Number));
        Assert.Equal(["map-signals", "consult", "talk-with-client", "weigh-risk", "decide"], Meldcode.Steps.Select(s => s.Code));
        Assert.Contains("Veilig Thuis", Meldcode.Step(2)!.Title, StringComparison.Ordinal);
        Assert.Contains("assessment framework", Meldcode.Step(4)!.Title, StringComparison.Ordinal);
        Assert.Contains("report to Veilig Thuis", Meldcode.Step(5)!.Title, StringComparison.Ordinal);
        Assert.Null(Meldcode.Step(0));
        Assert.Null(Meldcode.Step(6));
    }

    private static char Letter(Guid id) =>
        id == Minor1 ? 'a' : id == Minor2 ? 'b' : id == Parent1 ? 'p' : id == Parent2 ? 'q' : id == Subject ? 's' : '?';
}

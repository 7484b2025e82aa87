using Consent.Api.Domain;

namespace Consent.Tests;

/// <summary>
/// A decision judged on the day it is read (domain.md, "Consent"): whose declarations count
/// changes on the 12th and 16th birthdays, a parent counts only with custody, and the period and a
/// withdrawal end it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ConsentEvaluationTests
{
    private static readonly Guid Child = Guid.Parse("00000000-0000-0000-0000-00000000000c");
    private static readonly Guid Mother = Guid.Parse("00000000-0000-0000-0000-00000000000a");
    private static readonly Guid Father = Guid.Parse("00000000-0000-0000-0000-00000000000b");
    private static readonly DateOnly From = new(2026, 1, 1);

    private static Custody BothParentsCustodial(Guid member) => member == Mother || member == Father ? Custody.Custodial : Custody.NotCustodial;

    private static Judgement Judge(DateOnly birth, DateOnly on, Func<Guid, Custody>? custody = null, bool withdrawn = false, DateOnly? until = null, params StoredDeclaration[] declarations) =>
        ConsentEvaluation.Judge(withdrawn, From, until, birth, declarations, custody ?? BothParentsCustodial, on);

    private static StoredDeclaration ByParent(Guid parent) => new(parent, DeclarantKind.Parent);

    private static readonly StoredDeclaration ByChild = new(Child, DeclarantKind.Subject);

    [Fact]
    public void One_custodial_parent_suffices_for_an_8_year_old()
    {
        var judgement = Judge(new DateOnly(2018, 5, 1), new DateOnly(2026, 11, 23), declarations: ByParent(Mother));
        Assert.Equal(ConsentStates.Active, judgement.State);
        Assert.Equal([Mother], judgement.Counting);
        Assert.Equal(ConsentRules.Under12RuleId, judgement.RuleId);
    }

    [Fact]
    public void A_parent_without_custody_does_not_count()
    {
        var judgement = Judge(new DateOnly(2018, 5, 1), new DateOnly(2026, 11, 23), custody: m => m == Father ? Custody.NotCustodial : Custody.Custodial, declarations: ByParent(Father));
        Assert.Equal(ConsentStates.Awaiting, judgement.State);
        Assert.Equal([DeclarantKind.Parent], judgement.Missing);
        Assert.Empty(judgement.Counting);
    }

    [Fact]
    public void A_parent_whose_custody_became_disputed_no_longer_counts()
    {
        var judgement = Judge(new DateOnly(2018, 5, 1), new DateOnly(2026, 11, 23), custody: _ => Custody.Disputed, declarations: ByParent(Mother));
        Assert.Equal(ConsentStates.Awaiting, judgement.State);
    }

    [Theory]
    [InlineData(false, true, ConsentStates.Awaiting, DeclarantKind.Subject)] // the parent alone
    [InlineData(true, false, ConsentStates.Awaiting, DeclarantKind.Parent)] // the child alone
    public void A_14_year_old_needs_the_child_and_a_custodial_parent(bool child, bool parent, string state, DeclarantKind missing)
    {
        var declarations = new List<StoredDeclaration>();
        if (child)
        {
            declarations.Add(ByChild);
        }

        if (parent)
        {
            declarations.Add(ByParent(Mother));
        }

        var judgement = Judge(new DateOnly(2012, 4, 20), new DateOnly(2026, 11, 23), declarations: [.. declarations]);
        Assert.Equal(state, judgement.State);
        Assert.Equal([missing], judgement.Missing);
    }

    [Fact]
    public void A_14_year_old_with_both_declarations_is_active()
    {
        var judgement = Judge(new DateOnly(2012, 4, 20), new DateOnly(2026, 11, 23), declarations: [ByParent(Mother), ByChild]);
        Assert.Equal(ConsentStates.Active, judgement.State);
        Assert.Equal(ConsentRules.From12RuleId, judgement.RuleId);
    }

    [Fact]
    public void A_16_year_old_decides_alone_and_the_parents_declaration_is_neither_needed_nor_sufficient()
    {
        var birth = new DateOnly(2010, 8, 12);
        var today = new DateOnly(2026, 11, 23);
        Assert.Equal(ConsentStates.Active, Judge(birth, today, declarations: ByChild).State);
        var parentsOnly = Judge(birth, today, declarations: [ByParent(Mother), ByParent(Father)]);
        Assert.Equal(ConsentStates.Awaiting, parentsOnly.State);
        Assert.Equal([DeclarantKind.Subject], parentsOnly.Missing);
        Assert.Equal([Child], Judge(birth, today, declarations: [ByParent(Mother), ByChild]).Counting);
    }

    [Fact]
    public void A_parents_consent_for_an_11_year_old_stops_counting_on_the_12th_birthday()
    {
        var birth = new DateOnly(2014, 12, 5);
        Assert.Equal(ConsentStates.Active, Judge(birth, new DateOnly(2026, 12, 4), declarations: ByParent(Mother)).State);
        var onTheBirthday = Judge(birth, new DateOnly(2026, 12, 5), declarations: ByParent(Mother));
        Assert.Equal(ConsentStates.Awaiting, onTheBirthday.State);
        Assert.Equal([DeclarantKind.Subject], onTheBirthday.Missing);
        // The child declares too: it counts again.
        Assert.Equal(ConsentStates.Active, Judge(birth, new DateOnly(2026, 12, 5), declarations: [ByParent(Mother), ByChild]).State);
    }

    [Fact]
    public void On_the_16th_birthday_only_the_young_persons_own_declaration_counts()
    {
        var birth = new DateOnly(2010, 12, 5);
        Assert.Equal(ConsentStates.Awaiting, Judge(birth, new DateOnly(2026, 12, 4), declarations: ByChild).State);
        Assert.Equal(ConsentStates.Active, Judge(birth, new DateOnly(2026, 12, 4), declarations: [ByChild, ByParent(Mother)]).State);
        var onTheBirthday = Judge(birth, new DateOnly(2026, 12, 5), declarations: [ByChild, ByParent(Mother)]);
        Assert.Equal(ConsentStates.Active, onTheBirthday.State);
        Assert.Equal([Child], onTheBirthday.Counting);
        Assert.Equal(ConsentStates.Awaiting, Judge(birth, new DateOnly(2026, 12, 5), declarations: ByParent(Mother)).State);
    }

    [Fact]
    public void A_29_february_child_needs_their_own_declaration_from_their_12th_birthday()
    {
        // 12 years after a leap year is a leap year again: the 12th birthday is 29 February itself.
        var birth = new DateOnly(2016, 2, 29);
        Assert.Equal(ConsentStates.Active, Judge(birth, new DateOnly(2028, 2, 28), declarations: ByParent(Mother)).State);
        Assert.Equal(ConsentStates.Awaiting, Judge(birth, new DateOnly(2028, 2, 29), declarations: ByParent(Mother)).State);
    }

    [Theory]
    [InlineData(false, "2026-06-30", "2026-11-23", ConsentStates.Expired)]
    [InlineData(false, "2026-11-23", "2026-11-23", ConsentStates.Active)] // the last day still holds
    [InlineData(true, null, "2026-11-23", ConsentStates.Withdrawn)]
    [InlineData(false, null, "2025-12-31", ConsentStates.Scheduled)]
    public void The_period_and_a_withdrawal_end_a_decision(bool withdrawn, string? until, string on, string state)
    {
        var judgement = Judge(new DateOnly(1990, 1, 1), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), withdrawn: withdrawn,
            until: until is null ? null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture), declarations: ByChild);
        Assert.Equal(state, judgement.State);
        Assert.Empty(judgement.Missing);
    }

    [Theory]
    [InlineData("2014-12-23", "2026-11-23", "turns-12", "2026-12-23")] // 30 days ahead: warned
    [InlineData("2014-12-24", "2026-11-23", null, null)] // 31 days ahead: not yet
    [InlineData("2010-11-24", "2026-11-23", "turns-16", "2026-11-24")]
    [InlineData("2014-11-23", "2026-11-23", null, null)] // the birthday itself: the rule has changed, nothing to warn of
    [InlineData("2015-02-28", "2027-02-01", "turns-12", "2027-02-28")]
    public void A_birthday_that_changes_the_rule_is_announced_30_days_ahead(string birth, string today, string? kind, string? on)
    {
        var warning = ConsentEvaluation.UpcomingBirthday(
            DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(today, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(kind, warning?.Kind);
        Assert.Equal(on, warning?.On.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (warning is not null)
        {
            Assert.False(string.IsNullOrWhiteSpace(warning.Text.Nl));
            Assert.False(string.IsNullOrWhiteSpace(warning.Text.En));
        }
    }

    [Fact]
    public void A_29_february_birthday_falls_on_1_march_in_a_common_year()
    {
        var birth = new DateOnly(2016, 2, 29);
        Assert.Equal(new DateOnly(2027, 3, 1), Coordination.ServiceDefaults.AmsterdamTime.BirthdayAt(birth, 11));
        Assert.Equal(new DateOnly(2028, 2, 29), Coordination.ServiceDefaults.AmsterdamTime.BirthdayAt(birth, 12));
        Assert.Equal(new DateOnly(2034, 3, 1), Coordination.ServiceDefaults.AmsterdamTime.BirthdayAt(birth, 18));
    }
}

using Consent.Api.Domain;

namespace Consent.Tests;

/// <summary>
/// Who decides about sharing a client's data, by age on the Amsterdam date it is judged (domain.md,
/// "Consent"): each boundary pinned the day before and the day of the birthday.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ConsentRulesTests
{
    private static readonly Declaration Parent = new("member-parent", DeclarantKind.Parent);
    private static readonly Declaration Child = new("member-child", DeclarantKind.Subject);

    [Theory]
    [InlineData("2014-11-23", "2026-11-22", AgeBand.Under12)] // the day before the 12th birthday
    [InlineData("2014-11-23", "2026-11-23", AgeBand.From12To15)] // the 12th birthday
    [InlineData("2010-11-23", "2026-11-22", AgeBand.From12To15)] // the day before the 16th birthday
    [InlineData("2010-11-23", "2026-11-23", AgeBand.From16)] // the 16th birthday
    [InlineData("1990-06-02", "2026-11-23", AgeBand.From16)] // an adult
    public void The_age_band_changes_on_the_birthday_itself(string birth, string on, AgeBand band) =>
        Assert.Equal(band, ConsentRules.BandOn(DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2024-02-28", AgeBand.Under12)] // born 29 February 2012: the day before the 12th birthday
    [InlineData("2024-02-29", AgeBand.From12To15)] // the 12th birthday, in a leap year
    [InlineData("2028-02-28", AgeBand.From12To15)]
    [InlineData("2028-02-29", AgeBand.From16)] // the 16th birthday
    public void A_29_february_birthday_changes_the_band_on_the_day_itself(string on, AgeBand band) =>
        Assert.Equal(band, ConsentRules.BandOn(new DateOnly(2012, 2, 29), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Someone_born_on_29_february_is_a_year_older_on_1_march_in_a_year_without_it()
    {
        var birth = new DateOnly(2012, 2, 29);
        Assert.Equal(12, Coordination.ServiceDefaults.AmsterdamTime.AgeOn(birth, new DateOnly(2025, 2, 28)));
        Assert.Equal(13, Coordination.ServiceDefaults.AmsterdamTime.AgeOn(birth, new DateOnly(2025, 3, 1)));
        // 12 and 16 are multiples of four, so those birthdays fall on a 29 February until 2100, which is no leap year.
        Assert.Equal(AgeBand.From12To15, ConsentRules.BandOn(new DateOnly(2088, 2, 29), new DateOnly(2100, 3, 1)));
        Assert.Equal(AgeBand.Under12, ConsentRules.BandOn(new DateOnly(2088, 2, 29), new DateOnly(2100, 2, 28)));
    }

    [Fact]
    public void One_custodial_parent_suffices_for_an_8_year_old()
    {
        var birth = new DateOnly(2018, 5, 1);
        var on = new DateOnly(2026, 11, 23);
        Assert.True(ConsentRules.MayDeclare(DeclarantKind.Parent, Custody.Custodial, birth, on).Allowed);
        var check = ConsentRules.Check([Parent], birth, on);
        Assert.True(check.Counts);
        Assert.Equal(ConsentRules.Under12RuleId, check.RuleId);
    }

    [Fact]
    public void An_8_year_old_does_not_declare_for_themselves()
    {
        var decision = ConsentRules.MayDeclare(DeclarantKind.Subject, Custody.NotCustodial, new DateOnly(2018, 5, 1), new DateOnly(2026, 11, 23));
        Assert.False(decision.Allowed);
        Assert.Equal(ConsentRules.Under12RuleId, decision.RuleId);
    }

    [Theory]
    [InlineData(Custody.NotCustodial, "custody-required")]
    [InlineData(Custody.Disputed, "custody-disputed")]
    public void A_parent_without_custody_is_refused_naming_the_rule(Custody custody, string ruleId)
    {
        var decision = ConsentRules.MayDeclare(DeclarantKind.Parent, custody, new DateOnly(2018, 5, 1), new DateOnly(2026, 11, 23));
        Assert.False(decision.Allowed);
        Assert.Equal(ruleId, decision.RuleId);
    }

    [Fact]
    public void A_14_year_old_needs_the_child_and_a_custodial_parent_either_alone_is_awaiting()
    {
        var birth = new DateOnly(2012, 6, 1);
        var on = new DateOnly(2026, 11, 23);
        Assert.True(ConsentRules.MayDeclare(DeclarantKind.Subject, Custody.NotCustodial, birth, on).Allowed);
        Assert.True(ConsentRules.MayDeclare(DeclarantKind.Parent, Custody.Custodial, birth, on).Allowed);

        var parentOnly = ConsentRules.Check([Parent], birth, on);
        Assert.False(parentOnly.Counts);
        Assert.Equal([DeclarantKind.Subject], parentOnly.Missing);
        var childOnly = ConsentRules.Check([Child], birth, on);
        Assert.False(childOnly.Counts);
        Assert.Equal([DeclarantKind.Parent], childOnly.Missing);
        Assert.True(ConsentRules.Check([Child, Parent], birth, on).Counts);
    }

    [Fact]
    public void A_16_year_old_decides_alone_and_the_parents_declaration_is_neither_needed_nor_sufficient()
    {
        var birth = new DateOnly(2010, 1, 15);
        var on = new DateOnly(2026, 11, 23);
        Assert.True(ConsentRules.Check([Child], birth, on).Counts);
        Assert.False(ConsentRules.Check([Parent], birth, on).Counts);
        var parent = ConsentRules.MayDeclare(DeclarantKind.Parent, Custody.Custodial, birth, on);
        Assert.False(parent.Allowed);
        Assert.Equal(ConsentRules.From16RuleId, parent.RuleId);
    }

    [Fact]
    public void A_parents_consent_for_an_11_year_old_stops_counting_on_the_12th_birthday()
    {
        var birth = new DateOnly(2014, 11, 24);
        Assert.True(ConsentRules.Check([Parent], birth, new DateOnly(2026, 11, 23)).Counts);
        var onBirthday = ConsentRules.Check([Parent], birth, new DateOnly(2026, 11, 24));
        Assert.False(onBirthday.Counts);
        Assert.Equal([DeclarantKind.Subject], onBirthday.Missing);
        // From the 16th birthday only the young person's own declaration counts.
        Assert.True(ConsentRules.Check([Parent, Child], birth, new DateOnly(2030, 11, 23)).Counts);
        Assert.False(ConsentRules.Check([Parent], birth, new DateOnly(2030, 11, 24)).Counts);
        Assert.True(ConsentRules.Check([Child], birth, new DateOnly(2030, 11, 24)).Counts);
    }

    [Fact]
    public void A_child_who_turned_12_after_a_parent_declared_may_withdraw_and_a_parent_may_not_for_a_16_year_old()
    {
        var birth = new DateOnly(2014, 11, 23);
        Assert.False(ConsentRules.MayWithdraw(DeclarantKind.Subject, Custody.NotCustodial, birth, new DateOnly(2026, 11, 22)).Allowed);
        Assert.True(ConsentRules.MayWithdraw(DeclarantKind.Subject, Custody.NotCustodial, birth, new DateOnly(2026, 11, 23)).Allowed);
        Assert.True(ConsentRules.MayWithdraw(DeclarantKind.Parent, Custody.Custodial, birth, new DateOnly(2026, 11, 23)).Allowed);
        var parentOf16 = ConsentRules.MayWithdraw(DeclarantKind.Parent, Custody.Custodial, birth, new DateOnly(2030, 11, 23));
        Assert.False(parentOf16.Allowed);
        Assert.Equal(ConsentRules.From16RuleId, parentOf16.RuleId);
    }

    [Theory]
    [InlineData(new[] { true }, Custody.Custodial)]
    [InlineData(new[] { true, true }, Custody.Custodial)]
    [InlineData(new[] { false }, Custody.NotCustodial)]
    [InlineData(new bool[0], Custody.NotCustodial)]
    [InlineData(new[] { true, false }, Custody.Disputed)]
    public void Custody_is_what_the_referrals_state_and_a_disagreement_is_a_dispute(bool[] statements, Custody custody) =>
        Assert.Equal(custody, ConsentRules.CustodyFrom(statements.Select(s => (bool?)s)));

    [Theory]
    [InlineData("2014-11-23", "2026-11-22", Custody.Custodial, true)] // the day before the 12th birthday
    [InlineData("2014-11-23", "2026-11-23", Custody.Custodial, false)] // the 12th birthday: the child decides too
    [InlineData("2010-11-23", "2026-11-23", Custody.Custodial, false)] // 16: the young person alone
    [InlineData("2017-09-03", "2026-11-23", Custody.NotCustodial, false)] // a parent without custody
    [InlineData("2017-09-03", "2026-11-23", Custody.Disputed, false)] // referrals disagree on custody
    public void A_parent_sees_a_childs_part_without_consent_only_with_custody_and_only_under_12(string birth, string on, Custody custody, bool sees)
    {
        var decision = ConsentRules.ParentSees(custody, DateOnly.Parse(birth, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(sees, decision.Allowed);
        Assert.Equal(sees, decision.RuleId == ConsentRules.ParentalAuthorityRuleId);
    }
}

using FundingRoute.Api.Domain;
using Referral.Contracts;

namespace FundingRoute.Tests;

[Trait("Category", "Unit")]
public sealed class FundingRulesTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static FundingCase Case(DateOnly born, bool dsm = false, string? uzovi = "3311", string referrerType = "02") =>
        new(born, Today, "0344", uzovi, dsm, referrerType);

    [Fact]
    public void A_child_under_18_is_funded_by_the_municipality_of_residence_under_the_jeugdwet_in_category_54()
    {
        var decision = FundingRules.DecideFirstRoute(Case(new DateOnly(2011, 3, 14)));
        Assert.Equal("Jeugdwet", decision.Law);
        Assert.Equal("municipality", decision.FinancierType);
        Assert.Equal("0344", decision.FinancierCode);
        Assert.Equal("54", decision.ProductCategory);
        Assert.False(decision.DeductibleApplies);
        // The engine's rules, each with its article and the facts it used.
        Assert.Equal("jeugdwet-minor", decision.RuleId);
        Assert.Contains("Jeugdwet art. 1.1, jeugdige, sub 1°: A young person under 18 gets youth help from the municipality. (age 15)", decision.Rule, StringComparison.Ordinal);
        Assert.Contains("Jeugdwet art. 1.1, woonplaats, stap 1", decision.Rule, StringComparison.Ordinal);
        Assert.Contains("(brpMunicipality 0344)", decision.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void The_day_before_the_eighteenth_birthday_is_still_jeugdwet() =>
        Assert.Equal("Jeugdwet", FundingRules.DecideFirstRoute(Case(Today.AddYears(-18).AddDays(1), dsm: true)).Law);

    [Fact]
    public void On_the_eighteenth_birthday_with_a_suspected_disorder_it_is_zvw_and_the_deductible_from_the_first_of_the_next_month()
    {
        var decision = FundingRules.DecideFirstRoute(Case(Today.AddYears(-18), dsm: true));
        Assert.Equal("Zvw", decision.Law);
        Assert.Equal("insurer", decision.FinancierType);
        Assert.Equal("3311", decision.FinancierCode);
        Assert.Null(decision.ProductCategory);
        Assert.False(decision.DeductibleApplies);
        Assert.Equal("zvw-disorder-and-referral", decision.RuleId);
        Assert.Contains("(suspected) DSM-5 disorder and a valid referral", decision.Rule, StringComparison.Ordinal);
        Assert.Contains("deductibleFrom 2026-12-01", decision.Rule, StringComparison.Ordinal);
        Assert.True(FundingRules.DecideFirstRoute(Case(Today.AddYears(-18).AddMonths(-1), dsm: true)).DeductibleApplies);
    }

    [Fact]
    public void An_adult_without_a_suspected_disorder_has_no_route_and_the_rule_says_why()
    {
        var decision = FundingRules.DecideFirstRoute(Case(new DateOnly(1990, 6, 2)));
        Assert.Equal("None", decision.Law);
        Assert.Empty(decision.Paperwork);
        Assert.Equal("zvw-no-disorder", decision.RuleId);
        Assert.Contains("Without a (suspected) DSM-5 disorder and a valid referral the basic package pays no mental health care.", decision.Rule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("05")]
    public void A_direct_referral_by_gp_youth_doctor_or_specialist_asks_the_municipality_with_jw315(string referrerType) =>
        Assert.Contains("JW315", Assert.Single(FundingRules.DecideFirstRoute(Case(new DateOnly(2015, 1, 1), referrerType: referrerType)).Paperwork), StringComparison.Ordinal);

    [Fact]
    public void Without_a_direct_referral_youth_care_runs_through_the_municipalitys_decision() =>
        Assert.Contains("beschikking", Assert.Single(FundingRules.DecideFirstRoute(Case(new DateOnly(2015, 1, 1), referrerType: "06")).Paperwork), StringComparison.Ordinal);

    [Theory]
    [InlineData("2026-11-22T22:30:00Z", "Jeugdwet")] // 23:30 in Amsterdam: the day before the 18th birthday
    [InlineData("2026-11-22T23:30:00Z", "Zvw")] // 00:30 in Amsterdam: the birthday itself
    public void The_age_is_taken_on_the_amsterdam_date_the_referral_was_submitted(string submittedAt, string law)
    {
        var referral = new ReferralSubmittedForFunding(
            Guid.NewGuid(), Guid.NewGuid(), new FundingSubject("999900006", new DateOnly(2008, 11, 23), "0014", "3311"),
            "01012345", "02", "adult", HasSuspectedDsm: true, "basic",
            DateTimeOffset.Parse(submittedAt, System.Globalization.CultureInfo.InvariantCulture));

        var input = FundingCase.Of(referral);

        // However late the event is handled, the referral's own date decides.
        Assert.Equal(law, FundingRules.DecideFirstRoute(input).Law);
    }
}

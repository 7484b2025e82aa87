using FundingRoute.Api.Domain.Engine;
using static FundingRoute.Api.Domain.Engine.FundingRuleBook;

namespace FundingRoute.Tests;

/// <summary>
/// Every rule of the funding engine at its boundaries, on a fixed day (domain.md, "Funding route"):
/// each answer names the rules that decided it, in order, with the facts they used.
/// </summary>
[Trait("Category", "Unit")]
public sealed class FundingEngineTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly Residence Utrecht = new("0344");

    private static FundingFacts Facts(DateOnly born, HelpKind help, Residence? residence = null, string? uzovi = "3311", bool disorder = false, bool referral = false) =>
        new(born, Today, help, residence ?? Utrecht, uzovi, disorder, referral);

    private static string[] Ids(FundingAnswer answer) => answer.Rules.Select(r => r.Rule.Id).ToArray();

    private static string[] Laws(FundingAnswer answer) => answer.Options.Select(o => o.Law).ToArray();

    [Fact]
    public void At_17_years_and_364_days_mental_health_care_is_jeugdwet_from_the_brp_municipality_in_category_54()
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(2008, 11, 24), HelpKind.MentalHealthTreatment));
        Assert.Equal([Minor, WoonplaatsBrp], Ids(answer));
        Assert.Equal(("Jeugdwet", "municipality", "0344", "54", false), (answer.First!.Law, answer.First.FinancierType, answer.First.FinancierCode, answer.First.ProductCategory, answer.First.DeductibleApplies));
        Assert.Equal("17", answer.Rules[0].Facts["age"]);
        Assert.Contains("JW315", answer.First.Paperwork[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, new[] { GgzMovesToZvwAt18, ZvwDisorderAndReferral, ZvwDeductible }, "Zvw")]
    [InlineData(true, false, new[] { GgzMovesToZvwAt18, ZvwNoDisorder, Supplementary, SelfPay }, "Supplementary")]
    [InlineData(false, true, new[] { ZvwDisorderAndReferral, ZvwDeductible }, "Zvw")]
    public void On_the_18th_birthday_mental_health_care_moves_to_the_zvw_with_or_without_a_continuation_decision(bool continuation, bool disorder, string[] rules, string law)
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(2008, 11, 23), HelpKind.MentalHealthTreatment, disorder: disorder, referral: disorder) with
        {
            ContinuationFoundNecessaryBefore18 = continuation,
        });
        Assert.Equal(rules, Ids(answer));
        Assert.Equal(law, answer.First!.Law);
    }

    [Theory]
    [InlineData("2008-11-23", true, new[] { ContinuationTo23, WoonplaatsBrp }, "Jeugdwet")] // 18 today, continuation found necessary before
    [InlineData("2008-11-23", false, new[] { WmoSupport }, "Wmo")] // 18 today without it
    [InlineData("2003-11-24", true, new[] { ContinuationTo23, WoonplaatsBrp }, "Jeugdwet")] // 22 years and 364 days
    [InlineData("2003-11-23", true, new[] { YouthAgeLimit, WmoSupport }, "Wmo")] // the 23rd birthday
    public void Support_at_home_found_necessary_before_18_stays_jeugdwet_until_23(string born, bool continuation, string[] rules, string law)
    {
        var answer = FundingEngine.Decide(Facts(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), HelpKind.SupportAtHome) with
        {
            ContinuationFoundNecessaryBefore18 = continuation,
        });
        Assert.Equal(rules, Ids(answer));
        Assert.Equal(law, answer.First!.Law);
    }

    [Theory]
    [InlineData("2006-11-24", new[] { FosterCareTo21, WoonplaatsBrp }, "Jeugdwet")] // 20 years and 364 days, foster care begun at 17
    [InlineData("2005-11-23", new[] { YouthAgeLimit, WmoSupport }, "Wmo")] // the 21st birthday
    public void Foster_care_begun_at_17_stays_jeugdwet_until_21(string born, string[] rules, string law)
    {
        var answer = FundingEngine.Decide(Facts(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), HelpKind.FosterCare) with { FosterCareBegunBefore18 = true });
        Assert.Equal(rules, Ids(answer));
        Assert.Equal(law, answer.First!.Law);
    }

    [Fact]
    public void A_child_placed_with_a_provider_in_another_municipality_is_paid_by_the_municipality_of_the_address_before_the_stay()
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(2012, 4, 20), HelpKind.Residential, new Residence("0363", Stay: Stay.Provider, BrpMunicipalityBeforeStay: "0344")));
        Assert.Equal([Minor, WoonplaatsBeforeStay], Ids(answer));
        Assert.Equal("0344", answer.First!.FinancierCode);
        Assert.Equal("Provider", answer.Rules[1].Facts["stay"]);
    }

    [Theory]
    [InlineData(null, "0307", "0599", false, "0307", WoonplaatsMotherAtBirth)]
    [InlineData(null, null, "0599", false, "0599", WoonplaatsWhereChildIs)]
    [InlineData("0344", "0307", "0599", true, "0599", WoonplaatsAbroad)]
    public void Without_a_dutch_brp_address_the_mothers_municipality_at_birth_then_where_the_child_is_decides(
        string? brp, string? mother, string? whereTheChildIs, bool abroad, string expected, string rule)
    {
        var (municipality, rules) = Woonplaats.Decide(new Residence(brp, abroad, MotherMunicipalityAtBirth: mother, WhereTheChildIs: whereTheChildIs), Today);
        Assert.Equal((expected, rule), (municipality!, Assert.Single(rules).Rule.Id));
    }

    [Theory]
    [InlineData(200, false, "0344", MoveOldMunicipalityStays)] // within the year, not yet assigned by the new municipality
    [InlineData(364, false, "0344", MoveOldMunicipalityStays)]
    [InlineData(365, false, "0363", MoveNewMunicipality)] // a year after the move
    [InlineData(30, true, "0363", MoveNewMunicipality)] // the new municipality assigned
    public void After_a_move_during_non_residential_care_the_old_municipality_pays_until_the_new_one_assigns_for_at_most_a_year(int daysAgo, bool assigned, string expected, string rule)
    {
        var residence = new Residence("0363", PreviousMunicipality: "0344", MovedOn: Today.AddDays(-daysAgo), NewMunicipalityAssigned: assigned);
        var (municipality, rules) = Woonplaats.Decide(residence, Today);
        Assert.Equal(expected, municipality);
        Assert.Equal([WoonplaatsBrp, rule], rules.Select(r => r.Rule.Id));
    }

    [Fact]
    public void Relationship_therapy_for_an_adult_without_a_disorder_is_not_in_the_basic_package_supplementary_or_self_pay()
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(1991, 6, 2), HelpKind.FamilyTherapy));
        Assert.Equal([FamilyTherapistCannotBill, ZvwNoRelationshipTherapy, Supplementary, SelfPay], Ids(answer));
        Assert.Equal(["Supplementary", "SelfPay"], Laws(answer));
        Assert.Contains("2012", answer.Rules[1].Rule.Article, StringComparison.Ordinal);
        Assert.All(answer.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Rule.Nl) || string.IsNullOrWhiteSpace(r.Rule.En)));
    }

    [Theory]
    [InlineData(0, RelativesOneConsult)]
    [InlineData(1, RelativesGroupConsult)]
    public void Family_therapy_within_a_patients_treatment_is_zvw_one_consult_on_the_patient_unless_a_relative_has_their_own_referral(int relatives, string consult)
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(2008, 5, 6), HelpKind.FamilyTherapy, disorder: true, referral: true) with
        {
            WithinPatientTreatment = true, RelativesWithOwnReferral = relatives,
        });
        Assert.Equal([FamilyTherapistCannotBill, FamilyTherapyWithinTreatment, consult, ZvwDeductible], Ids(answer));
        Assert.Equal(("Zvw", "3311", true), (answer.First!.Law, answer.First.FinancierCode, answer.First.DeductibleApplies));
    }

    [Fact]
    public void Care_by_the_poh_ggz_is_gp_care_without_a_deductible()
    {
        var answer = FundingEngine.Decide(Facts(new DateOnly(1991, 6, 2), HelpKind.MentalHealthTreatment, disorder: true, referral: true) with { ByPoh = true });
        Assert.Equal([PohIsGpCare], Ids(answer));
        Assert.Equal(("Zvw", false), (answer.First!.Law, answer.First.DeductibleApplies));
    }

    [Theory]
    [InlineData("2008-11-23", "2026-11-30", false)] // 18 on 23 November: not before 1 December
    [InlineData("2008-11-23", "2026-12-01", true)]
    [InlineData("2008-12-01", "2027-01-01", true)] // 18 on the first of a month: from the first of the next
    [InlineData("2008-12-01", "2026-12-31", false)]
    public void The_deductible_applies_from_the_first_day_of_the_month_after_the_18th_birthday(string born, string on, bool applies)
    {
        var birth = DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture);
        var answer = FundingEngine.Decide(new FundingFacts(birth, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), HelpKind.MentalHealthTreatment, Utrecht, "3311", true, true));
        Assert.Equal(applies, answer.First!.DeductibleApplies);
    }

    [Fact]
    public void The_deductible_is_pro_rata_in_the_year_of_the_18th_birthday_and_its_amount_is_data_per_year()
    {
        Assert.Equal(new DateOnly(2026, 12, 1), Deductible.AppliesFrom(new DateOnly(2008, 11, 23)));
        Assert.Equal(32.08m, Deductible.For(new DateOnly(2008, 11, 23), 2026)); // one month of €385
        Assert.Equal(385m, Deductible.For(new DateOnly(1991, 6, 2), 2025));
        Assert.Equal(0m, Deductible.For(new DateOnly(2010, 1, 1), 2026));
        Assert.Null(Deductible.For(new DateOnly(1991, 6, 2), 2027)); // not yet set
        // Born on 29 February: eighteen on 1 March in a common year, the deductible from 1 April.
        Assert.Equal(new DateOnly(2026, 4, 1), Deductible.AppliesFrom(new DateOnly(2008, 2, 29)));
        Assert.Equal(288.75m, Deductible.For(new DateOnly(2008, 2, 29), 2026));
    }

    [Fact]
    public void Respite_for_a_carer_is_wmo_and_a_nursing_home_admission_is_wlz_with_a_ciz_indication()
    {
        var enschede = new Residence("0153");
        var respite = FundingEngine.Decide(Facts(new DateOnly(1961, 8, 30), HelpKind.RespiteCare, enschede));
        Assert.Equal([WmoSupport], Ids(respite));
        Assert.Equal(("Wmo", "0153"), (respite.First!.Law, respite.First.FinancierCode!));
        var without = FundingEngine.Decide(Facts(new DateOnly(1960, 5, 14), HelpKind.LongTermCare, enschede));
        Assert.Equal([WlzNeedsIndication], Ids(without));
        Assert.Equal("Wlz", without.First!.Law);
        Assert.Contains("CIZ", without.First.Paperwork[0], StringComparison.Ordinal);
        var with = FundingEngine.Decide(Facts(new DateOnly(1960, 5, 14), HelpKind.LongTermCare, enschede) with { CizIndication = true });
        Assert.Equal([WlzIndication], Ids(with));
    }

    [Fact]
    public void The_rule_book_names_each_rule_once_with_its_article_in_dutch_and_english()
    {
        Assert.Equal(FundingRuleBook.Rules.Count, FundingRuleBook.Rules.Select(r => r.Id).Distinct().Count());
        Assert.All(FundingRuleBook.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Article) || string.IsNullOrWhiteSpace(r.Nl) || string.IsNullOrWhiteSpace(r.En), r.Id));
    }
}

/// <summary>The what-if question's validation: each bad field named, nothing decided.</summary>
[Trait("Category", "Unit")]
public sealed class EvaluateRequestTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static FundingRoute.Api.Endpoints.EvaluateRequest Request(string? help = "family-therapy", DateOnly? born = null, FundingRoute.Api.Endpoints.ResidenceRequest? residence = null) =>
        new(born ?? new DateOnly(1991, 6, 2), null, help, residence ?? new FundingRoute.Api.Endpoints.ResidenceRequest("0344", null, null, null, null, null, null, null, null),
            "3311", null, null, null, null, null, null, null, null);

    [Fact]
    public void A_valid_question_gives_the_facts_judged_today()
    {
        var (facts, errors) = FundingRoute.Api.Endpoints.EvaluateEndpoints.Validate(Request(), Today);
        Assert.Empty(errors);
        Assert.Equal((HelpKind.FamilyTherapy, Today, "0344"), (facts!.Help, facts.On, facts.Residence.BrpMunicipality));
    }

    [Fact]
    public void Bad_fields_are_each_named()
    {
        var residence = new FundingRoute.Api.Endpoints.ResidenceRequest("344", null, "castle", null, null, null, "0363", Today.AddDays(1), null);
        var (facts, errors) = FundingRoute.Api.Endpoints.EvaluateEndpoints.Validate(Request("massage", Today.AddDays(1), residence), Today);
        Assert.Null(facts);
        Assert.Equal(["birthDate", "help", "residence.brpMunicipality", "residence.movedOn", "residence.stay"], errors.Keys.Order());
    }
}

/// <summary>From the plan's intervention to the engine's facts: whose care it is, what kind, within a treatment or not.</summary>
[Trait("Category", "Unit")]
public sealed class InterventionFactsTests
{
    private static readonly MemberFacts Sandra = new(Guid.NewGuid(), "999900006", new DateOnly(1991, 6, 2), "0344", "3311", SuspectedDisorder: true);
    private static readonly MemberFacts Mark = new(Guid.NewGuid(), "999900055", new DateOnly(1991, 2, 11), "0344", "3311", SuspectedDisorder: false);

    private static FamilyPlan.Contracts.InterventionChanged Planned(Guid? member, Guid[] participants, string kind, string role) =>
        new(Guid.NewGuid(), Guid.NewGuid(), member, participants, kind, role, null, null, new DateOnly(2026, 12, 1), null, 6, "planned", DateTimeOffset.UtcNow, 1);

    [Fact]
    public void A_family_intervention_is_decided_for_the_participant_in_treatment_and_is_not_part_of_a_treatment()
    {
        var (facts, undecided) = InterventionFacts.Of(Planned(null, [Mark.MemberId, Sandra.MemberId], "family-therapy", "family-therapist"), [Mark, Sandra]);
        Assert.Null(undecided);
        Assert.Equal((Sandra.BirthDate, HelpKind.FamilyTherapy, false, 1), (facts!.BirthDate, facts.Help, facts.WithinPatientTreatment, facts.RelativesWithOwnReferral));
    }

    [Fact]
    public void Family_therapy_planned_for_a_patient_by_who_treats_them_is_part_of_the_treatment_and_poh_care_is_gp_care()
    {
        Assert.True(InterventionFacts.Of(Planned(Sandra.MemberId, [Sandra.MemberId], "family-therapy", "clinician"), [Sandra]).Facts!.WithinPatientTreatment);
        Assert.True(InterventionFacts.Of(Planned(Sandra.MemberId, [Sandra.MemberId], "individual-treatment", "poh"), [Sandra]).Facts!.ByPoh);
    }

    [Fact]
    public void Help_other_than_GGZ_begun_before_18_was_found_necessary_before_18_and_is_judged_on_the_later_of_its_start_and_the_day_asked()
    {
        var filip = new MemberFacts(Guid.NewGuid(), "999900031", new DateOnly(2008, 12, 10), "0935", null, SuspectedDisorder: false);
        var support = Planned(filip.MemberId, [filip.MemberId], "support-at-home", "stw") with { StartOn = new DateOnly(2026, 6, 1) };
        Assert.True(InterventionFacts.Of(support, [filip]).Facts!.ContinuationFoundNecessaryBefore18);
        Assert.False(InterventionFacts.Of(support with { StartOn = new DateOnly(2026, 12, 10) }, [filip]).Facts!.ContinuationFoundNecessaryBefore18);
        Assert.False(InterventionFacts.Of(support with { Kind = "individual-treatment" }, [filip]).Facts!.ContinuationFoundNecessaryBefore18);
        Assert.Equal(new DateOnly(2026, 12, 10), InterventionFacts.Of(support, [filip], new DateOnly(2026, 12, 10)).Facts!.On);
        Assert.Equal(new DateOnly(2026, 6, 1), InterventionFacts.Of(support, [filip], new DateOnly(2026, 5, 1)).Facts!.On);
    }

    [Fact]
    public void A_move_counts_for_help_begun_before_it_and_not_for_help_begun_after()
    {
        var noor = new MemberFacts(Guid.NewGuid(), "999900043", new DateOnly(2012, 3, 1), "0363", null, SuspectedDisorder: false,
            PreviousMunicipality: "0344", MovedOn: new DateOnly(2026, 11, 23));
        var before = Planned(noor.MemberId, [noor.MemberId], "support-at-home", "stw") with { StartOn = new DateOnly(2026, 10, 1) };
        var during = InterventionFacts.Of(before, [noor], new DateOnly(2026, 11, 23)).Facts!;
        Assert.Equal(("0363", "0344", new DateOnly(2026, 11, 23)), (during.Residence.BrpMunicipality, during.Residence.PreviousMunicipality, during.Residence.MovedOn));
        Assert.Equal("0344", FundingEngine.Decide(during).First!.FinancierCode);
        var assigned = InterventionFacts.Of(before, [noor with { NewMunicipalityAssigned = true }], new DateOnly(2026, 11, 23)).Facts!;
        Assert.Equal("0363", FundingEngine.Decide(assigned).First!.FinancierCode);
        var begunAfter = InterventionFacts.Of(before with { StartOn = new DateOnly(2026, 11, 24) }, [noor]).Facts!;
        Assert.Null(begunAfter.Residence.PreviousMunicipality);
        Assert.Equal("0363", FundingEngine.Decide(begunAfter).First!.FinancierCode);
    }

    [Fact]
    public void A_member_without_a_referral_on_record_or_help_of_no_known_kind_is_not_decided_and_says_why()
    {
        Assert.Equal(FundingRuleBook.MemberUnknown, InterventionFacts.Of(Planned(Guid.NewGuid(), [], "individual-treatment", "clinician"), [Sandra]).Undecided!.Rule.Id);
        Assert.Equal(FundingRuleBook.HelpNotClassified, InterventionFacts.Of(Planned(Sandra.MemberId, [Sandra.MemberId], "other", "clinician"), [Sandra]).Undecided!.Rule.Id);
    }
}

/// <summary>The cost–benefit table of family therapy (domain.md): the study's figures hold together, and the break-even chance follows from them.</summary>
[Trait("Category", "Unit")]
public sealed class CostBenefitTests
{
    [Theory]
    [InlineData("family-with-young-children", 0.150)]
    [InlineData("mother-and-daughter", 0.255)]
    [InlineData("older-couple", 0.159)]
    public void The_net_is_the_expected_avoided_cost_less_the_cost_and_breaks_even_at_cost_over_avoided_cost(string caseType, double breakEven)
    {
        var row = CostBenefit.Cases.Single(c => c.CaseType == caseType);
        Assert.Equal(row.ExpectedAvoidedCost - row.AverageCost, row.Net);
        // The study rounds: the expected avoided cost is the chance times the avoided cost within a few euros.
        Assert.InRange(Math.Abs(row.SuccessChance * row.AvoidedCostAtFullSuccess - row.ExpectedAvoidedCost), 0m, 5m);
        Assert.Equal((decimal)breakEven, row.BreakEvenSuccessChance);
        Assert.True(row.SuccessChance > row.BreakEvenSuccessChance);
    }

    [Theory]
    [InlineData(60, new[] { 59 }, "older-couple")] // the member it is for is 60: the older couple
    [InlineData(59, new[] { 60, 17 }, "family-with-young-children")] // under 60, a member under 18 on record
    [InlineData(59, new[] { 60, 18 }, "mother-and-daughter")] // all adults: a parent and an adult child
    [InlineData(35, new int[0], "mother-and-daughter")] // nobody else on record
    public void A_family_therapy_counts_under_the_case_closest_to_the_family_on_record(int subjectAge, int[] familyAges, string caseType) =>
        Assert.Equal(caseType, CostBenefit.ClosestCase(subjectAge, familyAges).CaseType);
}

/// <summary>The 18-/18+ transition (issue 10, scenario 5 step 3): due from 90 days before the 18th birthday, with what continues and under which law.</summary>
[Trait("Category", "Unit")]
public sealed class AgeTransitionTests
{
    private static readonly DateOnly Filip = new(2008, 12, 10); // 18 on 10 December 2026

    [Theory]
    [InlineData("2026-09-10", false)] // 91 days before
    [InlineData("2026-09-11", true)] // 90 days before: the task is due
    [InlineData("2026-12-10", true)] // the birthday itself
    [InlineData("2026-12-11", false)] // after it the adult rules decide
    public void The_transition_task_is_due_from_90_days_before_the_18th_birthday_until_the_birthday(string on, bool due) =>
        Assert.Equal(due, AgeTransition.Due(Filip, DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), HelpKind.MentalHealthTreatment, false) is not null);

    [Fact]
    public void Mental_health_care_moves_to_the_zvw_with_stop_reason_31_and_support_found_necessary_before_18_continues_under_the_jeugdwet()
    {
        var on = new DateOnly(2026, 11, 23);
        var ggz = AgeTransition.Due(Filip, on, HelpKind.MentalHealthTreatment, continuationFoundNecessary: true)!;
        Assert.Equal(("Zvw", false, "31", new DateOnly(2026, 12, 10)), (ggz.Law, ggz.Continues, ggz.StopReason, ggz.BirthdayOn));
        Assert.Equal(FundingRuleBook.TransitionAt18, ggz.Rule.Rule.Id);
        var support = AgeTransition.Due(Filip, on, HelpKind.SupportAtHome, continuationFoundNecessary: true)!;
        Assert.Equal(("Jeugdwet", true, (string?)null), (support.Law, support.Continues, support.StopReason));
        var withoutDecision = AgeTransition.Due(Filip, on, HelpKind.SupportAtHome, continuationFoundNecessary: false)!;
        Assert.Equal(("Wmo", false, "31"), (withoutDecision.Law, withoutDecision.Continues, withoutDecision.StopReason));
    }

    [Fact]
    public void Who_takes_over_is_the_engines_answer_on_the_birthday_and_adult_GGZ_without_a_disorder_on_record_needs_a_new_referral()
    {
        var on = new DateOnly(2026, 11, 23);
        var youth = new FundingFacts(Filip, new DateOnly(2026, 1, 5), HelpKind.MentalHealthTreatment, new Residence("0935"), ValidReferral: true);
        var withoutDisorder = AgeTransition.Prepare(youth, on)!;
        Assert.True(withoutDisorder.NewReferralNeeded);
        Assert.Null(withoutDisorder.TakesOver);
        var withDisorder = AgeTransition.Prepare(youth with { SuspectedDisorder = true, Uzovi = "3311" }, on)!;
        Assert.False(withDisorder.NewReferralNeeded);
        // The insurer takes over on the birthday; the deductible only from the first day of the next month.
        Assert.Equal(("Zvw", "3311", false), (withDisorder.TakesOver!.Law, withDisorder.TakesOver.FinancierCode, withDisorder.TakesOver.DeductibleApplies));
        var support = AgeTransition.Prepare(youth with { Help = HelpKind.SupportAtHome, ContinuationFoundNecessaryBefore18 = true }, on)!;
        Assert.Equal(("Jeugdwet", "0935", false), (support.TakesOver!.Law, support.TakesOver.FinancierCode, support.NewReferralNeeded));
        Assert.Null(AgeTransition.Prepare(youth, new DateOnly(2026, 9, 10)));
    }
}

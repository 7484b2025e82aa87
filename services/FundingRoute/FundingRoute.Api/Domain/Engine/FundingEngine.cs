using System.Globalization;
using Coordination.ServiceDefaults;

namespace FundingRoute.Api.Domain.Engine;

/// <summary>
/// Decides who pays for one kind of help for one member on one day, and why (domain.md, "Funding
/// route"): the options in order of preference and every rule of <see cref="FundingRuleBook"/>
/// that decided, with the facts it used. Pure: no clock, no I/O.
/// </summary>
public static class FundingEngine
{
    public const string Jeugdwet = FundingRules.Jeugdwet;
    public const string Zvw = FundingRules.Zvw;
    public const string Supplementary = "Supplementary";
    public const string Wmo = FundingRules.Wmo;
    public const string Wlz = "Wlz";
    public const string SelfPay = "SelfPay";

    /// <summary>iJw product category 54: jeugd-ggz.</summary>
    public const string YouthMentalHealthCategory = FundingRules.YouthMentalHealthCategory;

    private const string Jw315 = "iJw JW315 request for assignment (provider to municipality): JW316 within 3 working days, JW301 or JW319 within 5 (2 weeks when another municipality is responsible)";
    private const string ZvwReferral = "GP referral stating the suspected DSM-5 disorder, dated before the first consult";
    private const string ZvwDeclaration = "Declaration to the insurer under the Zorgprestatiemodel";
    private const string SelfPayQuote = "A quote to the client: €80–200 per session of 60–90 minutes";
    private const string SupplementaryClaim = "A claim on the supplementary policy, if it covers family or relationship therapy";
    private const string WmoRequest = "A request (melding) to the municipality's Wmo desk, then its assessment";
    private const string CizRequest = "An application for a Wlz indication to the CIZ";
    private const string WlzCare = "Care through the Wlz care office (zorgkantoor) under the CIZ indication";

    public static FundingAnswer Decide(FundingFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var age = AmsterdamTime.AgeOn(facts.BirthDate, facts.On);
        var rules = new List<AppliedRule>();
        var ageFact = ("age", (string?)age.ToString(CultureInfo.InvariantCulture));

        if (facts.Help == HelpKind.LongTermCare)
        {
            return LongTermCare(facts, rules);
        }

        if (age < 18)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.Minor, ageFact));
            return Youth(facts, rules, mentalHealth: facts.Help is HelpKind.MentalHealthTreatment or HelpKind.FamilyTherapy);
        }

        if (facts.Help == HelpKind.FosterCare && facts.FosterCareBegunBefore18 && age < 21)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.FosterCareTo21, ageFact, ("fosterCareBegunBefore18", "yes")));
            return Youth(facts, rules, mentalHealth: false);
        }

        if (facts.ContinuationFoundNecessaryBefore18 && age < 23)
        {
            if (facts.Help is HelpKind.MentalHealthTreatment or HelpKind.FamilyTherapy)
            {
                // GGZ treatment is what the Zvw provides from 18: the adult rules decide.
                rules.Add(FundingRuleBook.Cite(FundingRuleBook.GgzMovesToZvwAt18, ageFact, ("help", facts.Help.ToString())));
            }
            else
            {
                rules.Add(FundingRuleBook.Cite(FundingRuleBook.ContinuationTo23, ageFact, ("continuationFoundNecessaryBefore18", "yes"), ("help", facts.Help.ToString())));
                return Youth(facts, rules, mentalHealth: false);
            }
        }
        else if (facts.FosterCareBegunBefore18 || facts.ContinuationFoundNecessaryBefore18)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.YouthAgeLimit, ageFact));
        }

        return facts.Help switch
        {
            HelpKind.MentalHealthTreatment => Treatment(facts, rules),
            HelpKind.FamilyTherapy => FamilyTherapy(facts, rules),
            _ => Support(facts, rules),
        };
    }

    private static FundingAnswer Youth(FundingFacts facts, List<AppliedRule> rules, bool mentalHealth)
    {
        var (municipality, woonplaats) = Woonplaats.Decide(facts.Residence, facts.On);
        rules.AddRange(woonplaats);
        return new FundingAnswer([new FundingChoice(Jeugdwet, FundingRules.Municipality, municipality, mentalHealth ? YouthMentalHealthCategory : null, false, [Jw315])], rules);
    }

    private static FundingAnswer Treatment(FundingFacts facts, List<AppliedRule> rules)
    {
        if (facts.ByPoh)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.PohIsGpCare, ("byPoh", "yes")));
            return new FundingAnswer([new FundingChoice(Zvw, FundingRules.Insurer, facts.Uzovi, null, false, ["GP care: the practice bills the POH-GGZ consult"])], rules);
        }

        if (Covered(facts))
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.ZvwDisorderAndReferral, ("suspectedDisorder", "yes"), ("validReferral", "yes"), ("uzovi", facts.Uzovi)));
            return new FundingAnswer([ZvwChoice(facts, rules)], rules);
        }

        rules.Add(FundingRuleBook.Cite(FundingRuleBook.ZvwNoDisorder, ("suspectedDisorder", YesNo(facts.SuspectedDisorder)), ("validReferral", YesNo(facts.ValidReferral))));
        return NotInBasicPackage(facts, rules);
    }

    private static FundingAnswer FamilyTherapy(FundingFacts facts, List<AppliedRule> rules)
    {
        rules.Add(FundingRuleBook.Cite(FundingRuleBook.FamilyTherapistCannotBill));
        if (facts.WithinPatientTreatment && Covered(facts))
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.FamilyTherapyWithinTreatment, ("withinPatientTreatment", "yes"), ("suspectedDisorder", "yes"), ("validReferral", "yes")));
            rules.Add(facts.RelativesWithOwnReferral > 0
                ? FundingRuleBook.Cite(FundingRuleBook.RelativesGroupConsult, ("relativesWithOwnReferral", facts.RelativesWithOwnReferral.ToString(CultureInfo.InvariantCulture)))
                : FundingRuleBook.Cite(FundingRuleBook.RelativesOneConsult, ("relativesWithOwnReferral", "0")));
            return new FundingAnswer([ZvwChoice(facts, rules)], rules);
        }

        rules.Add(FundingRuleBook.Cite(FundingRuleBook.ZvwNoRelationshipTherapy, ("withinPatientTreatment", YesNo(facts.WithinPatientTreatment)), ("suspectedDisorder", YesNo(facts.SuspectedDisorder))));
        return NotInBasicPackage(facts, rules);
    }

    private static FundingAnswer Support(FundingFacts facts, List<AppliedRule> rules)
    {
        rules.Add(FundingRuleBook.Cite(FundingRuleBook.WmoSupport, ("help", facts.Help.ToString()), ("brpMunicipality", facts.Residence.BrpMunicipality)));
        return new FundingAnswer([new FundingChoice(Wmo, FundingRules.Municipality, facts.Residence.BrpMunicipality, null, false, [WmoRequest])], rules);
    }

    private static FundingAnswer LongTermCare(FundingFacts facts, List<AppliedRule> rules)
    {
        if (facts.CizIndication)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WlzIndication, ("cizIndication", "yes")));
            return new FundingAnswer([new FundingChoice(Wlz, "care-office", null, null, false, [WlzCare])], rules);
        }

        rules.Add(FundingRuleBook.Cite(FundingRuleBook.WlzNeedsIndication, ("cizIndication", "no")));
        return new FundingAnswer([new FundingChoice(Wlz, "care-office", null, null, false, [CizRequest])], rules);
    }

    /// <summary>Where the basic package does not pay: supplementary insurance when an insurer is known, else or then self-pay.</summary>
    private static FundingAnswer NotInBasicPackage(FundingFacts facts, List<AppliedRule> rules)
    {
        var options = new List<FundingChoice>();
        if (facts.Uzovi is not null)
        {
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.Supplementary, ("uzovi", facts.Uzovi)));
            options.Add(new FundingChoice(Supplementary, FundingRules.Insurer, facts.Uzovi, null, false, [SupplementaryClaim]));
        }

        rules.Add(FundingRuleBook.Cite(FundingRuleBook.SelfPay));
        options.Add(new FundingChoice(SelfPay, "client", null, null, false, [SelfPayQuote]));
        return new FundingAnswer(options, rules);
    }

    private static FundingChoice ZvwChoice(FundingFacts facts, List<AppliedRule> rules)
    {
        var applies = facts.On >= Deductible.AppliesFrom(facts.BirthDate);
        rules.Add(new AppliedRule(FundingRuleBook.Get(FundingRuleBook.ZvwDeductible), Deductible.Facts(facts.BirthDate, facts.On)));
        return new FundingChoice(Zvw, FundingRules.Insurer, facts.Uzovi, null, applies, [ZvwReferral, ZvwDeclaration]);
    }

    private static bool Covered(FundingFacts facts) => facts.SuspectedDisorder && facts.ValidReferral && facts.Uzovi is not null;

    private static string YesNo(bool value) => value ? "yes" : "no";
}

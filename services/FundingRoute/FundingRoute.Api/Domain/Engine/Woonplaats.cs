using System.Globalization;

namespace FundingRoute.Api.Domain.Engine;

/// <summary>
/// Which municipality is responsible for a young person (the woonplaatsbeginsel, Jeugdwet art. 1.1),
/// in its four steps, and after a move during non-residential help. Pure.
/// </summary>
public static class Woonplaats
{
    /// <summary>How long the old municipality stays responsible after a move, at most.</summary>
    public const int MoveGraceDays = 365;

    /// <summary>The responsible municipality, or null when none can be named; with the rules that decided.</summary>
    public static (string? Municipality, IReadOnlyList<AppliedRule> Rules) Decide(Residence residence, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(residence);
        var rules = new List<AppliedRule>();
        string? municipality;
        if (residence.Abroad)
        {
            municipality = residence.WhereTheChildIs;
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WoonplaatsAbroad, ("whereTheChildIs", municipality)));
        }
        else if (residence.Stay != Stay.Home && residence.BrpMunicipalityBeforeStay is { } before)
        {
            municipality = before;
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WoonplaatsBeforeStay, ("stay", residence.Stay.ToString()), ("brpMunicipalityBeforeStay", before)));
        }
        else if (residence.Stay == Stay.Home && residence.BrpMunicipality is { } brp)
        {
            municipality = brp;
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WoonplaatsBrp, ("brpMunicipality", brp)));
        }
        else if (residence.MotherMunicipalityAtBirth is { } mothers)
        {
            municipality = mothers;
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WoonplaatsMotherAtBirth, ("motherMunicipalityAtBirth", mothers)));
        }
        else
        {
            municipality = residence.WhereTheChildIs;
            rules.Add(FundingRuleBook.Cite(FundingRuleBook.WoonplaatsWhereChildIs, ("whereTheChildIs", municipality)));
        }

        // A move during non-residential help: the old municipality keeps paying until the new one assigns, at most a year.
        if (residence.Stay == Stay.Home && residence.PreviousMunicipality is { } previous && residence.MovedOn is { } moved && previous != municipality)
        {
            var days = on.DayNumber - moved.DayNumber;
            var facts = new[] { ("previousMunicipality", (string?)previous), ("movedOn", moved.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("daysSinceMove", days.ToString(CultureInfo.InvariantCulture)), ("newMunicipalityAssigned", residence.NewMunicipalityAssigned ? "yes" : "no") };
            if (!residence.NewMunicipalityAssigned && days < MoveGraceDays)
            {
                municipality = previous;
                rules.Add(FundingRuleBook.Cite(FundingRuleBook.MoveOldMunicipalityStays, facts));
            }
            else
            {
                rules.Add(FundingRuleBook.Cite(FundingRuleBook.MoveNewMunicipality, facts));
            }
        }

        return (municipality, rules);
    }
}

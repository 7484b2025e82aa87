namespace FundingRoute.Api.Domain.Engine;

/// <summary>The kinds of help the engine decides on.</summary>
public enum HelpKind
{
    /// <summary>Mental health treatment of the member themselves (individual or group).</summary>
    MentalHealthTreatment,

    /// <summary>Family or relationship therapy.</summary>
    FamilyTherapy,

    /// <summary>Supervision or support at home.</summary>
    SupportAtHome,

    /// <summary>Respite for a carer.</summary>
    RespiteCare,

    /// <summary>Foster care.</summary>
    FosterCare,

    /// <summary>A residential place (not foster care).</summary>
    Residential,

    /// <summary>A nursing-home admission or other long-term care.</summary>
    LongTermCare,
}

/// <summary>Where a young person stays, for step 2 of the woonplaatsbeginsel.</summary>
public enum Stay
{
    /// <summary>At home.</summary>
    Home,

    /// <summary>With a youth-care provider.</summary>
    Provider,

    /// <summary>With foster parents.</summary>
    FosterParents,

    /// <summary>In Wlz care.</summary>
    Wlz,

    /// <summary>In youth detention.</summary>
    YouthDetention,
}

/// <summary>Where a young person lives, as the woonplaatsbeginsel needs it.</summary>
/// <param name="BrpMunicipality">The municipality of the BRP home address; null when there is none.</param>
/// <param name="Abroad">Whether the BRP address is abroad.</param>
/// <param name="Stay">Where they stay now.</param>
/// <param name="BrpMunicipalityBeforeStay">For a stay away from home: the BRP municipality just before it.</param>
/// <param name="MotherMunicipalityAtBirth">Where the mother lived at the birth, if known.</param>
/// <param name="WhereTheChildIs">The municipality where the young person actually is.</param>
/// <param name="PreviousMunicipality">After a move during non-residential help: the municipality before the move.</param>
/// <param name="MovedOn">The day of that move.</param>
/// <param name="NewMunicipalityAssigned">Whether the new municipality has assigned help since.</param>
public sealed record Residence(
    string? BrpMunicipality,
    bool Abroad = false,
    Stay Stay = Stay.Home,
    string? BrpMunicipalityBeforeStay = null,
    string? MotherMunicipalityAtBirth = null,
    string? WhereTheChildIs = null,
    string? PreviousMunicipality = null,
    DateOnly? MovedOn = null,
    bool NewMunicipalityAssigned = false);

/// <summary>What one funding decision looks at: one kind of help for one member, on one day.</summary>
/// <param name="BirthDate">The member's birth date.</param>
/// <param name="On">The Amsterdam date the help is judged on.</param>
/// <param name="Help">The kind of help.</param>
/// <param name="Residence">Where the member lives.</param>
/// <param name="Uzovi">The member's health insurer, if known.</param>
/// <param name="SuspectedDisorder">Whether a (suspected) DSM-5 disorder of the member is on record.</param>
/// <param name="ValidReferral">Whether a valid referral for the member is on record.</param>
/// <param name="ByPoh">Whether the POH-GGZ gives the help (GP care).</param>
/// <param name="FosterCareBegunBefore18">Whether foster care began before the 18th birthday.</param>
/// <param name="ContinuationFoundNecessaryBefore18">Whether continued youth help was found necessary before the 18th birthday.</param>
/// <param name="WithinPatientTreatment">For family therapy: whether it is part of a patient's treatment where family problems hinder it.</param>
/// <param name="RelativesWithOwnReferral">For family sessions: how many relatives taking part have their own care need and referral.</param>
/// <param name="CizIndication">Whether the CIZ has given a Wlz indication.</param>
public sealed record FundingFacts(
    DateOnly BirthDate,
    DateOnly On,
    HelpKind Help,
    Residence Residence,
    string? Uzovi = null,
    bool SuspectedDisorder = false,
    bool ValidReferral = false,
    bool ByPoh = false,
    bool FosterCareBegunBefore18 = false,
    bool ContinuationFoundNecessaryBefore18 = false,
    bool WithinPatientTreatment = false,
    int RelativesWithOwnReferral = 0,
    bool CizIndication = false);

/// <summary>One way the help can be paid for.</summary>
/// <param name="Law">Jeugdwet, Zvw, Supplementary, Wmo, Wlz or SelfPay.</param>
/// <param name="FinancierType">municipality, insurer, client or none.</param>
/// <param name="FinancierCode">CBS municipality code or UZOVI code, when known.</param>
/// <param name="ProductCategory">iJw product category (54 = jeugd-ggz), where one applies.</param>
/// <param name="DeductibleApplies">Whether the Zvw deductible applies.</param>
/// <param name="Paperwork">The messages and documents this option needs.</param>
public sealed record FundingChoice(string Law, string FinancierType, string? FinancierCode, string? ProductCategory, bool DeductibleApplies, IReadOnlyList<string> Paperwork);

/// <summary>A rule that decided, with the facts it used.</summary>
public sealed record AppliedRule(FundingRuleText Rule, IReadOnlyDictionary<string, string> Facts);

/// <summary>The answer: the options in order of preference (empty when nobody pays) and every rule that decided, in order.</summary>
public sealed record FundingAnswer(IReadOnlyList<FundingChoice> Options, IReadOnlyList<AppliedRule> Rules)
{
    /// <summary>The preferred option, if any.</summary>
    public FundingChoice? First => Options.Count > 0 ? Options[0] : null;
}

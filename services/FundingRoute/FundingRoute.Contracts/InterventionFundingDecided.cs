namespace FundingRoute.Contracts;

/// <summary>
/// The funding route service decided who pays for one intervention of the family plan, and why:
/// the options in order of preference, each rule that decided with its article. Carries no
/// clinical content. The family plan shows it beside the intervention.
/// </summary>
/// <param name="InterventionId">The intervention (<c>InterventionChanged</c>).</param>
/// <param name="FamilyId">The family.</param>
/// <param name="Options">Who may pay, first the preferred: a law and financier each; empty when none does.</param>
/// <param name="Rules">The rules that decided, in the order they were applied.</param>
/// <param name="Paperwork">The messages and documents the first option needs.</param>
/// <param name="DecidedAt">When it was decided (UTC).</param>
/// <param name="Version">The decision's version for this intervention, from 1: a subscriber keeps the highest it has seen.</param>
/// <param name="Transition">For youth care of a member turning 18 within 90 days (up to the birthday): the transition to prepare.</param>
public sealed record InterventionFundingDecided(
    Guid InterventionId,
    Guid FamilyId,
    IReadOnlyList<FundingOption> Options,
    IReadOnlyList<FundingRuleCitation> Rules,
    IReadOnlyList<string> Paperwork,
    DateTimeOffset DecidedAt,
    int Version,
    FundingTransition? Transition = null);

/// <summary>
/// The 18-/18+ transition of youth care, as a task for the team: from 90 days before the 18th
/// birthday, what continues and who takes over on the birthday.
/// </summary>
/// <param name="BirthdayOn">The 18th birthday.</param>
/// <param name="DueFrom">The first day the transition is due: 90 days before.</param>
/// <param name="Continues">Whether the help continues under the Jeugdwet (help found necessary before 18 that no other law gives, to 23).</param>
/// <param name="Law">The law that pays from the birthday, when one does.</param>
/// <param name="FinancierType">Who takes over: municipality, insurer, care-office; null when nobody pays yet.</param>
/// <param name="FinancierCode">Its CBS municipality or UZOVI code, when known.</param>
/// <param name="StopReason">For a youth route that ends: the iJw stop reason (31, ended as planned).</param>
/// <param name="NewReferralNeeded">Whether adult care needs a new referral: no suspected disorder or valid referral is on record.</param>
/// <param name="Rule">The rule of the transition, cited.</param>
public sealed record FundingTransition(
    DateOnly BirthdayOn,
    DateOnly DueFrom,
    bool Continues,
    string? Law,
    string? FinancierType,
    string? FinancierCode,
    string? StopReason,
    bool NewReferralNeeded,
    FundingRuleCitation Rule);

/// <summary>One way an intervention can be paid for.</summary>
/// <param name="Law">Jeugdwet, Zvw, Supplementary, Wmo, Wlz or SelfPay.</param>
/// <param name="FinancierType">municipality, insurer, client or none.</param>
/// <param name="FinancierCode">CBS municipality code or UZOVI code, when known.</param>
/// <param name="ProductCategory">iJw product category (54 = jeugd-ggz), where one applies.</param>
/// <param name="DeductibleApplies">Whether the Zvw deductible (eigen risico) applies.</param>
public sealed record FundingOption(string Law, string FinancierType, string? FinancierCode, string? ProductCategory, bool DeductibleApplies);

/// <summary>A rule that decided, cited: its id, the law and article, and why in Dutch and in English.</summary>
public sealed record FundingRuleCitation(string RuleId, string Article, string ExplanationNl, string ExplanationEn);

namespace FundingRoute.Contracts;

/// <summary>
/// The funding route service decided who pays for a referred person's care, and why. Carries no
/// clinical content: financiers may see it.
/// </summary>
/// <param name="ReferralId">The referral the route is for.</param>
/// <param name="FamilyId">The family.</param>
/// <param name="SubjectBsn">The family member whose care it is.</param>
/// <param name="Law">Jeugdwet, Zvw, Wmo, Wlz, Supplementary, SelfPay, or None when no route applies.</param>
/// <param name="FinancierType">municipality, insurer, client or none.</param>
/// <param name="FinancierCode">CBS municipality code or UZOVI code, when known.</param>
/// <param name="ProductCategory">iJw product category (54 = jeugd-ggz), for Jeugdwet.</param>
/// <param name="RuleId">A stable id of the rule that decided.</param>
/// <param name="Rule">The rule, cited in words.</param>
/// <param name="Paperwork">The messages and documents the route needs.</param>
/// <param name="DeductibleApplies">Whether the Zvw deductible (eigen risico) applies.</param>
/// <param name="DecidedAt">When it was decided (UTC).</param>
/// <param name="Version">The decision's version for this referral, from 1: a subscriber keeps the highest it has seen, whatever order they arrive in.</param>
public sealed record FundingRouteDecided(
    Guid ReferralId,
    Guid FamilyId,
    string SubjectBsn,
    string Law,
    string FinancierType,
    string? FinancierCode,
    string? ProductCategory,
    string RuleId,
    string Rule,
    IReadOnlyList<string> Paperwork,
    bool DeductibleApplies,
    DateTimeOffset DecidedAt,
    int Version);

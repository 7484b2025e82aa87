using System.ComponentModel;
using FundingRoute.Api.Data;

namespace FundingRoute.Api.Endpoints;

/// <summary>
/// Whom a financier pays for: the BSN and the birth date, as the iJw messages and the Zvw
/// declaration identify a client (docs/adr/0009). No name, address or relatives.
/// </summary>
public sealed record FinancierRouteSubject(
    [Description("The client's citizen service number (BSN).")] string Bsn,
    [Description("The client's date of birth; left out for routes decided before it was kept.")] DateOnly? BirthDate);

/// <summary>
/// A funding route as its financier sees it: who pays, under which law, why, and with what
/// paperwork. Never a diagnosis, a reason, a note or another family member.
/// </summary>
public sealed record FinancierRoute(
    [Description("The referral the route is for.")] Guid ReferralId,
    [Description("Whom the route pays for.")] FinancierRouteSubject Subject,
    [Description("The law that pays: Jeugdwet, Wmo (municipality) or Zvw (insurer).")] string Law,
    [Description("municipality or insurer.")] string FinancierType,
    [Description("The CBS municipality code or the UZOVI code of the financier: the caller's own.")] string FinancierCode,
    [Description("The iJw product category (54 = jeugd-ggz), where one applies.")] string? ProductCategory,
    [Description("Whether the Zvw deductible (eigen risico) applies.")] bool DeductibleApplies,
    [Description("The messages and documents the route needs.")] IReadOnlyList<string> Paperwork,
    [Description("A stable id of the rule that decided the route.")] string RuleId,
    [Description("The rule that decided the route, cited in words.")] string Rule,
    [Description("When the route was decided (UTC).")] DateTimeOffset DecidedAt,
    [Description("The decision's version for this referral, from 1.")] int Version)
{
    public static FinancierRoute Of(FundingRouteRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        // Only a route its financier may read reaches here, so the code is the caller's and never empty.
        return new FinancierRoute(row.ReferralId, new FinancierRouteSubject(row.SubjectBsn, row.SubjectBirthDate), row.Law, row.FinancierType,
            row.FinancierCode ?? string.Empty, row.ProductCategory, row.DeductibleApplies, row.Paperwork, row.RuleId, row.RuleText,
            new DateTimeOffset(row.DecidedAt, TimeSpan.Zero), row.Version);
    }
}

/// <summary>One page of a financier's routes, newest first.</summary>
public sealed record FinancierRoutePage(
    [Description("The routes of this page, newest decision first.")] IReadOnlyList<FinancierRoute> Items,
    [Description("Pass as cursor to read the next page; left out on the last page.")] string? NextCursor);

using Coordination.ServiceDefaults;
using FundingRoute.Api.Domain.Engine;
using Referral.Contracts;

namespace FundingRoute.Api.Domain;

/// <summary>What the first funding decision for a referred person looks at.</summary>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="Today">The date the case is judged on (Europe/Amsterdam): the referral's date.</param>
/// <param name="MunicipalityCode">CBS code of the BRP address.</param>
/// <param name="Uzovi">The insurer, for adults.</param>
/// <param name="HasSuspectedDsm">Whether the referral states a suspected DSM-5 disorder.</param>
/// <param name="ReferrerType">iJw COD327 referrer type.</param>
public sealed record FundingCase(DateOnly BirthDate, DateOnly Today, string MunicipalityCode, string? Uzovi, bool HasSuspectedDsm, string ReferrerType)
{
    /// <summary>
    /// The case a referral makes, as of the day it was submitted: a referral sent the day before
    /// an 18th birthday is youth care, however late the event is delivered.
    /// </summary>
    public static FundingCase Of(ReferralSubmittedForFunding referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        return new(referral.Subject.BirthDate, AmsterdamTime.DateOf(referral.SubmittedAt), referral.Subject.MunicipalityCode,
            referral.Subject.Uzovi, referral.HasSuspectedDsm, referral.ReferrerType);
    }
}

/// <summary>The route, the financier, the paperwork, and the rule that decided it.</summary>
public sealed record FundingDecision(
    string Law,
    string FinancierType,
    string? FinancierCode,
    string? ProductCategory,
    string RuleId,
    string Rule,
    IReadOnlyList<string> Paperwork,
    bool DeductibleApplies);

/// <summary>
/// Who pays for a referred person's care (domain.md, "Funding route"): the engine's answer for
/// mental health treatment on the referral's date, as one route with the rule that decided it and
/// every rule applied cited with its article and the facts it used. Pure.
/// </summary>
public static class FundingRules
{
    public const string Jeugdwet = "Jeugdwet";
    public const string Zvw = "Zvw";

    /// <summary>Social support (Wmo 2015), paid by the municipality.</summary>
    public const string Wmo = "Wmo";
    public const string None = "None";

    /// <summary>The financier type of a route the municipality pays (Jeugdwet, Wmo).</summary>
    public const string Municipality = "municipality";

    /// <summary>The financier type of a route the health insurer pays (Zvw).</summary>
    public const string Insurer = "insurer";

    /// <summary>iJw product category 54: jeugd-ggz.</summary>
    public const string YouthMentalHealthCategory = "54";

    /// <summary>Referrer types that give direct access under Jeugdwet art. 2.6 lid 1e: GP, youth doctor, medical specialist.</summary>
    private static readonly HashSet<string> DirectAccessReferrers = ["02", "03", "05"];

    private const string MunicipalDecision = "Municipal decision (beschikking) by the wijkteam, then iJw JW301 assignment";

    public static FundingDecision DecideFirstRoute(FundingCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var answer = FundingEngine.Decide(new FundingFacts(input.BirthDate, input.Today, HelpKind.MentalHealthTreatment, new Residence(input.MunicipalityCode),
            input.Uzovi, input.HasSuspectedDsm, ValidReferral: true));
        // The first rule cited is the one that decided who the law is for; the text cites every rule applied.
        var deciding = answer.Rules[0].Rule.Id;
        var cited = string.Join(" ", answer.Rules.Select(Cite));
        if (answer.First is not { Law: Jeugdwet or Zvw } route)
        {
            // Supplementary insurance or self-pay is the client's affair: no financier pays a route under the law.
            return new FundingDecision(None, "none", null, null, deciding, cited, [], DeductibleApplies: false);
        }

        // Without a referrer with direct access (Jeugdwet art. 2.6), the municipality decides first.
        var paperwork = route.Law == Jeugdwet && !DirectAccessReferrers.Contains(input.ReferrerType) ? [MunicipalDecision] : route.Paperwork;
        return new FundingDecision(route.Law, route.FinancierType, route.FinancierCode, route.ProductCategory, deciding, cited, paperwork, route.DeductibleApplies);
    }

    private static string Cite(AppliedRule rule) =>
        rule.Facts.Count == 0
            ? $"{rule.Rule.Article}: {rule.Rule.En}"
            : $"{rule.Rule.Article}: {rule.Rule.En} ({string.Join("; ", rule.Facts.Select(f => $"{f.Key} {f.Value}"))})";
}

using Coordination.ServiceDefaults;
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
/// Who pays for a referred person's care (domain.md, "Funding route"). Pure; each outcome cites
/// its rule. Later rules (verlengde jeugdhulp 18–23, Wmo, Wlz, family therapy) extend this table.
/// </summary>
public static class FundingRules
{
    public const string Jeugdwet = "Jeugdwet";
    public const string Zvw = "Zvw";

    /// <summary>Social support (Wmo 2015), paid by the municipality; no rule decides it yet.</summary>
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

    public static FundingDecision DecideFirstRoute(FundingCase input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var age = AmsterdamTime.AgeOn(input.BirthDate, input.Today);
        if (age < 18)
        {
            var paperwork = DirectAccessReferrers.Contains(input.ReferrerType)
                ? new[] { "iJw JW315 request for assignment (provider to municipality), answered within 3 working days; JW301 assignment or JW319 within 5 working days" }
                : new[] { "Municipal decision (beschikking) by the wijkteam, then iJw JW301 assignment" };
            return new FundingDecision(Jeugdwet, Municipality, input.MunicipalityCode, YouthMentalHealthCategory, "jeugdwet-minor",
                $"Jeugdwet art. 1.1: a jeugdige (under 18; here {age}) gets youth care from the municipality of the BRP home address (woonplaatsbeginsel), municipality {input.MunicipalityCode}; product category 54 jeugd-ggz.",
                paperwork, DeductibleApplies: false);
        }

        if (input.HasSuspectedDsm && input.Uzovi is not null)
        {
            return new FundingDecision(Zvw, Insurer, input.Uzovi, null, "zvw-adult-dsm",
                $"Zvw: an adult ({age}) with a suspected DSM-5 disorder and a valid referral is covered by the basic package of insurer {input.Uzovi}; the deductible (eigen risico) applies from 18.",
                ["GP referral stating the suspected DSM-5 disorder, dated before the first consult", "Declaration to the insurer under the Zorgprestatiemodel"],
                DeductibleApplies: true);
        }

        return new FundingDecision(None, "none", null, null, "no-route-adult-without-dsm",
            $"No route: an adult ({age}) is covered by Zvw only with a suspected DSM-5 disorder and a known insurer, and Jeugdwet continuation past 18 needs a decision taken before 18.",
            [], DeductibleApplies: false);
    }
}

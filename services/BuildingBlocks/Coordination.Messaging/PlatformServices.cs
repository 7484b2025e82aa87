namespace Coordination.Messaging;

/// <summary>
/// The five services of the platform by name: the one place their names are written. Each name
/// is what the service's <c>Program</c> hands to <c>AddCoordinationData</c>, and the prefix of
/// its queues (<see cref="PlatformTopology"/>, <c>&lt;service&gt;-access-log</c>).
/// </summary>
public static class PlatformServices
{
    /// <summary>Referrals from GPs and POH-GGZ, followed until closed.</summary>
    public const string Referral = "referral";

    /// <summary>Explicit consent per purpose and recipient.</summary>
    public const string Consent = "consent";

    /// <summary>The one plan youth and adult clinicians share.</summary>
    public const string FamilyPlan = "family-plan";

    /// <summary>Who pays for what, and why.</summary>
    public const string FundingRoute = "funding-route";

    /// <summary>Multidisciplinary consultations across organisations.</summary>
    public const string MdoScheduling = "mdo-scheduling";

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<string> All = [Referral, Consent, FamilyPlan, FundingRoute, MdoScheduling];
}

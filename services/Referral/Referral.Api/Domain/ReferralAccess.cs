using Coordination.ServiceDefaults.Auth;

namespace Referral.Api.Domain;

/// <summary>Who asks, as the referral's access rules need them: from the token's claims.</summary>
/// <param name="Role">The role claim.</param>
/// <param name="Agb">Their own AGB code (a POH-GGZ: the GP's).</param>
/// <param name="Org">A clinician's organisation's AGB code.</param>
/// <param name="Domain">A clinician's domain: <c>youth</c> or <c>adult</c>.</param>
public sealed record ReferralViewer(string? Role, string? Agb, string? Org, string? Domain);

/// <summary>The parties of one referral: who referred, who receives it, and its domain.</summary>
public sealed record ReferralParties(string ReferrerAgb, string? ReceiverAgb, string Domain);

/// <summary>How the viewer stands to a referral.</summary>
/// <param name="Referrer">They referred it: a GP or POH-GGZ of the referring practice (a POH refers under the GP's AGB).</param>
/// <param name="Receiver">
/// They receive it: a clinician of the addressed organisation in the referral's domain, or, for a
/// referral addressed to the practice's own POH-GGZ (the referrer's AGB), a POH of that practice.
/// </param>
public sealed record ReferralStanding(bool Referrer, bool Receiver)
{
    /// <summary>Whether the referral exists for the viewer at all: to anyone else it is 404.</summary>
    public bool Sees => Referrer || Receiver;

    /// <summary>Whether the viewer may take steps of <paramref name="party"/>.</summary>
    public bool Acts(ReferralParty party) => party == ReferralParty.Referrer ? Referrer : Receiver;

    /// <summary>The purpose of a look, as the access log records it.</summary>
    public string Purpose => Receiver ? "referral-intake" : "referral-follow-up";
}

/// <summary>
/// The referral service's access decisions in one place (architecture.md): every endpoint and
/// every audit entry asks here. Pure, tested as a table.
/// </summary>
public static class ReferralAccess
{
    /// <summary>How <paramref name="viewer"/> stands to the referral of <paramref name="parties"/>.</summary>
    public static ReferralStanding Of(ReferralViewer viewer, ReferralParties parties)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(parties);
        var referrer = viewer.Role is Roles.Gp or Roles.Poh && viewer.Agb is not null && viewer.Agb == parties.ReferrerAgb;
        var receiver = parties.ReceiverAgb is { } addressed && (
            (viewer.Role == Roles.Clinician && viewer.Org == addressed && viewer.Domain == parties.Domain)
            || (viewer.Role == Roles.Poh && viewer.Agb == addressed && addressed == parties.ReferrerAgb));
        return new ReferralStanding(referrer, receiver);
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> works from the regional intake pool of <paramref name="domain"/>:
    /// a clinician of an organisation in that domain sees its unaddressed referrals (anonymised) and
    /// may claim one.
    /// </summary>
    public static bool WorksFromPool(ReferralViewer viewer, string domain)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return viewer.Role == Roles.Clinician && viewer.Org is not null && viewer.Domain == domain;
    }
}

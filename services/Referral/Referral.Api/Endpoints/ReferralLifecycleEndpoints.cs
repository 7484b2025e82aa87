using Coordination.ServiceDefaults.Auth;
using Referral.Api.Domain;
using Referral.Contracts;

namespace Referral.Api.Endpoints;

/// <summary>
/// The receiving side and the closed loop: the lifecycle's steps (each with If-Match), the
/// worklist, the regional intake pool and its claim, the referrer's feed and an organisation's
/// Treeknorm figures. What the features share is here; each feature is in a file of its own.
/// </summary>
public static partial class ReferralLifecycleEndpoints
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;
    public const string OrderUrgent = "urgent";
    public const string OrderRecent = "recent";
    public const int MaxFigureMonths = 24;

    private static readonly string[] Professionals = [Roles.Gp, Roles.Poh, Roles.Clinician];

    /// <summary>The caller as the access rules see them.</summary>
    public static ReferralViewer ViewerOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return new ReferralViewer(user.Role(), user.Claim(ClaimNames.Agb), user.Claim(ClaimNames.Org), user.Claim(ClaimNames.Domain));
    }

    /// <summary>The caller as the timeline and the events name them.</summary>
    public static ReferralActor ActorOf(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var user = http.User;
        return new ReferralActor(user.Id(), user.Claim(ClaimNames.Name) ?? user.Id(), user.Role(), user.Claim(ClaimNames.Agb),
            user.Role() == Roles.Clinician ? user.Claim(ClaimNames.Org) : null, user.Claim(ClaimNames.Domain));
    }
}

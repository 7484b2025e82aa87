using System.Security.Claims;
using Coordination.Portal.Resources;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Components.Layout;

/// <summary>What each role finds in the menu, and how the portal names a role.</summary>
public static class Menu
{
    public static IEnumerable<(string Href, string Label)> For(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        switch (user.FindFirst(ClaimNames.Role)?.Value)
        {
            case Roles.Gp or Roles.Poh:
                yield return ("verwijzingen", Texts.MenuMyReferrals);
                yield return ("verwijzingen/nieuw", Texts.MenuNewReferral);
                yield return ("taken", Texts.MenuTasks);
                yield return ("gezinnen", Texts.MenuFamilies);
                break;
            case Roles.Clinician:
                yield return ("werklijst", Texts.MenuWorklist);
                yield return ("gezinnen", Texts.MenuFamilies);
                break;
            case Roles.FamilyTherapist or Roles.FamilySystemsWorker or Roles.SocialDomain or Roles.YouthProtection or Roles.DistrictNurse:
                yield return ("gezinnen", Texts.MenuFamilies);
                break;
            case Roles.Municipality or Roles.Insurer:
                yield return ("financiering", Texts.MenuFunding);
                break;
            case Roles.Client:
                yield return ("gezin", Texts.MenuMyFamily);
                yield return ("inzage", Texts.MenuAccessLog);
                yield return ("overleg", Texts.MenuMeetings);
                break;
        }
    }

    /// <summary>The user's role in words; a clinician's with their domain.</summary>
    public static string RoleName(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.FindFirst(ClaimNames.Role)?.Value;
        var domain = user.FindFirst(ClaimNames.Domain)?.Value;
        return Show.Code("Role", role == Roles.Clinician && domain is not null ? $"{role}_{domain}" : role);
    }
}

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
        var role = user.FindFirst(ClaimNames.Role)?.Value;
        switch (role)
        {
            case Roles.Gp or Roles.Poh:
                yield return ("verwijzingen", Texts.MenuMyReferrals);
                yield return ("verwijzingen/nieuw", Texts.MenuNewReferral);
                yield return ("taken", Texts.MenuTasks);
                break;
            case Roles.Clinician:
                yield return ("werklijst", Texts.MenuWorklist);
                break;
            case Roles.Municipality:
                yield return ("financiering", Texts.MenuFunding);
                yield return ("toewijzingen", Texts.Assignments);
                break;
            case Roles.Insurer:
                yield return ("financiering", Texts.MenuFunding);
                break;
            case Roles.Client:
                yield return ("gezin", Texts.MenuMyFamily);
                yield return ("inzage", Texts.MenuAccessLog);
                yield return ("overleg", Texts.MenuMeetings);
                break;
        }

        // Every care professional works in the families' plans and their MDOs.
        if (role is not null && Roles.Care.Contains(role))
        {
            yield return ("gezinnen", Texts.MenuFamilies);
            yield return ("overleg", Texts.MenuMeetings);
            yield return ("agenda", Texts.MenuCalendar);
            yield return ("wat-als", Texts.MenuWhatIf);
        }
    }

    /// <summary>The user's role in words; a clinician's with their domain.</summary>
    public static string RoleName(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Show.Role(user.FindFirst(ClaimNames.Role)?.Value, user.FindFirst(ClaimNames.Domain)?.Value);
    }
}

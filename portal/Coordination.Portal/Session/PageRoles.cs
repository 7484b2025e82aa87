using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Session;

/// <summary>
/// The role lists of the pages' <c>[Authorize(Roles = …)]</c>, which takes a constant: the care professions of
/// <see cref="Roles.Care"/> (a test keeps the two the same), and those with the family members.
/// </summary>
public static class PageRoles
{
    public const string Care = "gp,poh,clinician,family-therapist,stw,social-domain,youth-protection,district-nurse";

    public const string CareAndClients = Care + ",client";

    public const string Financiers = "municipality,insurer";
}

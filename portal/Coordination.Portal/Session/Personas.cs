using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Session;

/// <summary>A demo user of the development sign-in: who they are in the scenarios, and the claims their token carries.</summary>
/// <param name="Id">The persona's key in the sign-in form.</param>
/// <param name="Role">The token's role.</param>
/// <param name="Name">The name the platform shows.</param>
/// <param name="Claims">The role's own claims (AGB, organisation, domain, municipality, UZOVI or BSN).</param>
public sealed record Persona(string Id, string Role, string Name, IReadOnlyDictionary<string, string> Claims)
{
    /// <summary>
    /// The subject of the token, stable across sign-ins and as <c>deploy/token.sh</c> names it: the role and the
    /// persona's AGB code, BSN, municipality or UZOVI code (the GP is <c>gp-01012345</c> either way).
    /// </summary>
    public string Subject => $"{Role}-{new[] { ClaimNames.Agb, ClaimNames.Bsn, ClaimNames.Municipality, ClaimNames.Uzovi }.Select(Claims.GetValueOrDefault).First(v => v is not null)}";
}

/// <summary>
/// The demo personas, the people of scenarios 1 and 2 (../shared/scenarios) and the demo directory's
/// practices: a GP and the practice's POH-GGZ, a youth and an adult clinician, a family therapist, the municipality of
/// Utrecht, an insurer, Sandra (a parent), Daan (a young person of 15) and, from scenario 3, Ingrid (Lisa's mother).
/// </summary>
public static class Personas
{
    public static readonly IReadOnlyList<Persona> All =
    [
        new("huisarts", Roles.Gp, "Dr. P. de Boer", new Dictionary<string, string> { [ClaimNames.Agb] = "01012345" }),
        new("poh-ggz", Roles.Poh, "M. Jansen", new Dictionary<string, string> { [ClaimNames.Agb] = "01012345" }),
        new("jeugdbehandelaar", Roles.Clinician, "Drs. A. Visser",
            new Dictionary<string, string> { [ClaimNames.Agb] = "94012345", [ClaimNames.Org] = "73730001", [ClaimNames.Domain] = "youth" }),
        new("jeugdbehandelaar-2", Roles.Clinician, "Drs. B. Smit",
            new Dictionary<string, string> { [ClaimNames.Agb] = "94012346", [ClaimNames.Org] = "73730001", [ClaimNames.Domain] = "youth" }),
        new("volwassenenbehandelaar", Roles.Clinician, "Drs. S. Mulder",
            new Dictionary<string, string> { [ClaimNames.Agb] = "94042222", [ClaimNames.Org] = "73732222", [ClaimNames.Domain] = "adult" }),
        new("systeemtherapeut", Roles.FamilyTherapist, "J. de Wit",
            new Dictionary<string, string> { [ClaimNames.Agb] = "94031111", [ClaimNames.Org] = "73731111" }),
        new("gemeente", Roles.Municipality, "Gemeente Utrecht", new Dictionary<string, string> { [ClaimNames.Municipality] = "0344" }),
        new("verzekeraar", Roles.Insurer, "Zorgverzekeraar 3311", new Dictionary<string, string> { [ClaimNames.Uzovi] = "3311" }),
        new("ouder", Roles.Client, "Sandra de Vries", new Dictionary<string, string> { [ClaimNames.Bsn] = "999900006" }),
        new("jongere", Roles.Client, "Daan de Vries", new Dictionary<string, string> { [ClaimNames.Bsn] = "999900018" }),
        new("moeder-lisa", Roles.Client, "Ingrid Visser", new Dictionary<string, string> { [ClaimNames.Bsn] = "999900122" }),
    ];

    public static Persona? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id, StringComparison.Ordinal));
}

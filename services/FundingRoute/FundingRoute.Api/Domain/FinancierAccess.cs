using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;

namespace FundingRoute.Api.Domain;

/// <summary>A financier as its token names it: a municipality by its CBS code, an insurer by its UZOVI code.</summary>
/// <param name="Type">The financier type routes carry: <see cref="FundingRules.Municipality"/> or <see cref="FundingRules.Insurer"/>.</param>
/// <param name="Code">The CBS municipality code or the UZOVI code.</param>
/// <param name="Laws">The laws under which this kind of financier pays: the only routes it may read.</param>
public sealed record Financier(string Type, string Code, IReadOnlyList<string> Laws)
{
    /// <summary>The first of <see cref="Laws"/>.</summary>
    public string Law => Laws[0];

    /// <summary>The last of <see cref="Laws"/> (the first again when there is one): the list query names two.</summary>
    public string OtherLaw => Laws[^1];
}

/// <summary>What of a route decides who may read it.</summary>
/// <param name="Law">The route's law.</param>
/// <param name="FinancierType">Who pays: municipality, insurer, client or none.</param>
/// <param name="FinancierCode">The municipality or UZOVI code of the one who pays, when there is one.</param>
public sealed record RoutePayer(string Law, string FinancierType, string? FinancierCode);

/// <summary>Whether a read is allowed, and why (for tests and logs; the access log records passed or failed).</summary>
public sealed record AccessDecision(bool Allowed, string Reason);

/// <summary>
/// Who may read a funding route here: the financier that pays it, and nobody else. A municipality
/// reads the Jeugdwet and Wmo routes it is the financier of (under the woonplaatsbeginsel that is not
/// always where the child lives), an insurer the Zvw routes of its own insured. The one place this
/// is decided: the single read asks it per route, the list query takes its scope from
/// <see cref="ViewerOf"/> and every row it returns is asked again.
/// </summary>
public static class FinancierAccess
{
    /// <summary>A municipality pays youth care (Jeugdwet) and social support (Wmo).</summary>
    public static readonly IReadOnlyList<string> MunicipalityLaws = [FundingRules.Jeugdwet, FundingRules.Wmo];

    /// <summary>An insurer pays the basic package (Zvw).</summary>
    public static readonly IReadOnlyList<string> InsurerLaws = [FundingRules.Zvw];

    /// <summary>The refusal of a read <see cref="Decide"/> did not allow: another financier's route is not the caller's to know about, as for one that does not exist.</summary>
    public static Refusal NoSuchRoute { get; } = Refusal.NotFound("No such funding route.");

    /// <summary>The refusal of a list to a caller that is no financier: it has no population of routes.</summary>
    public static Refusal OnlyFinanciersList { get; } = Refusal.Forbidden("Only a municipality or an insurer lists funding routes.");

    /// <summary>The refusal of the population's cost–benefit sums to a caller that is no financier.</summary>
    public static Refusal OnlyFinanciersSum { get; } = Refusal.Forbidden("Only a municipality or an insurer sees its population's sums.");

    /// <summary>The financier the caller works for, or null when the caller is none (a GP, a clinician, a client, ...).</summary>
    public static Financier? ViewerOf(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        // The token rules (ADR 0004) guarantee one 4-digit code per financier role.
        return user.Role() switch
        {
            Roles.Municipality when user.Claim(ClaimNames.Municipality) is { } code => new Financier(FundingRules.Municipality, code, MunicipalityLaws),
            Roles.Insurer when user.Claim(ClaimNames.Uzovi) is { } uzovi => new Financier(FundingRules.Insurer, uzovi, InsurerLaws),
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="viewer"/> may read the route paid as <paramref name="route"/> says (null: no such route).</summary>
    public static AccessDecision Decide(Financier? viewer, RoutePayer? route)
    {
        if (viewer is null)
        {
            return Denied("only a municipality or an insurer reads funding routes");
        }

        if (route is null)
        {
            return Denied("no such route");
        }

        // The type too: a UZOVI code and a municipality code are both four digits, and may be the same four.
        if (route.FinancierType != viewer.Type || !string.Equals(route.FinancierCode, viewer.Code, StringComparison.Ordinal))
        {
            return Denied("another financier pays this route");
        }

        if (!viewer.Laws.Contains(route.Law, StringComparer.Ordinal))
        {
            return Denied($"{viewer.Type} {viewer.Code} does not pay {route.Law} routes");
        }

        return new AccessDecision(true, $"{viewer.Type} {viewer.Code} pays this {route.Law} route");
    }

    private static AccessDecision Denied(string reason) => new(false, reason);
}

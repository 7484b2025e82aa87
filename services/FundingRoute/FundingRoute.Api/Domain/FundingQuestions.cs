using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;

namespace FundingRoute.Api.Domain;

/// <summary>
/// Who may ask the funding engine before planning: a care professional what would pay for the help
/// they plan; care professionals and financiers what family therapy is worth. Pure.
/// </summary>
public static class FundingQuestions
{
    /// <summary>Whether <paramref name="user"/> may ask what would pay: null for a care professional, else the refusal.</summary>
    public static Refusal? MayEvaluate(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasRole(Roles.Care) ? null : Refusal.Forbidden("Care professionals ask what would pay for the help they plan.");
    }

    /// <summary>Whether <paramref name="user"/> may read the cost–benefit table: null for a care professional or a financier, else the refusal.</summary>
    public static Refusal? MayReadCostBenefit(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.HasRole([.. Roles.Care, Roles.Municipality, Roles.Insurer])
            ? null
            : Refusal.Forbidden("The cost–benefit figures are for care professionals and financiers.");
    }
}

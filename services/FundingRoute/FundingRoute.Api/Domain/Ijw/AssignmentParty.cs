using System.Security.Claims;
using Coordination.ServiceDefaults.Auth;
using FundingRoute.Api.Data;

namespace FundingRoute.Api.Domain.Ijw;

/// <summary>Who the caller is to assignments: a municipality by its code, a provider by its organisation.</summary>
/// <param name="Actor"><see cref="AssignmentLifecycle.Municipality"/> or <see cref="AssignmentLifecycle.Provider"/>.</param>
/// <param name="Code">The municipality's CBS code or the provider's organisation AGB code.</param>
public sealed record AssignmentParty(string Actor, string Code)
{
    /// <summary>Whether <paramref name="row"/> is this party's: the municipality asked, or the provider that asked.</summary>
    public bool Owns(AssignmentRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return Actor == AssignmentLifecycle.Municipality ? row.MunicipalityCode == Code : row.ProviderAgb == Code;
    }

    /// <summary>The party <paramref name="user"/> is, or null when neither a municipality nor a youth care provider (an insurer, a client, ...).</summary>
    public static AssignmentParty? Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var role = user.Role();
        if (role == Roles.Municipality && user.Claim(ClaimNames.Municipality) is { } code)
        {
            return new AssignmentParty(AssignmentLifecycle.Municipality, code);
        }

        return role is not null && Roles.Care.Contains(role) && user.Claim(ClaimNames.Org) is { } org ? new AssignmentParty(AssignmentLifecycle.Provider, org) : null;
    }
}

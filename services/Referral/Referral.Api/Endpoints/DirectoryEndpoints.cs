using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;

namespace Referral.Api.Endpoints;

/// <summary>The directory of organisations and professionals, for whom a referral is addressed to and whom a team or an MDO invites.</summary>
public static class DirectoryEndpoints
{
    public static readonly IReadOnlyList<string> Kinds = ["organisation", "professional"];
    public static readonly IReadOnlyList<string> Domains = ["youth", "adult"];

    /// <summary>Who searches the directory: the professionals who refer, receive, and invite to teams and MDOs.</summary>
    public static readonly IReadOnlyList<string> SearchingRoles =
        [Roles.Gp, Roles.Poh, Roles.Clinician, Roles.FamilyTherapist, Roles.FamilySystemsWorker, Roles.SocialDomain, Roles.YouthProtection, Roles.DistrictNurse];

    /// <summary>The search (<c>GET /api/directory</c>) on the <c>/api/directory</c> group.</summary>
    public static RouteGroupBuilder MapDirectory(RouteGroupBuilder directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        directory.MapGet("/", SearchAsync)
            .WithName("SearchDirectory")
            .WithSummary("Organisations and professionals by name or AGB code, kind and domain: whom a referral is addressed to, whom a team or an MDO invites.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .WithDescription("Work contact details only. q: part of the name, or an AGB code; kind: organisation or professional; "
                + "domain: youth or adult (entries for both, and those without a domain, are included); limit 1 to 100, 20 when left out.");
        return directory;
    }

    private static async Task<Results<Ok<IReadOnlyList<DirectoryEntry>>, ValidationProblem, ProblemHttpResult>> SearchAsync(
        string? q, string? kind, string? domain, int? limit, HttpContext http, ProfessionalDirectory directory, CancellationToken ct)
    {
        // The gateway's role policy turns others away too; the service does not rely on it.
        if (!http.User.HasRole(SearchingRoles))
        {
            return Refusal.Forbidden("Only care professionals search the directory.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        if (q is { Length: > 100 })
        {
            errors["q"] = ["At most 100 characters."];
        }

        if (kind is not null && !Kinds.Contains(kind))
        {
            errors["kind"] = [$"Use one of: {string.Join(", ", Kinds)}."];
        }

        if (domain is not null && !Domains.Contains(domain))
        {
            errors["domain"] = [$"Use one of: {string.Join(", ", Domains)}."];
        }

        if (limit is < 1 or > ProfessionalDirectory.MaxLimit)
        {
            errors["limit"] = [$"A page holds 1 to {ProfessionalDirectory.MaxLimit} entries."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The search is invalid.");
        }

        return TypedResults.Ok(await directory.SearchAsync(q, kind, domain, limit ?? 20, ct));
    }
}

using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;
using FamilyPlan.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FamilyPlan.Api.Endpoints;

/// <summary>
/// What the endpoints that write a part of the plan (goals, interventions, actions, evaluations)
/// share in reading a request: the fields that changed, and the dates' bounds. What they refuse is
/// in <see cref="Domain.PlanPartRules"/>.
/// </summary>
internal static class PlanParts
{
    /// <summary>
    /// The part of the plan a change is about, read with the family, and whether the caller may
    /// change it: a part or family they cannot change is refused as <paramref name="notFound"/> or
    /// by the care team's rule (the refusal logged), and a change without the part's version is a
    /// 428 that answers its ETag. <paramref name="find"/> reads the part, <paramref name="keys"/>
    /// gives its member, owner and version; the access-log entry is for <paramref name="objectType"/>.
    /// </summary>
    public static async Task<Changing<T>> ChangingAsync<T>(
        HttpContext http, PlanStore plans, AccessLogWriter access, Guid familyId, Guid partId, string objectType, string part,
        Func<CancellationToken, Task<T?>> find, Func<T, (Guid? MemberId, string? OwnerUserId, int Version)> keys, Refusal notFound, CancellationToken ct)
        where T : class
    {
        var facts = await plans.ReadWithoutHistoryAsync(familyId, ct);
        var current = facts is null ? null : await find(ct);
        var (refusal, bsn) = current is null ? (notFound, null) : CareTeam.MayWritePart(facts, FamilyEndpoints.ViewerOf(http.User), keys(current).MemberId, keys(current).OwnerUserId);
        var entry = access.Allowed(http.User, AuditAction.Update, "family-plan", objectType, partId.ToString(), bsn);
        if (refusal is not null)
        {
            await access.DeniedAsync(entry, ct);
            return new Changing<T>(null, null, entry, IfMatch.Read(http.Request), refusal.ToProblem());
        }

        var ifMatch = IfMatch.Read(http.Request);
        if (!ifMatch.Given)
        {
            http.Response.Headers.ETag = IfMatch.ETagOf(keys(current!).Version);
            return new Changing<T>(null, null, entry, ifMatch, PlanPartRules.VersionRequired(part).ToProblem());
        }

        return new Changing<T>(current, facts, entry, ifMatch, null);
    }

    /// <summary>The names of the fields that differ, for the change history (not their values).</summary>
    public static List<string> Changed(params (string Field, bool Differs)[] fields) =>
        fields.Where(f => f.Differs).Select(f => f.Field).ToList();

    /// <summary>Adds an error for <paramref name="field"/> when a date lies outside <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static void CheckDate(DateOnly? date, string field, DateOnly from, DateOnly to, string rule, bool required, Dictionary<string, string[]> errors)
    {
        if (date is not { } d)
        {
            if (required)
            {
                errors[field] = [$"The {field} is required."];
            }
        }
        else if (d < from || d > to)
        {
            errors[field] = [rule];
        }
    }
}

/// <summary>A part of the plan being changed: the part and its family, the access-log entry of the change, the version the caller read; or the refusal to answer.</summary>
/// <param name="Current">The part as stored; null when refused.</param>
/// <param name="Facts">The family; null when refused.</param>
/// <param name="Entry">The access-log entry of the change.</param>
/// <param name="IfMatch">The version the caller read.</param>
/// <param name="Refused">The problem to answer instead, or null.</param>
internal sealed record Changing<T>(T? Current, FamilyFacts? Facts, AuditEntry Entry, IfMatch IfMatch, ProblemHttpResult? Refused)
    where T : class;

using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Ijw;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FundingRoute.Api.Endpoints;

// The reads: a municipality's or a provider's list, and one request.
public static partial class AssignmentEndpoints
{
    private static async Task<Results<Ok<AssignmentPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [FromQuery] string? limit, [FromQuery] string? cursor, string? status, bool? overdue, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var party = AssignmentParty.Of(http.User);
        if (party is null)
        {
            await access.WriteAsync(Entry(access, http.User, AuditAction.Read, allowed: false, objectId: null, bsn: null), ct);
            return AssignmentLifecycle.NoParty.ToProblem();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var request = PageRequest.Read(limit, cursor, CursorKeys, DefaultLimit, MaxLimit, errors);
        // The day is kept in the cursor as its midnight (UTC).
        var after = request.Position(c => c.TimeAndId() is { } p ? (DateOnly.FromDateTime(p.Time), p.Id) : ((DateOnly, Guid)?)null, errors);
        string[] statuses = [AssignmentStatuses.Requested, AssignmentStatuses.Received, AssignmentStatuses.Returned, AssignmentStatuses.Assigned, AssignmentStatuses.Rejected, AssignmentStatuses.Started, AssignmentStatuses.Stopped];
        if (status is not null && !statuses.Contains(status, StringComparer.Ordinal))
        {
            errors["status"] = [$"status must be one of: {string.Join(", ", statuses)}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query is invalid.");
        }

        var today = AmsterdamTime.Today(time);
        var scope = party.Actor == AssignmentLifecycle.Municipality ? new AssignmentScope(party.Code, null) : new AssignmentScope(null, party.Code);
        // One more than asked tells whether another page follows, without an empty last page.
        var rows = await store.ListAsync(scope, status, overdue ?? false, today, after, request.Limit + 1, ct);
        var (page, nextCursor) = request.Cut(rows, r => PageCursor.After(r.RequestedOn.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), r.AssignmentId));
        if (page.Count > 0)
        {
            await access.WriteAsync(page.Select(r => Entry(access, http.User, AuditAction.Read, allowed: true, r.AssignmentId.ToString(), r.SubjectBsn)).ToList(), ct);
        }

        return TypedResults.Ok(new AssignmentPage(page.Select(r => View(r, [], party, today)).ToList(), nextCursor));
    }

    private static async Task<Results<Ok<AssignmentView>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var party = AssignmentParty.Of(http.User);
        var found = await store.FindAsync(id, ct);
        var refusal = AssignmentLifecycle.MayAccess(party, found?.Row);
        await access.WriteAsync(Entry(access, http.User, AuditAction.Read, allowed: refusal is null, id.ToString(), found?.Row.SubjectBsn), ct);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        return TypedResults.Ok(View(found!.Value.Row, found.Value.Messages, party!, AmsterdamTime.Today(time)));
    }
}

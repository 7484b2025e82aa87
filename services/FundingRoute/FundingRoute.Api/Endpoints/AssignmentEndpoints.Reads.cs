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
        var after = RequestedAfter(request, errors);
        string[] statuses = [AssignmentStatuses.Requested, AssignmentStatuses.Received, AssignmentStatuses.Assigned, AssignmentStatuses.Rejected, AssignmentStatuses.Started, AssignmentStatuses.Stopped];
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

    /// <summary>
    /// Where an assignment list goes on: the request day and id of the last request of the page before,
    /// the two keys the list is ordered by; null for the first page. A cursor whose keys are not a day
    /// and an id is an error naming it (in <paramref name="errors"/>).
    /// </summary>
    private static (DateOnly RequestedOn, Guid Id)? RequestedAfter(PageRequest request, Dictionary<string, string[]> errors)
    {
        if (request.After is not { } cursor)
        {
            return null;
        }

        if (cursor.Time(0) is { } requestedOn && cursor.Id(1) is { } id)
        {
            return (DateOnly.FromDateTime(requestedOn), id);
        }

        errors["cursor"] = ["cursor must be a nextCursor this list gave out; start again without one."];
        return null;
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

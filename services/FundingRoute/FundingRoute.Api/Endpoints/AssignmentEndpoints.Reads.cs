using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using FundingRoute.Api.Data;
using FundingRoute.Api.Domain.Ijw;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FundingRoute.Api.Endpoints;

// The reads: a municipality's or a provider's list, and one request.
public static partial class AssignmentEndpoints
{
    private static async Task<Results<Ok<AssignmentPage>, ValidationProblem, ProblemHttpResult>> ListAsync(
        int? page, int? pageSize, string? status, bool? overdue, HttpContext http, AssignmentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var party = AssignmentParty.Of(http.User);
        if (party is null)
        {
            await access.WriteAsync(Entry(access, http.User, AuditAction.Read, allowed: false, objectId: null, bsn: null), ct);
            return AssignmentLifecycle.NoParty.ToProblem();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var paging = Paging.Read(page, pageSize, DefaultPageSize, MaxPageSize, "requests", errors);
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
        var (rows, total) = await store.ListAsync(scope, status, overdue ?? false, today, (paging.Number - 1) * paging.Size, paging.Size, ct);
        if (rows.Count > 0)
        {
            await access.WriteAsync(rows.Select(r => Entry(access, http.User, AuditAction.Read, allowed: true, r.AssignmentId.ToString(), r.SubjectBsn)).ToList(), ct);
        }

        return TypedResults.Ok(new AssignmentPage(rows.Select(r => View(r, [], party, today)).ToList(), paging.Number, paging.Size, total));
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

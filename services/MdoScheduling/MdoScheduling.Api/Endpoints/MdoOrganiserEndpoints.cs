using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>The organiser's part: rescheduling and cancelling, each needing the MDO's ETag (the outcome is in <c>MdoOutcomeEndpoints.cs</c>).</summary>
public static partial class MdoEndpoints
{
    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        Guid id, RescheduleRequest request, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (request.Start is not { } start || start.UtcDateTime < time.GetUtcNow().UtcDateTime)
        {
            return JsonBody.Invalid("start", "Give the new start, ISO 8601 with its offset, not in the past.");
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var slot = mdo!.MovedTo(start.UtcDateTime);
        var mustBeFree = mdo.MustBeFree();
        var required = await calendars.FindManyAsync(mustBeFree, ct);
        if (await FirstBusyAsync(required.Values.ToList(), slot, calendars, id, ct) is { } busy)
        {
            return MdoRefusals.SlotNotFree(busy.UserId, busy.Name, slot).With("proposal", await ProposalAsync(mdo, calendars, time, ct)).ToProblem();
        }

        // A new time asks everyone again; the organiser, who chose it, accepts it.
        var after = mdo.Rescheduled(slot, time.GetUtcNow().UtcDateTime);
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", id.ToString(), m.Bsn));
        var (changed, clash) = await store.RescheduleAsync(mdo, after, mustBeFree, http.User.Id(), entries, ct);
        if (clash is not null)
        {
            return Taken(clash);
        }

        return changed ? await SavedAsync(http, calendars, time, after, members, ct) : MdoRefusals.Stale.ToProblem();
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, CancelRequest? request, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (request?.Reason is { Length: > MdoLimits.MaxReasonLength })
        {
            return JsonBody.Invalid("reason", $"At most {MdoLimits.MaxReasonLength} characters.");
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var after = mdo!.Cancelled(request?.Reason?.Trim());
        return await SaveAsync(http, store, calendars, access, time, mdo, after, "cancelled", members, ct);
    }

    /// <summary>An organiser's change: the MDO planned, the caller its organiser (another participant: 403), the precondition met.</summary>
    private static async Task<(Mdo? Mdo, ProblemHttpResult? Refusal, IReadOnlyList<FamilyMemberRow> Members)> OrganiserChangeAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, AccessLogWriter access, CancellationToken ct)
    {
        var (mdo, me, members) = await FindMineAsync(id, http.User, store, families, access, AuditAction.Update, ct);
        if (mdo is null)
        {
            return (null, MdoRefusals.NotFound.ToProblem(), []);
        }

        var ifMatch = IfMatch.Read(http.Request);
        if (mdo.MayChange(me!.ParticipantId, ifMatch.Given, ifMatch.Matches(IfMatch.ETagOf(mdo.Row.Version))) is { } refusal)
        {
            if (refusal.Kind == RefusalKind.Forbidden)
            {
                await access.WriteAsync(access.Denied(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", id.ToString()), ct);
            }
            else if (refusal.Kind == RefusalKind.PreconditionRequired)
            {
                http.Response.Headers.ETag = IfMatch.ETagOf(mdo.Row.Version);
            }

            return (null, refusal.ToProblem(), []);
        }

        return (mdo, null, members);
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        HttpContext http, MdoStore store, CalendarStore calendars, AccessLogWriter access, TimeProvider time, Mdo before, Mdo after, string change, IReadOnlyList<FamilyMemberRow> members, CancellationToken ct)
    {
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", before.Row.Id.ToString(), m.Bsn));
        return await store.ChangeAsync(before, after, change, http.User.Id(), after.Participants.Select(p => p.ParticipantId), entries, ct)
            ? await SavedAsync(http, calendars, time, after, members, ct)
            : MdoRefusals.Stale.ToProblem();
    }

    /// <summary>The answer to a change that was stored: the MDO as the caller now reads it, with its new ETag.</summary>
    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> SavedAsync(
        HttpContext http, CalendarStore calendars, TimeProvider time, Mdo after, IReadOnlyList<FamilyMemberRow> members, CancellationToken ct)
    {
        http.Response.Headers.ETag = IfMatch.ETagOf(after.Row.Version);
        return TypedResults.Ok(await ViewAsync(after, http.User.Id(), members, calendars, time, ct));
    }
}

using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>The MDO's outcome: who attended and for how long, and the decisions, checked by <see cref="Mdo.RecordOutcome"/>.</summary>
public static partial class MdoEndpoints
{
    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(
        Guid id, MdoOutcomeRequest request, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var recorded = mdo!.RecordOutcome(request, members.Select(m => m.MemberId).ToList(), now);
        if (recorded.Refusal is { } notHeld)
        {
            return notHeld.ToProblem();
        }

        if (recorded.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(recorded.Errors, title: "The outcome is invalid.");
        }

        var (after, outcome) = (recorded.After!, recorded.Outcome!);
        var heldOn = outcome.HeldOn;
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "MdoOutcome", id.ToString(), m.Bsn)).ToList();
        var saved = await store.ChangeWithDecisionsAsync(mdo, after, http.User.Id(), entries,
            outcome.Decisions.Count == 0 ? null : new MdoDecisionsRecorded(mdo.Row.Id, mdo.Row.FamilyId, heldOn, http.User.Id(), mdo.Row.OrganiserName,
                outcome.Decisions.Select(d => new MdoDecision(d.DecisionId, d.Text, d.OwnerUserId, d.OwnerName, d.DueOn, d.MemberId)).ToList(),
                new DateTimeOffset(now, TimeSpan.Zero)), ct);
        if (!saved)
        {
            return MdoRefusals.Stale.ToProblem();
        }

        var stored = (await store.FindAsync(id, ct))!;
        http.Response.Headers.ETag = IfMatch.ETagOf(stored.Row.Version);
        return TypedResults.Ok(await ViewAsync(stored, http.User.Id(), members, calendars, time, ct));
    }
}

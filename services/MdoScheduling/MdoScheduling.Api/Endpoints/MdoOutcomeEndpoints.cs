using System.Text.Json;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>The MDO's outcome: who attended and for how long, and the decisions, checked against the MDO and the family.</summary>
public static partial class MdoEndpoints
{
    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<MdoOutcomeRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (mdo!.Row.StartsAt > now)
        {
            return Conflict("The MDO has not started yet: record its outcome after it was held.");
        }

        var heldOn = AmsterdamTime.DateOf(new DateTimeOffset(mdo.Row.StartsAt, TimeSpan.Zero));
        var (outcome, errors) = Outcome(request!, mdo, members, heldOn, now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The outcome is invalid.");
        }

        var after = mdo.Copy();
        (after.Row.Status, after.Row.ClientPresent, after.Row.OutcomeJson, after.Row.Sequence) =
            (MdoStatuses.Held, outcome!.ClientPresent, JsonSerializer.Serialize(outcome, JsonBody.Options), mdo.Row.Sequence + 1);
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "MdoOutcome", id.ToString(), m.Bsn)).ToList();
        var saved = await store.ChangeWithDecisionsAsync(mdo, after, http.User.Id(), entries,
            outcome.Decisions.Count == 0 ? null : new MdoDecisionsRecorded(mdo.Row.Id, mdo.Row.FamilyId, heldOn, http.User.Id(), mdo.Row.OrganiserName,
                outcome.Decisions.Select(d => new MdoDecision(d.DecisionId, d.Text, d.OwnerUserId, d.OwnerName, d.DueOn, d.MemberId)).ToList(),
                new DateTimeOffset(now, TimeSpan.Zero)), ct);
        if (!saved)
        {
            return Stale();
        }

        var stored = (await store.FindAsync(id, ct))!;
        http.Response.Headers.ETag = IfMatch.ETagOf(stored.Row.Version);
        return TypedResults.Ok(await ViewAsync(stored, http.User.Id(), members, calendars, time, ct));
    }

    /// <summary>The outcome as recorded, or the errors keyed by field.</summary>
    private static (OutcomeView? Outcome, Dictionary<string, string[]> Errors) Outcome(MdoOutcomeRequest request, Mdo mdo, IReadOnlyList<FamilyMemberRow> members, DateOnly heldOn, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ClientPresent is null)
        {
            errors["clientPresent"] = ["Say whether the client was present."];
        }

        var professionals = mdo.Participants.Where(p => p.Kind == ParticipantKinds.Professional && p.Status != ParticipantStatuses.Removed).ToDictionary(p => p.ParticipantId);
        var attendance = new List<AttendanceView>();
        var attendanceInputs = request.Attendance ?? [];
        if (request.Attendance is null)
        {
            errors["attendance"] = ["Give attendance and minutes per professional participant."];
        }

        for (var i = 0; i < attendanceInputs.Count; i++)
        {
            var a = attendanceInputs[i];
            if (a.ParticipantId is null || !professionals.TryGetValue(a.ParticipantId, out var p) || attendance.Any(x => x.ParticipantId == a.ParticipantId))
            {
                errors[$"attendance[{i}].participantId"] = ["A professional participant of this MDO, once."];
                continue;
            }

            if (a.Attended is null || a.Minutes is not (>= 0 and <= 480) || (a.Attended == false && a.Minutes > 0))
            {
                errors[$"attendance[{i}].minutes"] = ["Attended true or false, and 0 to 480 minutes (0 when not attended)."];
                continue;
            }

            var timeKind = MdoBilling.For(p.Role, p.Domain, request.ClientPresent == true, a.Minutes.Value);
            attendance.Add(new AttendanceView(p.ParticipantId, p.Name, a.Attended.Value, a.Minutes.Value, timeKind.Kind, timeKind.Billable && a.Attended.Value, timeKind.Reason));
        }

        var decisions = new List<DecisionView>();
        var decisionInputs = request.Decisions ?? [];
        if (request.Decisions is null || decisionInputs.Count > 50)
        {
            errors["decisions"] = ["Give the decisions, at most 50 (an empty list when none)."];
        }

        for (var i = 0; i < decisionInputs.Count && i < 50; i++)
        {
            var d = decisionInputs[i];
            var text = d.Text?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > MdoLimits.MaxDecisionLength)
            {
                errors[$"decisions[{i}].text"] = [$"What was decided, 1 to {MdoLimits.MaxDecisionLength} characters."];
            }

            if (d.OwnerUserId is null || !professionals.TryGetValue(d.OwnerUserId, out var owner))
            {
                errors[$"decisions[{i}].ownerUserId"] = ["A professional who took part, by user id."];
                continue;
            }

            if (d.DueOn is not { } due || due < heldOn || due > heldOn.AddYears(3))
            {
                errors[$"decisions[{i}].dueOn"] = ["Due on the day of the MDO or later, at most three years on."];
                continue;
            }

            if (d.MemberId is { } member && members.All(m => m.MemberId != member))
            {
                errors[$"decisions[{i}].memberId"] = ["One of the members discussed."];
                continue;
            }

            decisions.Add(new DecisionView(Guid.NewGuid(), text ?? string.Empty, owner.ParticipantId, owner.Name, due, d.MemberId));
        }

        return errors.Count > 0 ? (null, errors)
            : (new OutcomeView(heldOn, request.ClientPresent!.Value, attendance, decisions, new DateTimeOffset(now, TimeSpan.Zero)), errors);
    }
}

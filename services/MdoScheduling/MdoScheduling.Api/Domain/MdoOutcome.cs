using System.Text.Json;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Endpoints;

namespace MdoScheduling.Api.Domain;

/// <summary>
/// An outcome recorded: the MDO held with it and the outcome; or the errors of its shape, keyed by
/// field; or the refusal (the MDO was not held yet).
/// </summary>
public sealed record OutcomeCheck(Mdo? After, OutcomeView? Outcome, Dictionary<string, string[]> Errors, Refusal? Refusal);

/// <summary>The MDO's outcome: who attended and for how long, and the decisions, checked against the MDO and the members it discussed.</summary>
public sealed partial record Mdo
{
    /// <summary>
    /// The MDO held, with the outcome of <paramref name="request"/> recorded at <paramref name="now"/>: whether the client was
    /// present, each professional participant's attendance and minutes (with how their time counts, <see cref="MdoBilling"/>), and
    /// the decisions, each for a professional who took part, due from the day it was held, and for one of
    /// <paramref name="members"/> (the members discussed) or the family. Not before it started (a conflict).
    /// </summary>
    public OutcomeCheck RecordOutcome(MdoOutcomeRequest request, IReadOnlyCollection<Guid> members, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(members);
        if (Row.StartsAt > now)
        {
            return new OutcomeCheck(null, null, new Dictionary<string, string[]>(),
                Refusal.Conflict("The MDO has not started yet: record its outcome after it was held."));
        }

        var heldOn = AmsterdamTime.DateOf(new DateTimeOffset(Row.StartsAt, TimeSpan.Zero));
        var (outcome, errors) = Outcome(request, members, heldOn, now);
        if (outcome is null)
        {
            return new OutcomeCheck(null, null, errors, null);
        }

        var after = Copy();
        (after.Row.Status, after.Row.ClientPresent, after.Row.OutcomeJson, after.Row.Sequence) =
            (MdoStatuses.Held, outcome.ClientPresent, JsonSerializer.Serialize(outcome, JsonBody.Options), Row.Sequence + 1);
        return new OutcomeCheck(after, outcome, errors, null);
    }

    /// <summary>The outcome as recorded, or the errors keyed by field.</summary>
    private (OutcomeView? Outcome, Dictionary<string, string[]> Errors) Outcome(MdoOutcomeRequest request, IReadOnlyCollection<Guid> members, DateOnly heldOn, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ClientPresent is null)
        {
            errors["clientPresent"] = ["Say whether the client was present."];
        }

        var professionals = Participants.Where(p => p.Kind == ParticipantKinds.Professional && p.Status != ParticipantStatuses.Removed).ToDictionary(p => p.ParticipantId);
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
        if (request.Decisions is null || decisionInputs.Count > MdoLimits.MaxDecisions)
        {
            errors["decisions"] = [$"Give the decisions, at most {MdoLimits.MaxDecisions} (an empty list when none)."];
        }

        for (var i = 0; i < decisionInputs.Count && i < MdoLimits.MaxDecisions; i++)
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

            if (d.MemberId is { } member && !members.Contains(member))
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

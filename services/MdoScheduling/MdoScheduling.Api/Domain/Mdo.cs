using System.Text.Json;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Data;

namespace MdoScheduling.Api.Domain;

/// <summary>
/// An MDO with its participants, and what may be done to it: each change is made to a copy (the MDO
/// as read stays as read, for the store to compare), each refusal is a <see cref="Refusal"/>. Pure.
/// Its outcome is in <c>MdoOutcome.cs</c>.
/// </summary>
public sealed partial record Mdo(MdoRow Row, IReadOnlyList<ParticipantRow> Participants)
{
    /// <summary>The participant with <paramref name="participantId"/>, or null.</summary>
    public ParticipantRow? Participant(string participantId) => Participants.FirstOrDefault(p => p.ParticipantId == participantId);

    /// <summary>A copy to change: the stored one stays as read.</summary>
    public Mdo Copy() => new(Row.Copy(), Participants.Select(p => p.Copy()).ToList());

    /// <summary>
    /// A new MDO as <paramref name="plan"/> books it at <paramref name="slot"/>: planned, the organiser
    /// accepting, every other professional (required or optional) and every family member invited asked to answer.
    /// </summary>
    public static Mdo Book(PlannedMdo plan, Period slot)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var id = Guid.NewGuid();
        var row = new MdoRow
        {
            Id = id,
            FamilyId = plan.FamilyId,
            Purpose = plan.Purpose,
            MembersJson = JsonSerializer.Serialize(plan.Members.Select(m => m.MemberId)),
            OrganiserUserId = plan.Organiser.UserId,
            OrganiserName = plan.Organiser.Name,
            Status = MdoStatuses.Planned,
            StartsAt = slot.Start,
            EndsAt = slot.End,
            WindowEndsAt = plan.Window.End,
            Sequence = 0,
            Version = 1,
        };
        var participants = new List<ParticipantRow> { Professional(id, plan.Organiser, true, ParticipantStatuses.Accepted) };
        participants.AddRange(plan.Required.Select(p => Professional(id, p, true, ParticipantStatuses.NeedsAction)));
        participants.AddRange(plan.Optional.Select(p => Professional(id, p, false, ParticipantStatuses.NeedsAction)));
        participants.AddRange(plan.Family.Select(m => new ParticipantRow
        {
            MdoId = id,
            ParticipantId = ParticipantKinds.FamilyId(m.MemberId),
            Kind = ParticipantKinds.Family,
            Name = m.Name ?? "Family member",
            Role = Roles.Client,
            MemberId = m.MemberId,
            Required = false,
            Status = ParticipantStatuses.NeedsAction,
        }));
        return new Mdo(row, participants);
    }

    /// <summary>
    /// Whether <paramref name="participantId"/> may change the MDO (reschedule, cancel, record its outcome): only its
    /// organiser (else forbidden), naming the version they read (<paramref name="versionGiven"/>, else a precondition
    /// required) that is still the MDO's (<paramref name="versionMatches"/>, else stale), while it is planned (else a conflict).
    /// </summary>
    public Refusal? MayChange(string participantId, bool versionGiven, bool versionMatches)
    {
        if (participantId != Row.OrganiserUserId)
        {
            return Refusal.Forbidden("Only the organiser changes the MDO.");
        }

        if (!versionGiven)
        {
            return Refusal.PreconditionRequired("Send the MDO's ETag in If-Match.");
        }

        if (!versionMatches)
        {
            return MdoRefusals.Stale;
        }

        return Row.Status != MdoStatuses.Planned ? Refusal.Conflict($"The MDO is {Row.Status}: it changes no more.") : null;
    }

    /// <summary>The user ids of the required professionals still taking part: who must be free for a new time.</summary>
    public IReadOnlyList<string> MustBeFree() =>
        Participants.Where(p => p.Required && p.Kind == ParticipantKinds.Professional && p.Status != ParticipantStatuses.Removed)
            .Select(p => p.ParticipantId).ToList();

    /// <summary>The MDO's time were it to start at <paramref name="start"/> (UTC): the same length.</summary>
    public Period MovedTo(DateTime start) => new(start, start + (Row.EndsAt - Row.StartsAt));

    /// <summary>
    /// The MDO moved to <paramref name="slot"/>, its invitation's sequence raised: a new time asks everyone still taking
    /// part again, but the organiser, who chose it, accepts it at <paramref name="now"/>.
    /// </summary>
    public Mdo Rescheduled(Period slot, DateTime now)
    {
        var after = Copy();
        (after.Row.StartsAt, after.Row.EndsAt, after.Row.Sequence) = (slot.Start, slot.End, Row.Sequence + 1);
        foreach (var p in after.Participants.Where(p => p.Status != ParticipantStatuses.Removed))
        {
            var organiser = p.ParticipantId == Row.OrganiserUserId;
            (p.Status, p.Reason, p.AnsweredAt) = (organiser ? ParticipantStatuses.Accepted : ParticipantStatuses.NeedsAction, null, organiser ? now : null);
        }

        return after;
    }

    /// <summary>The MDO cancelled with <paramref name="reason"/> (as given), its invitation's sequence raised.</summary>
    public Mdo Cancelled(string? reason)
    {
        var after = Copy();
        (after.Row.Status, after.Row.CancelReason, after.Row.Sequence) = (MdoStatuses.Cancelled, reason, Row.Sequence + 1);
        return after;
    }

    /// <summary>The MDO with <paramref name="participantIds"/> taken off it for <paramref name="reason"/>, its invitation's sequence raised.</summary>
    public Mdo Without(IReadOnlyCollection<string> participantIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(participantIds);
        var after = Copy();
        foreach (var p in after.Participants.Where(p => participantIds.Contains(p.ParticipantId)))
        {
            (p.Status, p.Reason) = (ParticipantStatuses.Removed, reason);
        }

        after.Row.Sequence = Row.Sequence + 1;
        return after;
    }

    /// <summary>Whether the MDO takes answers: only while it is planned (else a conflict).</summary>
    public Refusal? MayAnswer() =>
        Row.Status != MdoStatuses.Planned ? Refusal.Conflict($"The MDO is {Row.Status}: it takes no answers.") : null;

    /// <summary>
    /// The MDO with <paramref name="participantId"/>'s <paramref name="answer"/> (accepted or declined) and
    /// <paramref name="reason"/>, answered at <paramref name="now"/>; null when they gave that answer and reason already.
    /// </summary>
    public Mdo? Answered(string participantId, string answer, string? reason, DateTime now)
    {
        var after = Copy();
        var mine = after.Participant(participantId) ?? throw new ArgumentException("Not a participant of this MDO.", nameof(participantId));
        if (mine.Status == answer && mine.Reason == reason)
        {
            return null;
        }

        (mine.Status, mine.Reason, mine.AnsweredAt) = (answer, reason, now);
        return after;
    }

    private static ParticipantRow Professional(Guid mdoId, CalendarRow p, bool required, string status) => new()
    {
        MdoId = mdoId,
        ParticipantId = p.UserId,
        Kind = ParticipantKinds.Professional,
        Name = p.Name,
        Role = p.Role,
        Agb = p.Agb,
        OrganisationAgb = p.OrganisationAgb,
        Domain = p.Domain,
        Required = required,
        Status = status,
    };
}

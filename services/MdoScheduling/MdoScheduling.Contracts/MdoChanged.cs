namespace MdoScheduling.Contracts;

/// <summary>
/// An MDO was booked or changed: a new time, a participant's answer, someone removed, cancelled or
/// held. Carries when and who, never what is discussed: subscribers that need more read the MDO.
/// </summary>
/// <param name="MdoId">The MDO.</param>
/// <param name="FamilyId">The family it is about.</param>
/// <param name="Change">booked, answered, rescheduled, participant-removed, cancelled or held.</param>
/// <param name="Status">The MDO's status after the change: planned, cancelled or held.</param>
/// <param name="StartsAt">When it starts (UTC).</param>
/// <param name="EndsAt">When it ends (UTC).</param>
/// <param name="Sequence">The invitation's SEQUENCE after the change.</param>
/// <param name="Version">The MDO's version after the change: a subscriber keeps the highest it has seen.</param>
/// <param name="Participants">Who takes part after the change, and each one's answer.</param>
/// <param name="Affected">Whom the change is about: the participant who answered or was removed; everyone for a new time or a cancellation.</param>
/// <param name="ChangedAt">When (UTC).</param>
public sealed record MdoChanged(
    Guid MdoId,
    Guid FamilyId,
    string Change,
    string Status,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    int Sequence,
    int Version,
    IReadOnlyList<MdoParticipantStatus> Participants,
    IReadOnlyList<string> Affected,
    DateTimeOffset ChangedAt);

/// <summary>One participant of an MDO and their answer.</summary>
/// <param name="ParticipantId">A professional's user id, or <c>member:&lt;member id&gt;</c> for a family member.</param>
/// <param name="Name">Their name.</param>
/// <param name="Required">Whether the MDO needs them.</param>
/// <param name="Status">needs-action, accepted, declined or removed.</param>
public sealed record MdoParticipantStatus(string ParticipantId, string Name, bool Required, string Status);

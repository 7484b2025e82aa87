namespace Coordination.Portal.Api;

// The MDO service's answers as the portal reads them (GET /api/mdos…): only the fields it shows.

public sealed record MdoListItem(Guid Id, Guid FamilyId, string Status, DateTimeOffset Start, DateTimeOffset End, bool Organiser, string MyStatus, bool Changed);

public sealed record MdoList(IReadOnlyList<MdoListItem> Items);

public sealed record MdoPerson(string ParticipantId, string? Name);

public sealed record MdoParticipant(string ParticipantId, string Kind, string Name, string Role, bool Required, string Status, string? Reason);

public sealed record MdoMember(Guid MemberId, string? Name);

public sealed record MdoDecision(string Text, string OwnerName, DateOnly DueOn, Guid? MemberId);

public sealed record MdoOutcome(DateOnly HeldOn, bool ClientPresent, IReadOnlyList<MdoDecision> Decisions);

public sealed record Mdo(
    Guid Id, Guid FamilyId, string Purpose, IReadOnlyList<MdoMember> Members, string Status, DateTimeOffset Start, DateTimeOffset End, MdoPerson Organiser,
    IReadOnlyList<MdoParticipant> Participants, string? MyStatus, string? CancelReason, MdoOutcome? Outcome);

public sealed record MdoSlot(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> OptionalFree);

/// <summary>The search's answer: the earliest slot and alternatives, or who blocks and the nearest slot without them.</summary>
public sealed record MdoSlotSearch(MdoSlot? Earliest, IReadOnlyList<MdoSlot> Alternatives, IReadOnlyList<MdoPerson> Blocking, MdoSlot? WithoutBlocking);

public sealed record WorkingHours(string Day, string From, string To);

public sealed record BusyTime(DateTimeOffset Start, DateTimeOffset End, string Source);

public sealed record MdoCalendar(IReadOnlyList<WorkingHours> Hours, IReadOnlyList<BusyTime> Busy);

public sealed record CalendarUpload(int Periods, DateTimeOffset From, DateTimeOffset Until);

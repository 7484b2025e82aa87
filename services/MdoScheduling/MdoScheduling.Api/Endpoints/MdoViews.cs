namespace MdoScheduling.Api.Endpoints;

public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> OptionalFree);

public sealed record PersonView(string ParticipantId, string Name);

/// <summary>The search's answer: the earliest slot and alternatives, or who blocks and the nearest slot without them.</summary>
public sealed record SlotSearchView(SlotView? Earliest, IReadOnlyList<SlotView> Alternatives, IReadOnlyList<PersonView> Blocking, SlotView? WithoutBlocking);

public sealed record ParticipantView(string ParticipantId, string Kind, string Name, string Role, string? OrganisationAgb, bool Required, string Status, string? Reason);

public sealed record MemberView(Guid MemberId, string? Name);

public sealed record AttendanceView(string ParticipantId, string Name, bool Attended, int Minutes, string TimeKind, bool Billable, string Reason);

public sealed record DecisionView(Guid DecisionId, string Text, string OwnerUserId, string OwnerName, DateOnly DueOn, Guid? MemberId);

public sealed record OutcomeView(DateOnly HeldOn, bool ClientPresent, IReadOnlyList<AttendanceView> Attendance, IReadOnlyList<DecisionView> Decisions, DateTimeOffset RecordedAt);

public sealed record MdoView(
    Guid Id, Guid FamilyId, string Purpose, IReadOnlyList<MemberView> Members, string Status, DateTimeOffset Start, DateTimeOffset End,
    int Sequence, PersonView Organiser, IReadOnlyList<ParticipantView> Participants, string? MyStatus, string? CancelReason,
    OutcomeView? Outcome, SlotSearchView? Proposal, int Version);

public sealed record MdoListItem(Guid Id, Guid FamilyId, string Status, DateTimeOffset Start, DateTimeOffset End, int Sequence, bool Organiser, bool Required,
    string MyStatus, bool Changed);

public sealed record MdoList(IReadOnlyList<MdoListItem> Items);

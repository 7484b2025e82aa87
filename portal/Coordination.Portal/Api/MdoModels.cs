namespace Coordination.Portal.Api;

// The MDO service's answers as the portal reads them (GET /api/mdos…): only the fields it shows.

public sealed record MdoListItem(Guid Id, Guid FamilyId, string Status, DateTimeOffset Start, DateTimeOffset End, string MyStatus, bool Changed);

public sealed record MdoList(IReadOnlyList<MdoListItem> Items);

public sealed record MdoPerson(string? Name);

public sealed record MdoParticipant(string ParticipantId, string Kind, string Name, string Role, bool Required, string Status, string? Reason);

public sealed record Mdo(
    Guid Id, string Purpose, string Status, DateTimeOffset Start, DateTimeOffset End, MdoPerson Organiser, IReadOnlyList<MdoParticipant> Participants,
    string? MyStatus, string? CancelReason);

namespace Coordination.Portal.Api;

// The consent service's answers as the portal reads them (GET /api/consents…): only the fields it shows.

public sealed record PersonRef(Guid MemberId, string? Name);

public sealed record PlainText(string Nl, string En);

public sealed record PurposeView(string Code, PlainText Explanation);

public sealed record RecipientView(string Kind, string Id);

public sealed record MissingView(string Capacity, IReadOnlyList<PersonRef> AnyOf);

public sealed record ConsentView(Guid Id, PersonRef Subject, PurposeView Purpose, RecipientView Recipient, string State, IReadOnlyList<MissingView> Missing);

public sealed record RuleView(string Id, string Text);

public sealed record DeclarableSubject(Guid MemberId, string? Name, Guid FamilyId, string Capacity, RuleView Rule);

public sealed record AccessorView(string Id, string? Name, string Role, string? OnBehalfOf);

public sealed record AccessView(DateTimeOffset At, string Service, AccessorView Who, string Action, string Outcome, string Purpose, string ObjectType, bool EmergencyAccess);

public sealed record AccessLogView(IReadOnlyList<AccessView> Items, string? NextCursor, bool Complete, IReadOnlyList<string> Unavailable);

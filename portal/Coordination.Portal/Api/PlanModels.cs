namespace Coordination.Portal.Api;

// The family plan as the portal reads it (GET /api/families…): only the fields it shows.

public sealed record MyFamily(Guid FamilyId);

public sealed record MyFamiliesPage(IReadOnlyList<MyFamily> Items, int Page, int PageSize, int Total);

public sealed record PlanTaskAssignee(string UserId, string Name);

public sealed record PlanTaskMember(Guid MemberId, string? Name);

public sealed record PlanTask(
    Guid Id, string Kind, Guid SubjectMemberId, Guid ReferralId, PlanTaskAssignee Assignee, DateTime CreatedAt, string Status,
    IReadOnlyList<PlanTaskMember> Minors, IReadOnlyList<PlanTaskMember> Parents);

public sealed record PlanMember(Guid? MemberId, string? Name, string Consent, IReadOnlyList<PlanTask>? Tasks);

public sealed record FamilyPlan(Guid FamilyId, IReadOnlyList<PlanMember> Members);

namespace Coordination.Portal.Api;

// The referral service's answers as the portal reads them (GET /api/referrals…): only the fields it shows.

public sealed record NormClock(string Norm, int NormDays, int DaysWaited, bool Stopped, bool Breached, DateOnly? BreachesOn, bool ForecastBreach);

public sealed record WorklistItem(
    Guid Id, string SubjectName, string Domain, string Status, bool Urgent, string ReferrerAgb, string? ReferrerName,
    string? ReceiverAgb, string? ReceiverName, DateTime SubmittedAt, IReadOnlyList<NormClock> Clocks);

public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, string? NextCursor);

public sealed record TimelineActor(string Name, string Role, string? OrganisationAgb);

public sealed record TimelineReceiver(string Agb, string Name);

public sealed record TimelineDetail(
    string? Note, TimelineReceiver? To, DateOnly? IntakeDate, bool? Held, DateOnly? TreatmentStartDate, string? Summary, string? Text);

public sealed record TimelineItem(string Step, string Status, DateTimeOffset At, TimelineActor By, string? Reason, TimelineDetail? Detail);

public sealed record FollowedReferral(
    Guid Id, Guid FamilyId, string SubjectName, string Domain, string Reason, string Status, string ReferrerAgb, string? ReferrerName,
    string? SuspectedDsmCode, bool Urgent, string? UrgentReason, string? ReceiverAgb, string? ReceiverName, DateTime SubmittedAt,
    IReadOnlyList<NormClock> Clocks, string? CareLevel, DateOnly? IntakePlannedOn, DateOnly? IntakeOn, DateOnly? TreatmentStartedOn,
    string? ClosureSummary, int TotalDaysWaited, IReadOnlyList<TimelineItem> Timeline, IReadOnlyList<string> AllowedSteps);

public sealed record ReferralCreated(Guid Id, Guid FamilyId, string Status, DateTimeOffset SubmittedAt);

public sealed record DirectoryEntry(string Agb, string Kind, string Name, string? Profession, string? Domain, string? OrganisationAgb, string? City);

public sealed record FeedItem(Guid ReferralId, string Step, string Status, DateTimeOffset At, TimelineActor By, string? Reason);

public sealed record ReferralFeed(IReadOnlyList<FeedItem> Items, string NextCursor);

public sealed record PoolItem(Guid Id, string Domain, int Age, string MunicipalityCode, bool Urgent, DateOnly RegisteredOn);

public sealed record PoolPage(IReadOnlyList<PoolItem> Items, string? NextCursor);

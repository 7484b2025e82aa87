namespace Coordination.Portal.Api;

// The referral service's answers as the portal reads them (GET /api/referrals…): only the fields it shows.

public sealed record NormClock(string Norm, int NormDays, int DaysWaited, bool Stopped, bool Breached, DateOnly? BreachesOn, bool ForecastBreach);

public sealed record WorklistItem(
    Guid Id, string SubjectName, string Domain, string Status, bool Urgent, string ReferrerAgb, string? ReferrerName,
    string? ReceiverAgb, string? ReceiverName, DateTime SubmittedAt, IReadOnlyList<NormClock> Clocks);

public sealed record WorklistPage(IReadOnlyList<WorklistItem> Items, int Page, int PageSize, int Total);

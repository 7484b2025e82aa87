namespace Coordination.Portal.Api;

// The funding route service's answers to a financier (GET /api/funding-routes…): whom for, which law, why; never clinical content.

public sealed record FinancierRouteSubject(string Bsn, DateOnly? BirthDate);

public sealed record FinancierRoute(
    Guid ReferralId, FinancierRouteSubject Subject, string Law, string? ProductCategory, bool DeductibleApplies, IReadOnlyList<string> Paperwork,
    string Rule, DateTimeOffset DecidedAt);

public sealed record FinancierRoutePage(IReadOnlyList<FinancierRoute> Items, string? NextCursor);

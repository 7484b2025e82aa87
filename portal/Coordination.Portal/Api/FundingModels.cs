namespace Coordination.Portal.Api;

// The funding route service's answers to a financier (GET /api/funding-routes…): whom for, which law, why; never clinical content.

public sealed record FinancierRouteSubject(string Bsn, DateOnly? BirthDate);

public sealed record FinancierRoute(
    Guid ReferralId, FinancierRouteSubject Subject, string Law, string? ProductCategory, bool DeductibleApplies, IReadOnlyList<string> Paperwork,
    string Rule, DateTimeOffset DecidedAt);

public sealed record FinancierRoutePage(IReadOnlyList<FinancierRoute> Items, string? NextCursor);

public sealed record FundingChoice(string Law, string FinancierType, string? FinancierCode, string? ProductCategory, bool DeductibleApplies, IReadOnlyList<string> Paperwork);

public sealed record EvaluatedRule(string Id, string Article, string Nl, string En);

public sealed record EvaluatedTransition(DateOnly BirthdayOn, DateOnly TaskFrom, bool Continues, string Law, string? StopReason, EvaluatedRule Rule);

/// <summary>The what-if answer: who would pay, the preferred first, and why; the transition at 18 where one is due.</summary>
public sealed record WhatIfAnswer(DateOnly On, IReadOnlyList<FundingChoice> Options, IReadOnlyList<EvaluatedRule> Rules, EvaluatedTransition? Transition)
{
    /// <summary>The answer in the shape of an intervention's funding, so it is shown the same way.</summary>
    public InterventionFunding AsFunding()
    {
        FundingRuleCitation Cite(EvaluatedRule rule) => new(rule.Id, rule.Article, rule.Nl, rule.En);
        return new InterventionFunding(
            Options.Select(o => new FundingOption(o.Law, o.FinancierType, o.FinancierCode, o.ProductCategory, o.DeductibleApplies)).ToList(),
            Rules.Select(Cite).ToList(), Options.Count > 0 ? Options[0].Paperwork : [], default,
            Transition is { } t ? new FundingTransition(t.BirthdayOn, t.TaskFrom, t.Continues, t.Law, null, null, t.StopReason, NewReferralNeeded: false, Cite(t.Rule)) : null);
    }
}

public sealed record FinancierRuleCitation(string RuleId, string Article);

public sealed record FinancierInterventionRoute(
    Guid InterventionId, FinancierRouteSubject? Subject, string? Kind, string? Status, DateOnly? StartOn, DateOnly? EndOn, int? PlannedSessions, string Law,
    string? ProductCategory, bool DeductibleApplies, decimal? DeductibleAmount, IReadOnlyList<string> Paperwork, IReadOnlyList<FinancierRuleCitation> Rules,
    DateTimeOffset DecidedAt);

public sealed record FinancierInterventionRoutePage(IReadOnlyList<FinancierInterventionRoute> Items, string? NextCursor);

public sealed record CostBenefitSum(string CaseType, int Therapies, decimal ExpectedAvoidedCost, decimal Cost, decimal Net);

/// <summary>What the financier's population's planned family therapies are worth, per case of the cost–benefit table and in all.</summary>
public sealed record PopulationCostBenefit(string Source, IReadOnlyList<CostBenefitSum> Cases, CostBenefitSum Total);

public sealed record IjwCode(string Code, string Meaning);

public sealed record AssignmentMessage(string Message, DateOnly On, string? Detail);

/// <summary>A JW315 assignment request as the municipality sees it: whom for, the deadlines, the steps it may take; no clinical content.</summary>
public sealed record Assignment(
    Guid Id, FinancierRouteSubject Subject, string ProviderAgb, string ProductCategory, string Status, DateOnly RequestedOn, DateOnly ReceiptDueOn,
    DateOnly AnswerDueOn, bool ReceiptOverdue, bool AnswerOverdue, bool InvestigatingResidence, DateOnly? AssignedFrom, DateOnly? AssignedTo,
    IjwCode? RejectionReason, DateOnly? StoppedOn, IjwCode? StopReason, IReadOnlyList<string> Allowed, IReadOnlyList<AssignmentMessage> Messages);

public sealed record AssignmentPage(IReadOnlyList<Assignment> Items, string? NextCursor);

namespace FundingRoute.Api.Domain.Engine;

/// <summary>
/// What adding family therapy is worth per case, as the 2017 study for the Dutch family therapy
/// association NVRG found it (domain.md): the avoided cost at full success, the success chance,
/// the expected avoided cost, the average cost of the family therapy and the net, in euros. The
/// study's own rounded figures are kept; the break-even success chance is the cost over the avoided cost.
/// </summary>
/// <param name="CaseType">The case: family-with-young-children, mother-and-daughter, older-couple.</param>
/// <param name="Description">The case in words.</param>
/// <param name="AvoidedCostAtFullSuccess">The cost avoided when the therapy succeeds.</param>
/// <param name="SuccessChance">The chance it succeeds, 0 to 1.</param>
/// <param name="ExpectedAvoidedCost">Success chance × avoided cost, as the study rounds it.</param>
/// <param name="AverageCost">The average cost of the family therapy.</param>
/// <param name="Net">Expected avoided cost − cost.</param>
/// <param name="Note">What the figure leaves out, if anything.</param>
public sealed record CostBenefitCase(
    string CaseType, string Description, decimal AvoidedCostAtFullSuccess, decimal SuccessChance, decimal ExpectedAvoidedCost, decimal AverageCost, decimal Net, string? Note)
{
    /// <summary>The success chance above which the therapy pays for itself: cost / avoided cost.</summary>
    public decimal BreakEvenSuccessChance => Math.Round(AverageCost / AvoidedCostAtFullSuccess, 3, MidpointRounding.AwayFromZero);
}

/// <summary>The cost–benefit table of family therapy, as data with its source.</summary>
public static class CostBenefit
{
    public const string Source = "Cost–benefit study of family therapy for the NVRG (Dutch association for relationship and family therapy), 2017, as quoted in the project's domain text (domain.md).";

    public static readonly IReadOnlyList<CostBenefitCase> Cases =
    [
        new("family-with-young-children", "A family with young children", 2696m, 0.79m, 2131m, 405m, 1726m, null),
        new("mother-and-daughter", "Mother and daughter", 2448m, 0.62m, 1519m, 625m, 894m, null),
        new("older-couple", "An older couple", 3702m, 0.49m, 1813m, 589m, 1224m,
            "Leaves out a postponed nursing-home admission worth over €34,000."),
    ];

    /// <summary>The older couple's case applies from this age of the member the therapy is for.</summary>
    public const int OlderFrom = 60;

    /// <summary>
    /// The case closest to a family therapy, from the ages on record (docs/adr/0016): the older
    /// couple when the member it is for is 60 or over; a family with children when a member of
    /// the family on record is under 18; else a parent and an adult child (mother and daughter).
    /// </summary>
    public static CostBenefitCase ClosestCase(int subjectAge, IEnumerable<int> familyAges)
    {
        ArgumentNullException.ThrowIfNull(familyAges);
        var caseType = subjectAge >= OlderFrom ? "older-couple"
            : familyAges.Any(age => age < 18) ? "family-with-young-children"
            : "mother-and-daughter";
        return Cases.Single(c => c.CaseType == caseType);
    }
}

using BenchmarkDotNet.Attributes;
using FundingRoute.Api.Domain.Engine;

namespace Coordination.Bench.Decision;

/// <summary>
/// One funding decision in process, for the cases that walk the longest paths of the rule book:
/// a child in a placement who moved (youth, woonplaatsbeginsel with a move), family therapy for
/// an adult without a disorder (four rules, two options), and continued help at 22.
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private readonly FundingFacts _youth = new(new DateOnly(2012, 4, 20), Today, HelpKind.MentalHealthTreatment,
        new Residence("0363", PreviousMunicipality: "0344", MovedOn: Today.AddDays(-100)));

    private readonly FundingFacts _familyTherapy = new(new DateOnly(1991, 6, 2), Today, HelpKind.FamilyTherapy, new Residence("0344"), "3311");

    private readonly FundingFacts _continued = new(new DateOnly(2004, 1, 15), Today, HelpKind.SupportAtHome, new Residence("0935"),
        ContinuationFoundNecessaryBefore18: true);

    [Benchmark]
    public FundingAnswer YouthAfterAMove() => FundingEngine.Decide(_youth);

    [Benchmark]
    public FundingAnswer AdultFamilyTherapy() => FundingEngine.Decide(_familyTherapy);

    [Benchmark]
    public FundingAnswer ContinuedHelpAt22() => FundingEngine.Decide(_continued);
}

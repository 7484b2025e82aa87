using Coordination.Testing;
using FamilyPlan.Contracts;
using FundingRoute.Contracts;

namespace FundingRoute.Tests;

/// <summary>The funding decisions the service publishes, as a subscriber sees them; those seen while waiting for another are kept.</summary>
internal sealed class PublishedDecisions(TestBus<InterventionFundingDecided> bus)
{
    private readonly List<InterventionFundingDecided> _seen = [];

    /// <summary>The decision of <paramref name="intervention"/> at <paramref name="version"/>, once published.</summary>
    public async Task<InterventionFundingDecided> OfAsync(InterventionChanged intervention, int version)
    {
        bool Match(InterventionFundingDecided d) => d.InterventionId == intervention.InterventionId && d.Version == version;
        if (_seen.FirstOrDefault(Match) is { } seen)
        {
            return seen;
        }

        return (await bus.WaitForAsync(d =>
        {
            _seen.Add(d);
            return Match(d);
        })).Message;
    }
}

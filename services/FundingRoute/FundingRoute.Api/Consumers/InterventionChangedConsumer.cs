using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Coordination.ServiceDefaults;
using FamilyPlan.Contracts;
using FundingRoute.Api.Data;
using FundingRoute.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>
/// Decides who pays for each planned or changed intervention of the family plan (issue 10), from
/// what the referrals told of its member, keeps the answer per intervention and publishes it
/// (<see cref="InterventionFundingDecided"/>): a late, older version of the intervention changes
/// nothing. A cancelled intervention keeps its last answer, marked cancelled for its financier.
/// </summary>
public sealed class InterventionChangedConsumer(Database database, UnitOfWork unitOfWork, AccessLogWriter access, ILogger<InterventionChangedConsumer> logger)
    : InboxConsumer<InterventionChanged>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FundingRouteInterventionChanged;

    // Judged on the day the help begins, or today when it began already.
    protected override Task HandleAsync(InterventionChanged m, WriteContext write) =>
        InterventionRouteStore.DecideAsync(write, access, m, AmsterdamTime.DateOf(new DateTimeOffset(write.NowUtc, TimeSpan.Zero)));
}

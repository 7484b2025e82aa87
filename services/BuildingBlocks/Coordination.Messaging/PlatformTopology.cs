using Consent.Contracts;
using FamilyPlan.Contracts;
using FundingRoute.Contracts;
using MassTransit;
using MdoScheduling.Contracts;
using Microsoft.Extensions.Logging;
using Referral.Contracts;

namespace Coordination.Messaging;

/// <summary>
/// One subscription of the platform: a service's queue and the event it receives there. The
/// queue name is also the consumer's inbox key, so renaming a consumer class changes neither.
/// </summary>
/// <param name="Queue">The durable queue, <c>&lt;service&gt;-&lt;event&gt;</c> in kebab case.</param>
/// <param name="MessageType">The event published to the queue.</param>
public sealed record Subscription(string Queue, Type MessageType)
{
    internal Action<IRabbitMqReceiveEndpointConfigurator> Bind { get; private init; } = _ => { };

    /// <summary>The subscription of <paramref name="service"/> to <typeparamref name="T"/>.</summary>
    public static Subscription Of<T>(string service, string name)
        where T : class => new($"{service}-{name}", typeof(T)) { Bind = endpoint => endpoint.Bind<T>() };
}

/// <summary>
/// Every queue of the platform and the events bound to it, in one list. The topology step
/// (<see cref="DeployAsync"/>) declares them all before any service publishes, so an event with
/// two subscribers, one of them not started yet, waits in that one's queue instead of being lost
/// to it. The relay publishes <c>mandatory</c>, so an event no queue receives is never marked sent.
/// Only published events are listed: a query sent to one service (<c>&lt;service&gt;-access-log</c>,
/// <see cref="AccessLog.AccessLogQueues"/>) is worth something only while its sender waits, and
/// that service declares its queue itself when it starts.
/// </summary>
public static class PlatformTopology
{
    /// <summary>The family plan learns of each referral.</summary>
    public static readonly Subscription FamilyPlanReferralSubmitted = Subscription.Of<ReferralSubmitted>(PlatformServices.FamilyPlan, "referral-submitted");

    /// <summary>The family plan puts each funding route beside its referral.</summary>
    public static readonly Subscription FamilyPlanFundingRouteDecided = Subscription.Of<FundingRouteDecided>(PlatformServices.FamilyPlan, "funding-route-decided");

    /// <summary>The funding route service decides the first route of each referral, from what a financier may know of it.</summary>
    public static readonly Subscription FundingRouteReferralSubmitted = Subscription.Of<ReferralSubmittedForFunding>(PlatformServices.FundingRoute, "referral-submitted-for-funding");

    /// <summary>The consent service learns each household: member ids, birth dates, parents and custody, referrers.</summary>
    public static readonly Subscription ConsentReferralSubmitted = Subscription.Of<ReferralSubmitted>("consent", "referral-submitted");

    /// <summary>The family plan follows each referral's status.</summary>
    public static readonly Subscription FamilyPlanReferralStatusChanged = Subscription.Of<ReferralStatusChanged>(PlatformServices.FamilyPlan, "referral-status-changed");

    /// <summary>The accepting professional joins the family's care team; the plan raises the kindcheck or oudercheck.</summary>
    public static readonly Subscription FamilyPlanReferralAccepted = Subscription.Of<ReferralAccepted>(PlatformServices.FamilyPlan, "referral-accepted");

    /// <summary>The plan shows that the referrer supplemented a referral.</summary>
    public static readonly Subscription FamilyPlanReferralSupplemented = Subscription.Of<ReferralSupplemented>(PlatformServices.FamilyPlan, "referral-supplemented");

    /// <summary>
    /// The funding route service decides who pays for each planned or changed intervention.
    /// </summary>
    public static readonly Subscription FundingRouteInterventionChanged = Subscription.Of<InterventionChanged>(PlatformServices.FundingRoute, "intervention-changed");

    /// <summary>The funding route service learns which organisation accepted a referral: the provider that may request its iJw assignment.</summary>
    public static readonly Subscription FundingRouteReferralAccepted = Subscription.Of<ReferralAccepted>(PlatformServices.FundingRoute, "referral-accepted");

    /// <summary>The plan shows the funding answer beside its intervention.</summary>
    public static readonly Subscription FamilyPlanInterventionFundingDecided = Subscription.Of<InterventionFundingDecided>(PlatformServices.FamilyPlan, "intervention-funding-decided");

    /// <summary>An MDO's decisions become actions in the family plan.</summary>
    public static readonly Subscription FamilyPlanMdoDecisionsRecorded = Subscription.Of<MdoDecisionsRecorded>(PlatformServices.FamilyPlan, "mdo-decisions-recorded");

    /// <summary>The MDO service follows each family's care team: whom it may invite, who left.</summary>
    public static readonly Subscription MdoSchedulingCareTeamChanged = Subscription.Of<CareTeamChanged>(PlatformServices.MdoScheduling, "care-team-changed");

    /// <summary>The MDO service learns each family's members and referring practices: whom an MDO may discuss or invite.</summary>
    public static readonly Subscription MdoSchedulingReferralSubmitted = Subscription.Of<ReferralSubmitted>(PlatformServices.MdoScheduling, "referral-submitted");

    /// <summary>A withdrawn consent removes from planned MDOs whom it let take part.</summary>
    public static readonly Subscription MdoSchedulingConsentWithdrawn = Subscription.Of<ConsentWithdrawn>(PlatformServices.MdoScheduling, "consent-withdrawn");

    /// <summary>The plan shows the family's MDOs: when, and whether they are planned, cancelled or held.</summary>
    public static readonly Subscription FamilyPlanMdoChanged = Subscription.Of<MdoChanged>(PlatformServices.FamilyPlan, "mdo-changed");

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<Subscription> All =
    [
        FamilyPlanReferralSubmitted, FamilyPlanFundingRouteDecided, FundingRouteReferralSubmitted, ConsentReferralSubmitted,
        FamilyPlanReferralStatusChanged, FamilyPlanReferralAccepted, FamilyPlanReferralSupplemented,
        FundingRouteInterventionChanged, FamilyPlanInterventionFundingDecided, FamilyPlanMdoDecisionsRecorded,
        MdoSchedulingCareTeamChanged, FundingRouteReferralAccepted, MdoSchedulingReferralSubmitted, MdoSchedulingConsentWithdrawn,
        FamilyPlanMdoChanged,
    ];

    /// <summary>How long one attempt to declare the topology may take; declaring a dozen queues takes well under a second.</summary>
    public static readonly TimeSpan DeployTimeout = TimeSpan.FromSeconds(20);

    private const int DeployAttempts = 3;

    private static IBusControl CreateBus(RabbitMqOptions options) => Bus.Factory.CreateUsingRabbitMq(cfg =>
    {
        MessagingExtensions.ConfigureHost(cfg, options);
        cfg.DeployTopologyOnly = true;
        foreach (var subscription in All)
        {
            cfg.ReceiveEndpoint(subscription.Queue, endpoint =>
            {
                endpoint.ConfigureConsumeTopology = false;
                MessagingExtensions.ConfigureQueue(endpoint, options);
                subscription.Bind(endpoint);
            });
        }
    });

    /// <summary>
    /// Declares every queue, its exchanges and bindings on the broker named by
    /// <paramref name="options"/>, without consuming anything, and returns when done.
    /// </summary>
    public static async Task DeployAsync(RabbitMqOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        // MassTransit's DeployAsync can, now and then, never return: it stops the bus while an endpoint
        // is still starting, and the stop waits for it (MassTransit pull request 6099, "Fix deploy
        // topology freeze"). Declaring is idempotent, so a deployment that takes too long is left
        // behind and done again with a new bus.
        for (var attempt = 1; ; attempt++)
        {
            var deployment = CreateBus(options).DeployAsync(cancellationToken);
            try
            {
                await deployment.WaitAsync(DeployTimeout, cancellationToken);
                break;
            }
            catch (TimeoutException) when (attempt < DeployAttempts)
            {
                _ = deployment.ContinueWith(t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                logger.LogWarning("Declaring the topology did not finish within {Timeout}; declaring it again (attempt {Attempt} of {Attempts})",
                    DeployTimeout, attempt + 1, DeployAttempts);
            }
        }

        logger.LogInformation("Declared {Count} queues and their bindings on {Host}/{VirtualHost}", All.Count, options.Host, options.VirtualHost);
    }
}

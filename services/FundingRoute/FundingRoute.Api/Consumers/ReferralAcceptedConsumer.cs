using Coordination.Data;
using Coordination.Messaging;
using Dapper;
using FundingRoute.Api.Data;
using Referral.Contracts;

namespace FundingRoute.Api.Consumers;

/// <summary>
/// Keeps which organisation accepted each referral: the youth care provider that may request its
/// iJw assignment (JW315). A referral is accepted once; a copy of the event changes nothing.
/// </summary>
public sealed class ReferralAcceptedConsumer(Database database, UnitOfWork unitOfWork, ILogger<ReferralAcceptedConsumer> logger)
    : InboxConsumer<ReferralAccepted>(Subscription, database, unitOfWork, logger), ISubscriber
{
    /// <summary>The queue this consumer reads and its inbox key.</summary>
    public static Subscription Subscription => PlatformTopology.FundingRouteReferralAccepted;

    protected override async Task HandleAsync(ReferralAccepted accepted, WriteContext write)
    {
        // A clinician's organisation; a POH accepts for the GP practice, whose AGB the actor carries.
        var organisation = accepted.AcceptedBy.OrganisationAgb ?? accepted.AcceptedBy.Agb;
        if (organisation is null)
        {
            return;
        }

        await write.Connection.ExecuteAsync(new CommandDefinition(Database.Sql(AssignmentStore.ProviderSql, sqlServer: AssignmentStore.ProviderSqlServer),
            new { accepted.ReferralId, OrganisationAgb = organisation, AcceptedAt = accepted.AcceptedAt.UtcDateTime }, write.Transaction,
            cancellationToken: write.CancellationToken));
    }
}

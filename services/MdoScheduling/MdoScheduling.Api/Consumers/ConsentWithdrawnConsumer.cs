using Consent.Contracts;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using MassTransit;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Consumers;

/// <summary>
/// A withdrawn mdo consent takes off the family's planned MDOs every professional no other consent
/// still covers for every member discussed, at once, and tells everyone; an MDO whose organiser
/// it no longer covers is cancelled. It asks the consent service
/// again rather than reading the withdrawal itself, since another consent may still cover them.
/// Idempotent without an inbox: a copy finds nobody left to remove. The consent service is asked
/// before the unit of work opens, so no transaction waits on the bus.
/// </summary>
public sealed class ConsentWithdrawnConsumer(MdoStore mdos, FamilyDirectory families, MdoConsent consent, CalendarStore calendars, UnitOfWork unitOfWork,
    AccessLogWriter access, TimeProvider time, ILogger<ConsentWithdrawnConsumer> logger) : IConsumer<ConsentWithdrawn>, ISubscriber
{
    /// <summary>The queue this consumer reads.</summary>
    public static Subscription Subscription => PlatformTopology.MdoSchedulingConsentWithdrawn;

    public async Task Consume(ConsumeContext<ConsentWithdrawn> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (m.Purpose != ConsentPurposes.Mdo)
        {
            return;
        }

        var ct = context.CancellationToken;
        var members = await families.MembersAsync(m.FamilyId, ct);
        var team = await families.TeamAsync(m.FamilyId, ct);
        foreach (var mdo in await mdos.PlannedForFamilyAsync(m.FamilyId, time.GetUtcNow().UtcDateTime, ct))
        {
            if (!mdo.Row.Members.Contains(m.SubjectMemberId))
            {
                continue;
            }

            var taking = mdo.Participants.Where(p => p.Kind == ParticipantKinds.Professional && ParticipantStatuses.TakesPart(p.Status)).Select(p => p.ParticipantId);
            var professionals = (await calendars.FindManyAsync(taking, ct)).Values;
            var discussed = mdo.Row.Members.Where(members.ContainsKey).Select(id => members[id]).ToList();
            var (answered, refused) = await consent.WithoutConsentAsync(m.FamilyId, professionals, discussed, team, ct);
            if (!answered)
            {
                // Retried by the consumer's retry policy, then kept in the error queue: nobody stays invited unchecked unnoticed.
                throw new InvalidOperationException($"The consent service did not answer while re-checking MDO {mdo.Row.Id} after consent {m.ConsentId} was withdrawn.");
            }

            if (refused.Count == 0)
            {
                continue;
            }

            var removed = await unitOfWork.RunAsync(write => MdoRemovals.RemoveOrCancelAsync(write, access, mdo, refused.Select(r => r.ParticipantId).ToList(),
                "The family's consent to discuss them with you was withdrawn."), ct);
            if (!removed)
            {
                throw new InvalidOperationException($"MDO {mdo.Row.Id} changed while its participants were re-checked; trying again.");
            }

            logger.LogInformation("Took {Count} participants off MDO {MdoId}: consent {ConsentId} was withdrawn", refused.Count, mdo.Row.Id, m.ConsentId);
        }
    }
}

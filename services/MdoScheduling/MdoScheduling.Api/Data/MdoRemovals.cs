using Coordination.Data;
using Coordination.Data.Audit;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Data;

/// <summary>
/// Takes participants off a planned MDO: their status becomes removed, the invitation's SEQUENCE
/// rises, everyone is told. An MDO whose organiser may no longer hold it is cancelled instead.
/// </summary>
public static class MdoRemovals
{
    /// <summary>
    /// Takes <paramref name="participantIds"/> off <paramref name="mdo"/>; when the organiser is among
    /// them the MDO is cancelled with <paramref name="reason"/>. False when the MDO changed since it was read.
    /// <paramref name="access"/> logs the change as the service's own.
    /// </summary>
    public static Task<bool> RemoveOrCancelAsync(WriteContext write, AccessLogWriter access, Mdo mdo, IReadOnlyCollection<string> participantIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(mdo);
        ArgumentNullException.ThrowIfNull(participantIds);
        if (!participantIds.Contains(mdo.Row.OrganiserUserId))
        {
            return RemoveAsync(write, access, mdo, participantIds, reason);
        }

        var after = mdo.Cancelled($"The organiser can no longer hold it: {reason}");
        return MdoStore.ChangeAsync(write, mdo, after, "cancelled", null, mdo.Participants.Select(p => p.ParticipantId),
            [access.BySystem(AuditAction.Update, MdoStore.Purpose, "Mdo", mdo.Row.Id.ToString(), null, null)]);
    }

    /// <summary>Removes <paramref name="participantIds"/> from <paramref name="mdo"/> inside <paramref name="write"/>; false when the MDO changed since it was read.</summary>
    private static Task<bool> RemoveAsync(WriteContext write, AccessLogWriter access, Mdo mdo, IReadOnlyCollection<string> participantIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(mdo);
        var after = mdo.Without(participantIds, reason);
        return MdoStore.ChangeAsync(write, mdo, after, "participant-removed", null, participantIds,
            [access.BySystem(AuditAction.Update, MdoStore.Purpose, "Mdo", mdo.Row.Id.ToString(), null, null)]);
    }
}

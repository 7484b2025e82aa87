using Coordination.Data;
using Coordination.Data.Audit;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Data;

/// <summary>Takes participants off a planned MDO: their status becomes removed, the invitation's SEQUENCE rises, everyone is told.</summary>
public static class MdoRemovals
{
    /// <summary>Removes <paramref name="participantIds"/> from <paramref name="mdo"/> inside <paramref name="write"/>; false when the MDO changed since it was read.</summary>
    public static Task<bool> RemoveAsync(WriteContext write, Mdo mdo, IReadOnlyCollection<string> participantIds, string reason)
    {
        ArgumentNullException.ThrowIfNull(mdo);
        var after = mdo.Copy();
        foreach (var p in after.Participants.Where(p => participantIds.Contains(p.ParticipantId)))
        {
            (p.Status, p.Reason) = (ParticipantStatuses.Removed, reason);
        }

        after.Row.Sequence = mdo.Row.Sequence + 1;
        var entry = AuditEntry.BySystem(Endpoints.MdoEndpoints.SourceSystem, AuditAction.Update, Endpoints.MdoEndpoints.Purpose, "Mdo", mdo.Row.Id.ToString(), null, null);
        return MdoStore.ChangeAsync(write, mdo, after, "participant-removed", null, participantIds, [entry]);
    }
}

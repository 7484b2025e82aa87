using System.Security.Claims;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>A participant's part: the invitation as iCalendar and the answer to it.</summary>
public static partial class MdoEndpoints
{
    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> InvitationAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, AccessLogWriter access, IConfiguration configuration, TimeProvider time, CancellationToken ct)
    {
        var ids = await ParticipantIdsAsync(http.User, families, ct);
        var mdo = await store.FindAsync(id, ct);
        // A participant taken off the MDO still gets their CANCEL; nobody else learns the MDO exists.
        var me = mdo?.Participants.FirstOrDefault(p => ids.Contains(p.ParticipantId));
        if (mdo is null || me is null)
        {
            await access.WriteAsync(access.Denied(http.User, AuditAction.Read, MdoStore.Purpose, "MdoInvitation", id.ToString()), ct);
            return MdoRefusals.NotFound.ToProblem();
        }

        var cancelled = mdo.Row.Status == MdoStatuses.Cancelled || me.Status == ParticipantStatuses.Removed;
        var organiser = mdo.Participant(mdo.Row.OrganiserUserId);
        var attendees = cancelled && mdo.Row.Status != MdoStatuses.Cancelled
            ? [Attendee(me)]
            : mdo.Participants.Where(p => p.Status != ParticipantStatuses.Removed).Select(Attendee).ToList();
        var text = Invitation.Write(new InvitationContent(mdo.Row.Id, mdo.Row.Sequence, cancelled, mdo.Row.StartsAt, mdo.Row.EndsAt,
            new InvitationAttendee(mdo.Row.OrganiserUserId, mdo.Row.OrganiserName, true, organiser?.Status ?? ParticipantStatuses.Accepted),
            attendees, new Uri(PublicBase(configuration), $"api/mdos/{mdo.Row.Id}"), time.GetUtcNow().UtcDateTime));
        await access.WriteAsync(access.Allowed(http.User, AuditAction.Read, MdoStore.Purpose, "MdoInvitation", id.ToString()), ct);
        var method = cancelled ? "CANCEL" : "REQUEST";
        return TypedResults.Text(text, $"text/calendar; charset=utf-8; method={method}");
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Guid id, AnswerRequest request, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (request.Answer is not (ParticipantStatuses.Accepted or ParticipantStatuses.Declined))
        {
            return JsonBody.Invalid("answer", "accepted or declined.");
        }

        var reason = request.Reason?.Trim();
        if (request.Answer == ParticipantStatuses.Declined ? string.IsNullOrEmpty(reason) || reason.Length > MdoLimits.MaxReasonLength : reason is { Length: > MdoLimits.MaxReasonLength })
        {
            return JsonBody.Invalid("reason", $"Say why you decline, in 1 to {MdoLimits.MaxReasonLength} characters.");
        }

        var (mdo, me, members) = await FindMineAsync(id, http.User, store, families, access, AuditAction.Update, ct);
        if (mdo is null)
        {
            return MdoRefusals.NotFound.ToProblem();
        }

        if (mdo.MayAnswer() is { } refusal)
        {
            return refusal.ToProblem();
        }

        if (mdo.Answered(me!.ParticipantId, request.Answer, reason, time.GetUtcNow().UtcDateTime) is { } after
            && !await store.ChangeAsync(mdo, after, "answered", me.ParticipantId, [me.ParticipantId],
                members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "MdoAnswer", id.ToString(), m.Bsn)), ct))
        {
            return Refusal.Conflict("The MDO changed at the same moment: read it and answer again.").ToProblem();
        }

        var stored = (await store.FindAsync(id, ct))!;
        http.Response.Headers.ETag = IfMatch.ETagOf(stored.Row.Version);
        return TypedResults.Ok(await ViewAsync(stored, me.ParticipantId, members, calendars, time, ct));
    }

    /// <summary>Who the caller is as a participant: a professional by user id; a client as each member id their BSN has.</summary>
    private static async Task<HashSet<string>> ParticipantIdsAsync(ClaimsPrincipal user, FamilyDirectory families, CancellationToken ct)
    {
        if (user.Role() != Roles.Client)
        {
            return [user.Id()];
        }

        return (await families.ByBsnAsync(user.Claim(ClaimNames.Bsn), ct)).Select(m => ParticipantKinds.FamilyId(m.MemberId)).ToHashSet(StringComparer.Ordinal);
    }

    private static InvitationAttendee Attendee(ParticipantRow p) => new(p.ParticipantId, p.Name, p.Required, p.Status);
}

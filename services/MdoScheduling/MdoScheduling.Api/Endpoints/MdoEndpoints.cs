using System.Security.Claims;
using System.Text.Json;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.OpenApi;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>
/// MDOs (issue 11): the search for the earliest slot, booking, the participant's list and read,
/// the invitation as iCalendar, answers, rescheduling, cancelling and the outcome. A participant
/// sees the MDOs they are invited to; anyone else gets 404.
/// The routes and what the features share are here; the booking (search, book, list, read), a participant's
/// (invitation, answer), the organiser's (reschedule, cancel) and the outcome's handlers are in files of their own.
/// </summary>
public static partial class MdoEndpoints
{
    /// <summary>The MDO routes, on the <c>/api/mdos</c> group <see cref="MdoSchedulingApi.MapMdoSchedulingApi"/> made.</summary>
    public static RouteGroupBuilder MapMdos(RouteGroupBuilder mdos)
    {
        ArgumentNullException.ThrowIfNull(mdos);
        mdos.MapPost("/search", SearchSlotAsync)
            .WithName("SearchMdoSlot")
            .WithSummary("Finds the earliest time every required participant is free within working hours, alternatives, or who blocks; books nothing.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mdos.MapPost("", BookAsync)
            .WithName("BookMdo")
            .WithSummary("Books an MDO at the start chosen; every participant is invited and finds it in their list.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        mdos.MapGet("", ListAsync)
            .WithName("ListMyMdos")
            .WithSummary("The MDOs I take part in or was taken off, from 30 days ago, soonest first; changed: changed since I last read it.");
        mdos.MapGet("/{id:guid}", ReadAsync)
            .WithName("ReadMdo")
            .WithSummary("An MDO I take part in: when, who, their answers, what it discusses, and after it, its outcome.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        mdos.MapGet("/{id:guid}/invitation.ics", InvitationAsync)
            .WithName("ReadMdoInvitation")
            .WithSummary("My invitation as iCalendar: METHOD:REQUEST, or CANCEL when the MDO was cancelled or I was taken off it.")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar")
            .ProducesProblem(StatusCodes.Status404NotFound);
        mdos.MapPost("/{id:guid}/answer", AnswerAsync)
            .WithName("AnswerMdo")
            .WithSummary("Accepts or declines (with a reason); a required participant's decline tells the organiser, who gets a new proposal.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/reschedule", RescheduleAsync)
            .WithName("RescheduleMdo")
            .WithSummary("The organiser moves the MDO to a time every required participant is free; everyone answers again.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelMdo")
            .WithSummary("The organiser cancels the MDO; everyone is told.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/outcome", OutcomeAsync)
            .WithName("RecordMdoOutcome")
            .WithSummary("The organiser records attendance, time per participant and the decisions; each decision becomes an action in the family plan.")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return mdos;
    }

    /// <summary>The checks of a search or booking: the caller's role, then the planner; the refusal to answer with, if any.</summary>
    private static async Task<(PlannedMdo? Plan, ProblemHttpResult? Refusal)> CheckAsync(
        HttpContext http, MdoPlanner planner, AccessLogWriter access, MdoRequest request, AuditAction action, CancellationToken ct)
    {
        if (MdoRefusals.MayOrganise(http.User.Role()) is { } forbidden)
        {
            return (null, forbidden.ToProblem());
        }

        var check = await planner.CheckAsync(request, http.User, ct);
        if (check.Errors.Count > 0)
        {
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(check.Errors) { Status = StatusCodes.Status400BadRequest, Title = "The MDO request is invalid." }));
        }

        if (check.Plan is null)
        {
            await access.WriteAsync(access.Denied(http.User, action, MdoStore.Purpose, "Mdo", request.FamilyId?.ToString()), ct);
            return (null, check.Refusal!.ToProblem());
        }

        return (check.Plan, null);
    }

    /// <summary>The MDO and the caller's part in it when they take part (or organise); else null, logged as refused.</summary>
    private static async Task<(Mdo? Mdo, ParticipantRow? Me, IReadOnlyList<FamilyMemberRow> Members)> FindMineAsync(
        Guid id, ClaimsPrincipal user, MdoStore store, FamilyDirectory families, AccessLogWriter access, AuditAction action, CancellationToken ct)
    {
        var ids = await ParticipantIdsAsync(user, families, ct);
        var mdo = await store.FindAsync(id, ct);
        var me = mdo?.Participants.FirstOrDefault(p => ids.Contains(p.ParticipantId) && p.Status != ParticipantStatuses.Removed);
        if (mdo is null || me is null)
        {
            await access.WriteAsync(access.Denied(user, action, MdoStore.Purpose, "Mdo", id.ToString()), ct);
            return (null, null, []);
        }

        var known = await families.MembersAsync(mdo.Row.FamilyId, ct);
        return (mdo, me, mdo.Row.Members.Where(known.ContainsKey).Select(m => known[m]).ToList());
    }

    private static async Task<MdoView> ViewAsync(Mdo mdo, string viewer, IReadOnlyList<FamilyMemberRow> members, CalendarStore calendars, TimeProvider time, CancellationToken ct)
    {
        var me = mdo.Participant(viewer);
        // The organiser of a planned MDO that a required participant declined gets a new proposal.
        var proposal = viewer == mdo.Row.OrganiserUserId && mdo.Row.Status == MdoStatuses.Planned
            && mdo.Participants.Any(p => p.Required && p.Status == ParticipantStatuses.Declined)
            ? await ProposalAsync(mdo, calendars, time, ct) : null;
        var outcome = mdo.Row.OutcomeJson is { } json ? JsonSerializer.Deserialize<OutcomeView>(json, JsonBody.Options) : null;
        return new MdoView(mdo.Row.Id, mdo.Row.FamilyId, mdo.Row.Purpose, members.Select(m => new MemberView(m.MemberId, m.Name)).ToList(), mdo.Row.Status,
            new DateTimeOffset(mdo.Row.StartsAt, TimeSpan.Zero), new DateTimeOffset(mdo.Row.EndsAt, TimeSpan.Zero), mdo.Row.Sequence,
            new PersonView(mdo.Row.OrganiserUserId, mdo.Row.OrganiserName),
            // Whoever was taken off stays in the list as removed: the others see who will no longer come.
            mdo.Participants.Select(p => new ParticipantView(p.ParticipantId, p.Kind, p.Name, p.Role, p.OrganisationAgb, p.Required, p.Status, p.Reason)).ToList(),
            me?.Status, mdo.Row.CancelReason, outcome, proposal, mdo.Row.Version);
    }

    private static SlotView? Slot(Slot? slot) => slot is null ? null
        : new SlotView(new DateTimeOffset(slot.Start, TimeSpan.Zero), new DateTimeOffset(slot.End, TimeSpan.Zero), slot.OptionalFree);

    /// <summary>409: another organiser booked the participant for an overlapping time while this booking was checked.</summary>
    private static ProblemHttpResult Taken(BookingClash clash) =>
        MdoRefusals.SlotBooked(clash.ParticipantId, clash.Name, new Period(clash.StartsAt, clash.EndsAt)).ToProblem();

    /// <summary>The gateway's public address, which the invitation links to: the one the OpenAPI documents name.</summary>
    private static Uri PublicBase(IConfiguration configuration) =>
        new((configuration[OpenApiDefaults.PublicBaseUrlSetting] is { Length: > 0 } configured ? configured : OpenApiDefaults.DefaultPublicBaseUrl).TrimEnd('/') + "/");
}

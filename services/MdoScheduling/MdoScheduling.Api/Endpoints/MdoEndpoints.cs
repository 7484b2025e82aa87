using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.OpenApi;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;
using MdoScheduling.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

public sealed record SlotView(DateTimeOffset Start, DateTimeOffset End, IReadOnlyList<string> OptionalFree);

public sealed record PersonView(string ParticipantId, string Name);

/// <summary>The search's answer: the earliest slot and alternatives, or who blocks and the nearest slot without them.</summary>
public sealed record SlotSearchView(SlotView? Earliest, IReadOnlyList<SlotView> Alternatives, IReadOnlyList<PersonView> Blocking, SlotView? WithoutBlocking);

public sealed record ParticipantView(string ParticipantId, string Kind, string Name, string Role, string? OrganisationAgb, bool Required, string Status, string? Reason);

public sealed record MemberView(Guid MemberId, string? Name);

public sealed record AttendanceView(string ParticipantId, string Name, bool Attended, int Minutes, string TimeKind, bool Billable, string Reason);

public sealed record DecisionView(Guid DecisionId, string Text, string OwnerUserId, string OwnerName, DateOnly DueOn, Guid? MemberId);

public sealed record OutcomeView(DateOnly HeldOn, bool ClientPresent, IReadOnlyList<AttendanceView> Attendance, IReadOnlyList<DecisionView> Decisions, DateTimeOffset RecordedAt);

public sealed record MdoView(
    Guid Id, Guid FamilyId, string Purpose, IReadOnlyList<MemberView> Members, string Status, DateTimeOffset Start, DateTimeOffset End,
    int Sequence, PersonView Organiser, IReadOnlyList<ParticipantView> Participants, string? MyStatus, string? CancelReason,
    OutcomeView? Outcome, SlotSearchView? Proposal, int Version);

public sealed record MdoListItem(Guid Id, Guid FamilyId, string Status, DateTimeOffset Start, DateTimeOffset End, int Sequence, bool Organiser, bool Required,
    string MyStatus, bool Changed);

public sealed record MdoList(IReadOnlyList<MdoListItem> Items);

/// <summary>
/// MDOs (issue 11): the search for the earliest slot, booking, the participant's list and read,
/// the invitation as iCalendar, answers, rescheduling, cancelling and the outcome. A participant
/// sees the MDOs they are invited to; anyone else gets 404.
/// </summary>
public static class MdoEndpoints
{
    public const string SlotNotFree = "slot-not-free";

    public static IEndpointRouteBuilder MapMdoEndpoints(this IEndpointRouteBuilder app)
    {
        var mdos = app.MapGroup("/api/mdos").WithTags("MDOs");
        mdos.MapPost("/search", SearchSlotAsync)
            .WithName("SearchMdoSlot")
            .WithSummary("Finds the earliest time every required participant is free within working hours, alternatives, or who blocks; books nothing.")
            .Accepts<MdoRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        mdos.MapPost("", BookAsync)
            .WithName("BookMdo")
            .WithSummary("Books an MDO at the start chosen; every participant is invited and finds it in their list.")
            .Accepts<MdoRequest>("application/json")
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
            .Accepts<AnswerRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/reschedule", RescheduleAsync)
            .WithName("RescheduleMdo")
            .WithSummary("The organiser moves the MDO to a time every required participant is free; everyone answers again.")
            .Accepts<RescheduleRequest>("application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/cancel", CancelAsync)
            .WithName("CancelMdo")
            .WithSummary("The organiser cancels the MDO; everyone is told.")
            .Accepts<CancelRequest>("application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        mdos.MapPost("/{id:guid}/outcome", OutcomeAsync)
            .WithName("RecordMdoOutcome")
            .WithSummary("The organiser records attendance, time per participant and the decisions; each decision becomes an action in the family plan.")
            .Accepts<MdoOutcomeRequest>("application/json")
            .WithIfMatch()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    private static async Task<Results<Ok<SlotSearchView>, ValidationProblem, ProblemHttpResult>> SearchSlotAsync(
        HttpContext http, MdoPlanner planner, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<MdoRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (plan, refusal) = await CheckAsync(http, planner, access, request!, AuditAction.Execute, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await access.WriteAsync(plan!.Members.Select(m => access.Allowed(http.User, AuditAction.Execute, MdoStore.Purpose, "MdoSearch", plan.FamilyId.ToString(), m.Bsn)), ct);
        return TypedResults.Ok(await SearchAsync(plan, calendars, null, null, ct));
    }

    private static async Task<Results<Created<MdoView>, ValidationProblem, ProblemHttpResult>> BookAsync(
        HttpContext http, MdoPlanner planner, CalendarStore calendars, MdoStore store, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<MdoRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Start is not { } chosen)
        {
            return JsonBody.Invalid("start", "Give the start chosen, ISO 8601 with its offset (take it from the search).");
        }

        var (checkedPlan, refusal) = await CheckAsync(http, planner, access, request, AuditAction.Create, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var plan = checkedPlan!;
        var slot = new Period(chosen.UtcDateTime, chosen.UtcDateTime + plan.Duration);
        if (slot.Start < plan.Window.Start || slot.End > plan.Window.End)
        {
            return JsonBody.Invalid("start", "The start lies outside the window (or in the past).");
        }

        if (await FirstBusyAsync(plan.Required.Prepend(plan.Organiser).ToList(), slot, calendars, null, ct) is { } busy)
        {
            return NotFree(busy, slot, await SearchAsync(plan, calendars, null, null, ct));
        }

        var id = Guid.NewGuid();
        var row = new MdoRow
        {
            Id = id,
            FamilyId = plan.FamilyId,
            Purpose = plan.Purpose,
            MembersJson = JsonSerializer.Serialize(plan.Members.Select(m => m.MemberId)),
            OrganiserUserId = plan.Organiser.UserId,
            OrganiserName = plan.Organiser.Name,
            Status = MdoStatuses.Planned,
            StartsAt = slot.Start,
            EndsAt = slot.End,
            WindowEndsAt = plan.Window.End,
            Sequence = 0,
            Version = 1,
        };
        var participants = new List<ParticipantRow> { Professional(id, plan.Organiser, true, ParticipantStatuses.Accepted) };
        participants.AddRange(plan.Required.Select(p => Professional(id, p, true, ParticipantStatuses.NeedsAction)));
        participants.AddRange(plan.Optional.Select(p => Professional(id, p, false, ParticipantStatuses.NeedsAction)));
        participants.AddRange(plan.Family.Select(m => new ParticipantRow
        {
            MdoId = id,
            ParticipantId = ParticipantKinds.FamilyId(m.MemberId),
            Kind = ParticipantKinds.Family,
            Name = m.Name ?? "Family member",
            Role = Roles.Client,
            MemberId = m.MemberId,
            Required = false,
            Status = ParticipantStatuses.NeedsAction,
        }));
        var mdo = new Mdo(row, participants);
        var mustBeFree = plan.Required.Prepend(plan.Organiser).Select(p => p.UserId).ToList();
        if (await store.CreateAsync(mdo, mustBeFree, plan.Members.Select(m => access.Allowed(http.User, AuditAction.Create, MdoStore.Purpose, "Mdo", id.ToString(), m.Bsn)), ct) is { } clash)
        {
            // Another organiser booked this person for an overlapping time while this booking was checked.
            return Taken(clash);
        }

        http.Response.Headers.ETag = IfMatch.ETagOf(row.Version);
        return TypedResults.Created($"/api/mdos/{id}", await ViewAsync(mdo, http.User.Id(), plan.Members, calendars, time, ct));
    }

    private static async Task<Ok<MdoList>> ListAsync(HttpContext http, MdoStore store, FamilyDirectory families, TimeProvider time, CancellationToken ct)
    {
        var ids = await ParticipantIdsAsync(http.User, families, ct);
        var listings = await store.ListForAsync(ids, time.GetUtcNow().UtcDateTime.AddDays(-30), ct);
        return TypedResults.Ok(new MdoList(listings.Select(l => new MdoListItem(l.Row.Id, l.Row.FamilyId, l.Row.Status,
            new DateTimeOffset(l.Row.StartsAt, TimeSpan.Zero), new DateTimeOffset(l.Row.EndsAt, TimeSpan.Zero), l.Row.Sequence,
            l.Row.OrganiserUserId == l.Mine.ParticipantId, l.Mine.Required, l.Mine.Status, l.Mine.ReadAt is null || l.Mine.ChangedAt > l.Mine.ReadAt)).ToList()));
    }

    private static async Task<Results<Ok<MdoView>, ProblemHttpResult>> ReadAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var (mdo, me, members) = await FindMineAsync(id, http.User, store, families, access, AuditAction.Read, ct);
        if (mdo is null)
        {
            return NotFound();
        }

        await store.MarkReadAsync(id, me!.ParticipantId, members.Select(m => access.Allowed(http.User, AuditAction.Read, MdoStore.Purpose, "Mdo", id.ToString(), m.Bsn)), ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(mdo.Row.Version);
        return TypedResults.Ok(await ViewAsync(mdo, me.ParticipantId, members, calendars, time, ct));
    }

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
            return NotFound();
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
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<AnswerRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Answer is not (ParticipantStatuses.Accepted or ParticipantStatuses.Declined))
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
            return NotFound();
        }

        if (mdo.Row.Status != MdoStatuses.Planned)
        {
            return Conflict($"The MDO is {mdo.Row.Status}: it takes no answers.");
        }

        var after = mdo.Copy();
        var mine = after.Participant(me!.ParticipantId)!;
        if (mine.Status != request.Answer || mine.Reason != reason)
        {
            (mine.Status, mine.Reason, mine.AnsweredAt) = (request.Answer, reason, time.GetUtcNow().UtcDateTime);
            if (!await store.ChangeAsync(mdo, after, "answered", me.ParticipantId, [me.ParticipantId],
                members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "MdoAnswer", id.ToString(), m.Bsn)), ct))
            {
                return Conflict("The MDO changed at the same moment: read it and answer again.");
            }
        }

        var stored = (await store.FindAsync(id, ct))!;
        http.Response.Headers.ETag = IfMatch.ETagOf(stored.Row.Version);
        return TypedResults.Ok(await ViewAsync(stored, me.ParticipantId, members, calendars, time, ct));
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> RescheduleAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<RescheduleRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Start is not { } start || start.UtcDateTime < time.GetUtcNow().UtcDateTime)
        {
            return JsonBody.Invalid("start", "Give the new start, ISO 8601 with its offset, not in the past.");
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var slot = new Period(start.UtcDateTime, start.UtcDateTime + (mdo!.Row.EndsAt - mdo.Row.StartsAt));
        var mustBeFree = mdo.Participants.Where(p => p.Required && p.Kind == ParticipantKinds.Professional
            && p.Status != ParticipantStatuses.Removed).Select(p => p.ParticipantId).ToList();
        var required = await calendars.FindManyAsync(mustBeFree, ct);
        if (await FirstBusyAsync(required.Values.ToList(), slot, calendars, id, ct) is { } busy)
        {
            return NotFree(busy, slot, await ProposalAsync(mdo, calendars, time, ct));
        }

        var after = mdo.Copy();
        (after.Row.StartsAt, after.Row.EndsAt, after.Row.Sequence) = (slot.Start, slot.End, mdo.Row.Sequence + 1);
        foreach (var p in after.Participants.Where(p => p.Status != ParticipantStatuses.Removed))
        {
            // A new time asks everyone again; the organiser, who chose it, accepts it.
            var organiser = p.ParticipantId == mdo.Row.OrganiserUserId;
            (p.Status, p.Reason, p.AnsweredAt) = (organiser ? ParticipantStatuses.Accepted : ParticipantStatuses.NeedsAction, null,
                organiser ? time.GetUtcNow().UtcDateTime : null);
        }

        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", id.ToString(), m.Bsn));
        var (changed, clash) = await store.RescheduleAsync(mdo, after, mustBeFree, http.User.Id(), entries, ct);
        if (clash is not null)
        {
            return Taken(clash);
        }

        return changed ? await SavedAsync(http, calendars, time, after, members, ct) : Stale();
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        CancelRequest? request = null;
        if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            (request, var problem) = await JsonBody.ReadAsync<CancelRequest>(http.Request, limits.MaxBodyBytes, ct);
            if (problem is not null)
            {
                return problem;
            }
        }

        if (request?.Reason is { Length: > MdoLimits.MaxReasonLength })
        {
            return JsonBody.Invalid("reason", $"At most {MdoLimits.MaxReasonLength} characters.");
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var after = mdo!.Copy();
        (after.Row.Status, after.Row.CancelReason, after.Row.Sequence) = (MdoStatuses.Cancelled, request?.Reason?.Trim(), mdo.Row.Sequence + 1);
        return await SaveAsync(http, store, calendars, access, time, mdo, after, "cancelled", members, ct);
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> OutcomeAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, CalendarStore calendars, AccessLogWriter access, RequestLimits limits, TimeProvider time, CancellationToken ct)
    {
        var (request, problem) = await JsonBody.ReadAsync<MdoOutcomeRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var (mdo, refusal, members) = await OrganiserChangeAsync(id, http, store, families, access, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (mdo!.Row.StartsAt > now)
        {
            return Conflict("The MDO has not started yet: record its outcome after it was held.");
        }

        var heldOn = AmsterdamTime.DateOf(new DateTimeOffset(mdo.Row.StartsAt, TimeSpan.Zero));
        var (outcome, errors) = Outcome(request!, mdo, members, heldOn, now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The outcome is invalid.");
        }

        var after = mdo.Copy();
        (after.Row.Status, after.Row.ClientPresent, after.Row.OutcomeJson, after.Row.Sequence) =
            (MdoStatuses.Held, outcome!.ClientPresent, JsonSerializer.Serialize(outcome, JsonBody.Options), mdo.Row.Sequence + 1);
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "MdoOutcome", id.ToString(), m.Bsn)).ToList();
        var saved = await store.ChangeWithDecisionsAsync(mdo, after, http.User.Id(), entries,
            outcome.Decisions.Count == 0 ? null : new MdoDecisionsRecorded(mdo.Row.Id, mdo.Row.FamilyId, heldOn, http.User.Id(), mdo.Row.OrganiserName,
                outcome.Decisions.Select(d => new MdoDecision(d.DecisionId, d.Text, d.OwnerUserId, d.OwnerName, d.DueOn, d.MemberId)).ToList(),
                new DateTimeOffset(now, TimeSpan.Zero)), ct);
        if (!saved)
        {
            return Stale();
        }

        var stored = (await store.FindAsync(id, ct))!;
        http.Response.Headers.ETag = IfMatch.ETagOf(stored.Row.Version);
        return TypedResults.Ok(await ViewAsync(stored, http.User.Id(), members, calendars, time, ct));
    }

    /// <summary>The outcome as recorded, or the errors keyed by field.</summary>
    private static (OutcomeView? Outcome, Dictionary<string, string[]> Errors) Outcome(MdoOutcomeRequest request, Mdo mdo, IReadOnlyList<FamilyMemberRow> members, DateOnly heldOn, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.ClientPresent is null)
        {
            errors["clientPresent"] = ["Say whether the client was present."];
        }

        var professionals = mdo.Participants.Where(p => p.Kind == ParticipantKinds.Professional && p.Status != ParticipantStatuses.Removed).ToDictionary(p => p.ParticipantId);
        var attendance = new List<AttendanceView>();
        var attendanceInputs = request.Attendance ?? [];
        if (request.Attendance is null)
        {
            errors["attendance"] = ["Give attendance and minutes per professional participant."];
        }

        for (var i = 0; i < attendanceInputs.Count; i++)
        {
            var a = attendanceInputs[i];
            if (a.ParticipantId is null || !professionals.TryGetValue(a.ParticipantId, out var p) || attendance.Any(x => x.ParticipantId == a.ParticipantId))
            {
                errors[$"attendance[{i}].participantId"] = ["A professional participant of this MDO, once."];
                continue;
            }

            if (a.Attended is null || a.Minutes is not (>= 0 and <= 480) || (a.Attended == false && a.Minutes > 0))
            {
                errors[$"attendance[{i}].minutes"] = ["Attended true or false, and 0 to 480 minutes (0 when not attended)."];
                continue;
            }

            var timeKind = MdoBilling.For(p.Role, p.Domain, request.ClientPresent == true, a.Minutes.Value);
            attendance.Add(new AttendanceView(p.ParticipantId, p.Name, a.Attended.Value, a.Minutes.Value, timeKind.Kind, timeKind.Billable && a.Attended.Value, timeKind.Reason));
        }

        var decisions = new List<DecisionView>();
        var decisionInputs = request.Decisions ?? [];
        if (request.Decisions is null || decisionInputs.Count > 50)
        {
            errors["decisions"] = ["Give the decisions, at most 50 (an empty list when none)."];
        }

        for (var i = 0; i < decisionInputs.Count && i < 50; i++)
        {
            var d = decisionInputs[i];
            var text = d.Text?.Trim();
            if (string.IsNullOrEmpty(text) || text.Length > MdoLimits.MaxDecisionLength)
            {
                errors[$"decisions[{i}].text"] = [$"What was decided, 1 to {MdoLimits.MaxDecisionLength} characters."];
            }

            if (d.OwnerUserId is null || !professionals.TryGetValue(d.OwnerUserId, out var owner))
            {
                errors[$"decisions[{i}].ownerUserId"] = ["A professional who took part, by user id."];
                continue;
            }

            if (d.DueOn is not { } due || due < heldOn || due > heldOn.AddYears(3))
            {
                errors[$"decisions[{i}].dueOn"] = ["Due on the day of the MDO or later, at most three years on."];
                continue;
            }

            if (d.MemberId is { } member && members.All(m => m.MemberId != member))
            {
                errors[$"decisions[{i}].memberId"] = ["One of the members discussed."];
                continue;
            }

            decisions.Add(new DecisionView(Guid.NewGuid(), text ?? string.Empty, owner.ParticipantId, owner.Name, due, d.MemberId));
        }

        return errors.Count > 0 ? (null, errors)
            : (new OutcomeView(heldOn, request.ClientPresent!.Value, attendance, decisions, new DateTimeOffset(now, TimeSpan.Zero)), errors);
    }

    /// <summary>The checks of a search or booking: the caller's role, then the planner; the refusal to answer with, if any.</summary>
    private static async Task<(PlannedMdo? Plan, ProblemHttpResult? Refusal)> CheckAsync(
        HttpContext http, MdoPlanner planner, AccessLogWriter access, MdoRequest request, AuditAction action, CancellationToken ct)
    {
        if (!Roles.Care.Contains(http.User.Role()))
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only care professionals organise MDOs."));
        }

        var check = await planner.CheckAsync(request, http.User, ct);
        if (check.Errors.Count > 0)
        {
            return (null, TypedResults.Problem(new HttpValidationProblemDetails(check.Errors) { Status = StatusCodes.Status400BadRequest, Title = "The MDO request is invalid." }));
        }

        if (check.Plan is null)
        {
            await access.WriteAsync(access.Denied(http.User, action, MdoStore.Purpose, "Mdo", request.FamilyId?.ToString()), ct);
            var problem = check.Refusal!.ToProblem();
            if (check.Refused.Count > 0)
            {
                problem.ProblemDetails.Extensions["participants"] = check.Refused;
            }

            return (null, problem);
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

    /// <summary>An organiser's change: the MDO planned, the caller its organiser (another participant: 403), the precondition met.</summary>
    private static async Task<(Mdo? Mdo, ProblemHttpResult? Refusal, IReadOnlyList<FamilyMemberRow> Members)> OrganiserChangeAsync(
        Guid id, HttpContext http, MdoStore store, FamilyDirectory families, AccessLogWriter access, CancellationToken ct)
    {
        var (mdo, me, members) = await FindMineAsync(id, http.User, store, families, access, AuditAction.Update, ct);
        if (mdo is null)
        {
            return (null, NotFound(), []);
        }

        if (me!.ParticipantId != mdo.Row.OrganiserUserId)
        {
            await access.WriteAsync(access.Denied(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", id.ToString()), ct);
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only the organiser changes the MDO."), []);
        }

        var ifMatch = IfMatch.Read(http.Request);
        if (!ifMatch.Given)
        {
            http.Response.Headers.ETag = IfMatch.ETagOf(mdo.Row.Version);
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status428PreconditionRequired, title: "Send the MDO's ETag in If-Match."), []);
        }

        if (!ifMatch.Matches(IfMatch.ETagOf(mdo.Row.Version)))
        {
            return (null, Stale(), []);
        }

        if (mdo.Row.Status != MdoStatuses.Planned)
        {
            return (null, Conflict($"The MDO is {mdo.Row.Status}: it changes no more."), []);
        }

        return (mdo, null, members);
    }

    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> SaveAsync(
        HttpContext http, MdoStore store, CalendarStore calendars, AccessLogWriter access, TimeProvider time, Mdo before, Mdo after, string change, IReadOnlyList<FamilyMemberRow> members, CancellationToken ct)
    {
        var entries = members.Select(m => access.Allowed(http.User, AuditAction.Update, MdoStore.Purpose, "Mdo", before.Row.Id.ToString(), m.Bsn));
        return await store.ChangeAsync(before, after, change, http.User.Id(), after.Participants.Select(p => p.ParticipantId), entries, ct)
            ? await SavedAsync(http, calendars, time, after, members, ct)
            : Stale();
    }

    /// <summary>The answer to a change that was stored: the MDO as the caller now reads it, with its new ETag.</summary>
    private static async Task<Results<Ok<MdoView>, ValidationProblem, ProblemHttpResult>> SavedAsync(
        HttpContext http, CalendarStore calendars, TimeProvider time, Mdo after, IReadOnlyList<FamilyMemberRow> members, CancellationToken ct)
    {
        http.Response.Headers.ETag = IfMatch.ETagOf(after.Row.Version);
        return TypedResults.Ok(await ViewAsync(after, http.User.Id(), members, calendars, time, ct));
    }

    /// <summary>The first of <paramref name="people"/> not free for the whole of <paramref name="slot"/> (an MDO <paramref name="except"/>ed), or null when all are.</summary>
    private static async Task<CalendarRow?> FirstBusyAsync(IReadOnlyList<CalendarRow> people, Period slot, CalendarStore calendars, Guid? except, CancellationToken ct)
    {
        foreach (var calendar in await calendars.CalendarsAsync(people, new Period(slot.Start.AddDays(-1), slot.End.AddDays(1)), except, ct))
        {
            if (!SlotFinder.FreeTime(calendar, slot).Any(f => f.Start <= slot.Start && f.End >= slot.End))
            {
                return people.First(p => p.UserId == calendar.Id);
            }
        }

        return null;
    }

    private static async Task<SlotSearchView> SearchAsync(PlannedMdo plan, CalendarStore calendars, Guid? except, Period? avoid, CancellationToken ct)
    {
        var required = await calendars.CalendarsAsync(plan.Required.Prepend(plan.Organiser), plan.Window, except, ct);
        if (avoid is { } taken)
        {
            required = required.Select(c => c with { Busy = c.Busy.Append(taken).ToList() }).ToList();
        }

        var optional = await calendars.CalendarsAsync(plan.Optional, plan.Window, except, ct);
        var answer = SlotFinder.Find(new SlotQuery(required, optional, plan.Duration, plan.Window));
        var names = plan.Required.Prepend(plan.Organiser).Concat(plan.Optional).GroupBy(p => p.UserId).ToDictionary(g => g.Key, g => g.First().Name);
        return new SlotSearchView(Slot(answer.Earliest), answer.Alternatives.Select(a => Slot(a)!).ToList(),
            answer.Blocking.Select(b => new PersonView(b, names.GetValueOrDefault(b, b))).ToList(), Slot(answer.WithoutBlocking));
    }

    /// <summary>A new proposal for a planned MDO: the same people and length, from now to the end of its window (at least two weeks on), not at its present time.</summary>
    private static async Task<SlotSearchView> ProposalAsync(Mdo mdo, CalendarStore calendars, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var taking = mdo.Participants.Where(p => p.Kind == ParticipantKinds.Professional && p.Status != ParticipantStatuses.Removed).ToList();
        var found = await calendars.FindManyAsync(taking.Select(p => p.ParticipantId), ct);
        var organiser = found.GetValueOrDefault(mdo.Row.OrganiserUserId) ?? new CalendarRow { UserId = mdo.Row.OrganiserUserId, Name = mdo.Row.OrganiserName };
        var plan = new PlannedMdo(mdo.Row.FamilyId, mdo.Row.Purpose, [], organiser,
            taking.Where(p => p.Required && p.ParticipantId != mdo.Row.OrganiserUserId && found.ContainsKey(p.ParticipantId)).Select(p => found[p.ParticipantId]).ToList(),
            taking.Where(p => !p.Required && found.ContainsKey(p.ParticipantId)).Select(p => found[p.ParticipantId]).ToList(), [],
            mdo.Row.EndsAt - mdo.Row.StartsAt, new Period(now, mdo.Row.WindowEndsAt > now.AddDays(14) ? mdo.Row.WindowEndsAt : now.AddDays(14)));
        return await SearchAsync(plan, calendars, mdo.Row.Id, new Period(mdo.Row.StartsAt, mdo.Row.EndsAt), ct);
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

    /// <summary>Who the caller is as a participant: a professional by user id; a client as each member id their BSN has.</summary>
    private static async Task<HashSet<string>> ParticipantIdsAsync(ClaimsPrincipal user, FamilyDirectory families, CancellationToken ct)
    {
        if (user.Role() != Roles.Client)
        {
            return [user.Id()];
        }

        return (await families.ByBsnAsync(user.Claim(ClaimNames.Bsn), ct)).Select(m => ParticipantKinds.FamilyId(m.MemberId)).ToHashSet(StringComparer.Ordinal);
    }

    private static ParticipantRow Professional(Guid mdoId, CalendarRow p, bool required, string status) => new()
    {
        MdoId = mdoId,
        ParticipantId = p.UserId,
        Kind = ParticipantKinds.Professional,
        Name = p.Name,
        Role = p.Role,
        Agb = p.Agb,
        OrganisationAgb = p.OrganisationAgb,
        Domain = p.Domain,
        Required = required,
        Status = status,
    };

    private static InvitationAttendee Attendee(ParticipantRow p) => new(p.ParticipantId, p.Name, p.Required, p.Status);

    private static SlotView? Slot(Slot? slot) => slot is null ? null
        : new SlotView(new DateTimeOffset(slot.Start, TimeSpan.Zero), new DateTimeOffset(slot.End, TimeSpan.Zero), slot.OptionalFree);

    /// <summary>The gateway's public address, which the invitation links to: the one the OpenAPI documents name.</summary>
    private static Uri PublicBase(IConfiguration configuration) =>
        new((configuration[OpenApiDefaults.PublicBaseUrlSetting] is { Length: > 0 } configured ? configured : OpenApiDefaults.DefaultPublicBaseUrl).TrimEnd('/') + "/");

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such MDO of yours.");

    private static ProblemHttpResult Conflict(string title) => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title);

    private static ProblemHttpResult Stale() =>
        TypedResults.Problem(statusCode: StatusCodes.Status412PreconditionFailed, title: "The MDO changed since you read it: read it again.");

    /// <summary>409: another organiser booked the participant for an overlapping time while this booking was checked.</summary>
    private static ProblemHttpResult Taken(BookingClash clash) =>
        SlotTaken(clash.ParticipantId, clash.StartsAt, clash.EndsAt, (from, to) => $"{clash.Name} was booked for another MDO from {from} to {to} (Amsterdam) at the same moment: search again.", null);

    /// <summary>409: a required participant is not free for the slot (already booked, or busy), with the search's proposal.</summary>
    private static ProblemHttpResult NotFree(CalendarRow busy, Period slot, SlotSearchView proposal) =>
        SlotTaken(busy.UserId, slot.Start, slot.End, (from, to) => $"{busy.Name} is not free from {from} to {to} (Amsterdam): choose another time.", proposal);

    /// <summary>
    /// Both ways a slot is refused (found busy, or booked by someone else at the same moment) name the participant and the
    /// slot: two organisers booking at once get the same answer whichever of the two checks the second one meets.
    /// </summary>
    private static ProblemHttpResult SlotTaken(string participant, DateTime startsAt, DateTime endsAt, Func<string, string, string> title, SlotSearchView? proposal)
    {
        var (startUtc, endUtc) = (DateTime.SpecifyKind(startsAt, DateTimeKind.Utc), DateTime.SpecifyKind(endsAt, DateTimeKind.Utc));
        var (start, end) = (TimeZoneInfo.ConvertTimeFromUtc(startUtc, AmsterdamTime.Zone), TimeZoneInfo.ConvertTimeFromUtc(endUtc, AmsterdamTime.Zone));
        var extensions = new Dictionary<string, object?>
        {
            ["rule"] = SlotNotFree,
            ["participant"] = participant,
            ["slot"] = new { start = startUtc, end = endUtc },
        };
        if (proposal is not null)
        {
            extensions["proposal"] = proposal;
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: title(start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture)),
            extensions: extensions);
    }
}

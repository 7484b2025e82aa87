using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using MdoScheduling.Api.Data;
using MdoScheduling.Api.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MdoScheduling.Api.Endpoints;

/// <summary>Booking an MDO: the slot search, the booking, the participant's list and read.</summary>
public static partial class MdoEndpoints
{
    private static async Task<Results<Ok<SlotSearchView>, ProblemHttpResult>> SearchSlotAsync(
        MdoRequest request, HttpContext http, MdoPlanner planner, CalendarStore calendars, AccessLogWriter access, CancellationToken ct)
    {
        var (plan, refusal) = await CheckAsync(http, planner, access, request, AuditAction.Execute, ct);
        if (refusal is not null)
        {
            return refusal;
        }

        await access.WriteAsync(plan!.Members.Select(m => access.Allowed(http.User, AuditAction.Execute, MdoStore.Purpose, "MdoSearch", plan.FamilyId.ToString(), m.Bsn)), ct);
        return TypedResults.Ok(await SearchAsync(plan, calendars, null, null, ct));
    }

    private static async Task<Results<Created<MdoView>, ValidationProblem, ProblemHttpResult>> BookAsync(
        MdoRequest request, HttpContext http, MdoPlanner planner, CalendarStore calendars, MdoStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        if (request.Start is not { } chosen)
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
            return MdoRefusals.SlotNotFree(busy.UserId, busy.Name, slot).With("proposal", await SearchAsync(plan, calendars, null, null, ct)).ToProblem();
        }

        var mdo = Mdo.Book(plan, slot);
        var (id, row) = (mdo.Row.Id, mdo.Row);
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
            return MdoRefusals.NotFound.ToProblem();
        }

        await store.MarkReadAsync(id, me!.ParticipantId, members.Select(m => access.Allowed(http.User, AuditAction.Read, MdoStore.Purpose, "Mdo", id.ToString(), m.Bsn)), ct);
        http.Response.Headers.ETag = IfMatch.ETagOf(mdo.Row.Version);
        return TypedResults.Ok(await ViewAsync(mdo, me.ParticipantId, members, calendars, time, ct));
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
}

using System.Globalization;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Outcomes;

namespace MdoScheduling.Api.Domain;

/// <summary>The refusals the MDO and calendar features share, each with its title, in one place.</summary>
public static class MdoRefusals
{
    /// <summary>404: the MDO does not exist, or the caller takes no part in it.</summary>
    public static Refusal NotFound => Refusal.NotFound("No such MDO of yours.");

    /// <summary>412: the MDO changed since the caller read it.</summary>
    public static Refusal Stale => Refusal.Stale("The MDO changed since you read it: read it again.");

    /// <summary>404: the caller has not set their working hours, so has no calendar here (when reading it).</summary>
    public static Refusal NoCalendarYet => Refusal.NotFound("You have no calendar here yet: set your working hours first.");

    /// <summary>404: the caller has not set their working hours, so has no calendar here to add busy time to.</summary>
    public static Refusal NoCalendar => Refusal.NotFound("You have no calendar here yet: set your working hours first (PUT /api/mdos/calendar/hours).");

    /// <summary>404: the busy period is not one the caller added.</summary>
    public static Refusal NoSuchBusyPeriod => Refusal.NotFound("No such busy period of yours.");

    /// <summary>Only a care professional organises an MDO (searches a slot, books): else 403.</summary>
    public static Refusal? MayOrganise(string role) =>
        Roles.Care.Contains(role) ? null : Refusal.Forbidden("Only care professionals organise MDOs.");

    /// <summary>Only a care professional keeps a calendar here: else 403.</summary>
    public static Refusal? MayKeepCalendar(string role) =>
        Roles.Care.Contains(role) ? null : Refusal.Forbidden("Only care professionals keep a calendar for MDOs.");

    /// <summary>409 <see cref="MdoSchedulingRules.SlotNotFree"/>: the required participant <paramref name="participant"/> (<paramref name="name"/>) is not free for <paramref name="slot"/> (UTC).</summary>
    public static Refusal SlotNotFree(string participant, string name, Period slot) =>
        SlotTaken(participant, slot, (from, to) => $"{name} is not free from {from} to {to} (Amsterdam): choose another time.");

    /// <summary>
    /// 409 <see cref="MdoSchedulingRules.SlotNotFree"/>: another organiser booked <paramref name="participant"/> (<paramref name="name"/>)
    /// for another MDO at <paramref name="booked"/> (UTC) while this booking was checked.
    /// </summary>
    public static Refusal SlotBooked(string participant, string name, Period booked) =>
        SlotTaken(participant, booked, (from, to) => $"{name} was booked for another MDO from {from} to {to} (Amsterdam) at the same moment: search again.");

    /// <summary>
    /// Both ways a slot is refused (found busy, or booked by someone else at the same moment) name the participant and the
    /// slot: two organisers booking at once get the same answer whichever of the two checks the second one meets.
    /// </summary>
    private static Refusal SlotTaken(string participant, Period slot, Func<string, string, string> title)
    {
        var (startUtc, endUtc) = (DateTime.SpecifyKind(slot.Start, DateTimeKind.Utc), DateTime.SpecifyKind(slot.End, DateTimeKind.Utc));
        var (start, end) = (AmsterdamTime.ToLocal(startUtc), AmsterdamTime.ToLocal(endUtc));
        return Refusal.Conflict(title(start.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), end.ToString("HH:mm", CultureInfo.InvariantCulture)), MdoSchedulingRules.SlotNotFree)
            .With("participant", participant)
            .With("slot", new { start = startUtc, end = endUtc });
    }
}

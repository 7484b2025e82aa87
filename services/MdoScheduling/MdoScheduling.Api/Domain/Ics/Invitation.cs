using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;

namespace MdoScheduling.Api.Domain.Ics;

/// <summary>One attendee of an invitation.</summary>
/// <param name="Id">A professional's user id, or <c>member:&lt;member id&gt;</c>.</param>
/// <param name="Name">Their name, as CN.</param>
/// <param name="Required">REQ-PARTICIPANT or OPT-PARTICIPANT.</param>
/// <param name="Status">Their answer (<see cref="ParticipantStatuses"/>).</param>
public sealed record InvitationAttendee(string Id, string Name, bool Required, string Status);

/// <summary>What an invitation says: when, who organises, who takes part, and where to read more.</summary>
/// <param name="MdoId">The MDO: its UID is derived from it and never changes.</param>
/// <param name="Sequence">SEQUENCE: raised on every change of the MDO.</param>
/// <param name="Cancelled">METHOD:CANCEL with STATUS:CANCELLED, for a cancelled MDO or a participant taken off it.</param>
/// <param name="Start">When it starts (UTC).</param>
/// <param name="End">When it ends (UTC).</param>
/// <param name="Organiser">The organiser.</param>
/// <param name="Attendees">Everyone taking part (for a CANCEL to one participant: that participant).</param>
/// <param name="Link">Where a participant reads the MDO; the invitation itself names no client, diagnosis or reason.</param>
/// <param name="Stamp">DTSTAMP: when this invitation was made (UTC).</param>
public sealed record InvitationContent(
    Guid MdoId, int Sequence, bool Cancelled, DateTime Start, DateTime End, InvitationAttendee Organiser,
    IReadOnlyList<InvitationAttendee> Attendees, Uri Link, DateTime Stamp);

/// <summary>
/// Writes an MDO's invitation as iCalendar (RFC 5545) with its iTIP method (RFC 5546), through
/// Ical.Net: METHOD:REQUEST or CANCEL, one VEVENT with a stable UID and its SEQUENCE, times in
/// Europe/Amsterdam with its VTIMEZONE, the ORGANIZER and every participant as an ATTENDEE with
/// their role and answer. It carries no BSN, diagnosis, reason or family name: only a link. Pure.
/// </summary>
public static class Invitation
{
    /// <summary>The time zone the times are written in.</summary>
    public const string TimeZone = "Europe/Amsterdam";

    /// <summary>The summary every invitation carries: no client's name, no reason.</summary>
    public const string Summary = "Multidisciplinair overleg (MDO)";

    /// <summary>The UID of an MDO's event.</summary>
    public static string Uid(Guid mdoId) => $"mdo-{mdoId:D}@coordination";

    /// <summary>
    /// The calendar address of a participant. The platform knows no e-mail addresses, and calendar
    /// programs expect a mailto: address, so each participant gets one under the reserved .invalid
    /// domain (RFC 2606): recognisable per person, never delivered to.
    /// </summary>
    public static Uri Address(string participantId)
    {
        ArgumentNullException.ThrowIfNull(participantId);
        var local = new string(participantId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-').ToArray());
        return new Uri($"mailto:{local}@participants.coordination.invalid");
    }

    /// <summary>The invitation's description: where to read the MDO and to answer it, in Dutch and English.</summary>
    public static string Description(Uri link) =>
        $"Beantwoord deze uitnodiging (aannemen of afwijzen) in Coordination, niet in uw agenda; daar leest u ook het overleg en wie deelneemt: {link}\n" +
        $"Answer this invitation (accept or decline) in Coordination, not in your calendar; read the MDO and its participants there: {link}";

    /// <summary>The invitation as text (CRLF lines, folded at 75 octets).</summary>
    public static string Write(InvitationContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var calendar = new Calendar { Method = content.Cancelled ? CalendarMethods.Cancel : CalendarMethods.Request };
        calendar.ProductId = "-//Coordination//MDO scheduling//NL";
        calendar.AddTimeZone(TimeZone);
        var start = Coordination.ServiceDefaults.AmsterdamTime.ToLocal(content.Start);
        var end = Coordination.ServiceDefaults.AmsterdamTime.ToLocal(content.End);
        var e = new CalendarEvent
        {
            Uid = Uid(content.MdoId),
            Sequence = content.Sequence,
            DtStamp = new CalDateTime(DateTime.SpecifyKind(content.Stamp, DateTimeKind.Utc)),
            DtStart = new CalDateTime(start, TimeZone),
            DtEnd = new CalDateTime(end, TimeZone),
            Summary = Summary,
            Description = Description(content.Link),
            Url = content.Link,
            Status = content.Cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer { Value = Address(content.Organiser.Id), CommonName = content.Organiser.Name },
        };
        foreach (var a in content.Attendees)
        {
            e.Attendees.Add(new Attendee
            {
                Value = Address(a.Id),
                CommonName = a.Name,
                Role = a.Required ? ParticipationRole.RequiredParticipant : ParticipationRole.OptionalParticipant,
                ParticipationStatus = a.Status switch
                {
                    ParticipantStatuses.Accepted => EventParticipationStatus.Accepted,
                    ParticipantStatuses.Declined => EventParticipationStatus.Declined,
                    _ => EventParticipationStatus.NeedsAction,
                },
                // The organiser's address is never delivered to, so a calendar's "Accept" would go nowhere:
                // no reply is asked for, and the description says where to answer.
                Rsvp = false,
            });
        }

        calendar.Events.Add(e);
        return new CalendarSerializer().SerializeToString(calendar)
            ?? throw new InvalidOperationException("Ical.Net wrote no text for the invitation.");
    }
}

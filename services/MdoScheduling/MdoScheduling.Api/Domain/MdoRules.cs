using Coordination.ServiceDefaults.Auth;

namespace MdoScheduling.Api.Domain;

/// <summary>The statuses of an MDO.</summary>
public static class MdoStatuses
{
    public const string Planned = "planned";
    public const string Cancelled = "cancelled";
    public const string Held = "held";
}

/// <summary>A participant's answer, in the words of iCalendar's PARTSTAT (RFC 5545 §3.2.12), and <c>removed</c>.</summary>
public static class ParticipantStatuses
{
    public const string NeedsAction = "needs-action";
    public const string Accepted = "accepted";
    public const string Declined = "declined";

    /// <summary>Taken off the MDO: their consent was withdrawn, or they left the care team.</summary>
    public const string Removed = "removed";

    /// <summary>Whether a participant with <paramref name="status"/> still takes part.</summary>
    public static bool TakesPart(string status) => status is NeedsAction or Accepted;
}

/// <summary>Who a participant is.</summary>
public static class ParticipantKinds
{
    /// <summary>A professional, by user id, with a calendar here.</summary>
    public const string Professional = "professional";

    /// <summary>A family member, by member id: no calendar, the family is told and answers.</summary>
    public const string Family = "family";

    /// <summary>The participant id of a family member.</summary>
    public static string FamilyId(Guid memberId) => $"member:{memberId:D}";
}

/// <summary>The limits of an MDO request (issue 11).</summary>
public static class MdoLimits
{
    public const int MinDurationMinutes = 15;
    public const int MaxDurationMinutes = 240;
    public const int MaxWindowDays = 90;
    public const int MaxParticipants = 20;
    public const int MaxPurposeLength = 500;
    public const int MaxReasonLength = 1000;

    /// <summary>The longest decision text: what the family plan's action holds.</summary>
    public const int MaxDecisionLength = 1000;

    /// <summary>The most decisions one outcome records.</summary>
    public const int MaxDecisions = 50;
}

/// <summary>How a participant's time in an MDO counts.</summary>
/// <param name="Kind">intercollegiaal-overleg-kort, intercollegiaal-overleg-lang, or recorded (time for the productivity norm only).</param>
/// <param name="Billable">Whether it is a claimable care product of the Zorgprestatiemodel.</param>
/// <param name="Reason">Why, in words.</param>
public sealed record MdoTime(string Kind, bool Billable, string Reason);

/// <summary>
/// Whether a participant's MDO time is billable "intercollegiaal overleg" (domain.md): only for a
/// Zvw-GGZ clinician (an adult-care clinician of the NZa profession table), ambulant, without the
/// client present. Everyone else's time is recorded for the productivity norm: GP and POH-GGZ time
/// is GP care, the family therapist cannot bill on their own, and youth care is paid under the
/// Jeugdwet. Pure.
/// </summary>
public static class MdoBilling
{
    /// <summary>Consultation of at least this many minutes is "kort".</summary>
    public const int ShortFromMinutes = 5;

    /// <summary>Consultation of at least this many minutes is "lang".</summary>
    public const int LongFromMinutes = 15;

    public const string ShortConsultation = "intercollegiaal-overleg-kort";
    public const string LongConsultation = "intercollegiaal-overleg-lang";
    public const string Recorded = "recorded";

    /// <summary>How <paramref name="minutes"/> of a participant in <paramref name="role"/> (and <paramref name="domain"/>) count.</summary>
    public static MdoTime For(string role, string? domain, bool clientPresent, int minutes)
    {
        if (role != Roles.Clinician || domain != "adult")
        {
            return new MdoTime(Recorded, false, role switch
            {
                Roles.Gp or Roles.Poh => "GP and POH-GGZ time is GP care: recorded, not billed as consultation.",
                Roles.FamilyTherapist or Roles.FamilySystemsWorker => "A family therapist cannot bill in adult care on their own: recorded only.",
                Roles.Clinician => "Youth care is paid under the Jeugdwet: recorded only.",
                _ => "Not a Zvw-GGZ profession: recorded only.",
            });
        }

        if (clientPresent)
        {
            return new MdoTime(Recorded, false, "The client was present: this is a session with the client, not consultation between colleagues.");
        }

        return minutes switch
        {
            >= LongFromMinutes => new MdoTime(LongConsultation, true, $"Zvw-GGZ clinician, ambulant, without the client, at least {LongFromMinutes} minutes."),
            >= ShortFromMinutes => new MdoTime(ShortConsultation, true, $"Zvw-GGZ clinician, ambulant, without the client, {ShortFromMinutes} to {LongFromMinutes - 1} minutes."),
            _ => new MdoTime(Recorded, false, $"Under {ShortFromMinutes} minutes: recorded only."),
        };
    }
}

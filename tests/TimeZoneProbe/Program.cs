using System.Globalization;
using System.Text.Json;
using Coordination.ServiceDefaults;
using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;

// Prints, as one JSON object, what the platform computes from Europe/Amsterdam's rules, and whether
// the operating system could have given them: TimeZoneDataTests runs it with no zone data at all.
static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

string system;
try
{
    system = TimeZoneInfo.FindSystemTimeZoneById("Europe/Amsterdam").Id;
}
catch (TimeZoneNotFoundException)
{
    system = "missing";
}

var summerStart = new DateTime(2027, 7, 15, 7, 0, 0, DateTimeKind.Utc);
var invitation = Invitation.Write(new InvitationContent(
    Guid.Parse("0b5e7a52-4a61-4b3e-9d0e-2f6b1f7c9a10"), 0, false, summerStart, summerStart.AddHours(1),
    new InvitationAttendee("poh-01012345", "Petra Oosterhuis", true, ParticipantStatuses.Accepted), [],
    new Uri("https://coordination.example/api/mdos/0b5e7a52-4a61-4b3e-9d0e-2f6b1f7c9a10"), new DateTime(2027, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
var upload = CalendarUpload.Read(
    string.Join("\r\n", "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//probe//NL", "BEGIN:VEVENT", "UID:a", "DTSTAMP:20270101T000000Z",
        "DTSTART:20270115T090000", "DTEND:20270115T100000", "END:VEVENT", "END:VCALENDAR", string.Empty),
    new Period(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2027, 2, 1, 0, 0, 0, DateTimeKind.Utc)));

Console.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string>
{
    ["system"] = system,
    ["rules"] = AmsterdamTime.RulesVersion,
    ["winterNine"] = Utc(AmsterdamTime.ToUtc(new DateOnly(2027, 1, 15), new TimeOnly(9, 0))),
    ["summerNine"] = Utc(AmsterdamTime.ToUtc(new DateOnly(2027, 7, 15), new TimeOnly(9, 0))),
    ["springGap"] = Utc(AmsterdamTime.ToUtc(new DateOnly(2027, 3, 28), new TimeOnly(2, 30))),
    ["autumnRepeat"] = Utc(AmsterdamTime.ToUtc(new DateOnly(2027, 10, 31), new TimeOnly(2, 30))),
    ["newYear"] = AmsterdamTime.DateOf(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    ["summerLocal"] = AmsterdamTime.ToLocal(summerStart).ToString("HH:mm", CultureInfo.InvariantCulture),
    ["invitationStart"] = invitation.Split("\r\n").SkipWhile(line => line != "BEGIN:VEVENT").First(line => line.StartsWith("DTSTART", StringComparison.Ordinal)),
    ["invitationZone"] = invitation.Contains("BEGIN:VTIMEZONE", StringComparison.Ordinal) && invitation.Contains("TZID:Europe/Amsterdam", StringComparison.Ordinal) ? "Europe/Amsterdam" : "none",
    ["floatingUpload"] = upload.Problem is null ? string.Join(",", upload.Busy.Select(b => Utc(b.Start))) : $"problem: {upload.Problem}",
}));

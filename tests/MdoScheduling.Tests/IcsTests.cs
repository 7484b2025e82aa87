using MdoScheduling.Api.Domain;
using MdoScheduling.Api.Domain.Ics;
using Calendar = Ical.Net.Calendar;

namespace MdoScheduling.Tests;

/// <summary>
/// The iCalendar side of MDOs (issue 11): the invitation a participant downloads (RFC 5545 with the
/// RFC 5546 method, read back with Ical.Net), and the busy time read from a professional's own
/// calendar file, with the line of the first fault for a file that is not iCalendar.
/// </summary>
[Trait("Category", "Unit")]
public sealed class IcsTests
{
    private static readonly Guid MdoId = Guid.Parse("0b5e7a52-4a61-4b3e-9d0e-2f6b1f7c9a10");

    private static DateTime Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    private static InvitationContent Content(int sequence = 0, bool cancelled = false) => new(
        MdoId, sequence, cancelled, Utc(2027, 3, 29, 7), Utc(2027, 3, 29, 8),
        new InvitationAttendee("poh-01012345", "Petra Oosterhuis (POH-GGZ)", true, ParticipantStatuses.Accepted),
        [
            new("poh-01012345", "Petra Oosterhuis (POH-GGZ)", true, ParticipantStatuses.Accepted),
            new("therapist-1", "Femke Smit", true, ParticipantStatuses.NeedsAction),
            new("clinician-94012345", "Jeroen Bos", false, ParticipantStatuses.Declined),
            new("member:5d2c7a9e-0000-4000-8000-000000000018", "Sandra de Vries", false, ParticipantStatuses.NeedsAction),
        ],
        new Uri($"https://coordination.example/api/mdos/{MdoId}"), Utc(2026, 11, 23, 9));

    [Fact]
    public void The_invitation_is_one_event_with_its_method_organiser_attendees_and_amsterdam_times()
    {
        var text = Invitation.Write(Content());
        var calendar = Calendar.Load(text)!;

        Assert.Equal("REQUEST", calendar.Method);
        var e = Assert.Single(calendar.Events);
        Assert.Equal(Invitation.Uid(MdoId), e.Uid);
        Assert.Equal(0, e.Sequence);
        Assert.Equal("Petra Oosterhuis (POH-GGZ)", e.Organizer!.CommonName);
        // 09:00 in Amsterdam on the Monday after the spring change is 07:00Z.
        Assert.Equal("Europe/Amsterdam", e.DtStart!.TzId);
        Assert.Equal(new DateTime(2027, 3, 29, 9, 0, 0), e.DtStart.Value);
        Assert.Equal(Utc(2027, 3, 29, 7), e.DtStart.AsUtc);
        Assert.Equal(Utc(2027, 3, 29, 8), e.DtEnd!.AsUtc);
        Assert.Contains(calendar.TimeZones, tz => tz.TzId == "Europe/Amsterdam");
        Assert.Equal(
            [("Petra Oosterhuis (POH-GGZ)", "REQ-PARTICIPANT", "ACCEPTED"), ("Femke Smit", "REQ-PARTICIPANT", "NEEDS-ACTION"),
             ("Jeroen Bos", "OPT-PARTICIPANT", "DECLINED"), ("Sandra de Vries", "OPT-PARTICIPANT", "NEEDS-ACTION")],
            e.Attendees.Select(a => (a.CommonName, a.Role, a.ParticipationStatus)));
        Assert.Contains("METHOD:REQUEST", text, StringComparison.Ordinal);
        Assert.Contains("BEGIN:VTIMEZONE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_invitation_names_no_bsn_diagnosis_or_reason_only_a_link()
    {
        var text = Invitation.Write(Content());
        var e = Calendar.Load(text)!.Events.Single();

        Assert.Equal(Invitation.Summary, e.Summary);
        Assert.Equal(new Uri($"https://coordination.example/api/mdos/{MdoId}"), e.Url);
        Assert.DoesNotMatch(@"\b9999\d{5}\b", text);
        foreach (var clinical in new[] { "depress", "F32", "truancy", "diagnos" })
        {
            Assert.DoesNotContain(clinical, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void The_invitation_asks_no_calendar_reply_and_says_to_answer_on_the_platform()
    {
        // Issue 19: the organiser's address is never delivered to, so an RSVP would go nowhere.
        var text = Invitation.Write(Content());
        var e = Calendar.Load(text)!.Events.Single();

        Assert.All(e.Attendees, a => Assert.False(a.Rsvp, $"{a.CommonName} is asked for a calendar reply"));
        Assert.DoesNotContain("RSVP=TRUE", text, StringComparison.Ordinal);
        Assert.Contains("Beantwoord deze uitnodiging (aannemen of afwijzen) in Coordination", e.Description, StringComparison.Ordinal);
        Assert.Contains($"https://coordination.example/api/mdos/{MdoId}", e.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_keeps_the_uid_and_raises_the_sequence_and_a_cancellation_says_cancel()
    {
        var first = Calendar.Load(Invitation.Write(Content()))!.Events.Single();
        var moved = Calendar.Load(Invitation.Write(Content(sequence: 1)))!.Events.Single();
        var cancelled = Calendar.Load(Invitation.Write(Content(sequence: 2, cancelled: true)))!;

        Assert.Equal(first.Uid, moved.Uid);
        Assert.True(moved.Sequence > first.Sequence);
        Assert.Equal("CANCEL", cancelled.Method);
        Assert.Equal("CANCELLED", cancelled.Events.Single().Status);
        Assert.Equal(first.Uid, cancelled.Events.Single().Uid);
        Assert.Equal(2, cancelled.Events.Single().Sequence);
    }

    [SkippableFact]
    public async Task A_second_independent_parser_ical_js_reads_the_same_invitation_and_its_sequence_across_a_reschedule()
    {
        var tool = Environment.GetEnvironmentVariable("COORDINATION_ICALJS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Coordination.Testing.Repository.Root, "tools", "icaljs");
        if (Environment.GetEnvironmentVariable("COORDINATION_REQUIRE_INFRASTRUCTURE") != "1")
        {
            Skip.IfNot(Directory.Exists(Path.Combine(tool, "node_modules", "ical.js")), "ical.js is not installed (npm ci in tools/icaljs, or run deploy/test.sh)");
        }

        var first = await IcalJsAsync(tool, Invitation.Write(Content()));
        var moved = await IcalJsAsync(tool, Invitation.Write(Content(sequence: 1) with { Start = Utc(2027, 3, 30, 7), End = Utc(2027, 3, 30, 8) }));
        var cancelled = await IcalJsAsync(tool, Invitation.Write(Content(sequence: 2, cancelled: true)));

        Assert.Equal("REQUEST", first["method"]!.GetValue<string>());
        Assert.Equal(["Europe/Amsterdam"], first["timezones"]!.AsArray().Select(t => t!.GetValue<string>()));
        var e = Assert.Single(first["events"]!.AsArray())!;
        Assert.Equal((Invitation.Uid(MdoId), 0, "2027-03-29T07:00:00.000Z", "Europe/Amsterdam"),
            (e["uid"]!.GetValue<string>(), e["sequence"]!.GetValue<int>(), e["startUtc"]!.GetValue<string>(), e["startTzid"]!.GetValue<string>()));
        Assert.Equal(Invitation.Address("poh-01012345").ToString(), e["organizer"]!.GetValue<string>());
        Assert.Equal(
            [("REQ-PARTICIPANT", "ACCEPTED"), ("REQ-PARTICIPANT", "NEEDS-ACTION"), ("OPT-PARTICIPANT", "DECLINED"), ("OPT-PARTICIPANT", "NEEDS-ACTION")],
            e["attendees"]!.AsArray().Select(a => (a!["role"]!.GetValue<string>(), a["partstat"]!.GetValue<string>())));
        var again = moved["events"]![0]!;
        Assert.Equal((Invitation.Uid(MdoId), 1, "2027-03-30T07:00:00.000Z"), (again["uid"]!.GetValue<string>(), again["sequence"]!.GetValue<int>(), again["startUtc"]!.GetValue<string>()));
        Assert.Equal(("CANCEL", "CANCELLED", 2), (cancelled["method"]!.GetValue<string>(), cancelled["events"]![0]!["status"]!.GetValue<string>(),
            cancelled["events"]![0]!["sequence"]!.GetValue<int>()));
    }

    /// <summary>Runs <c>node tools/icaljs/parse.mjs</c> on <paramref name="ics"/> and returns what ical.js read.</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> IcalJsAsync(string tool, string ics)
    {
        var start = new System.Diagnostics.ProcessStartInfo("node")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = tool,
        };
        start.ArgumentList.Add(Path.Combine(tool, "parse.mjs"));
        using var process = System.Diagnostics.Process.Start(start)!;
        await process.StandardInput.WriteAsync(ics);
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await error);
        return System.Text.Json.Nodes.JsonNode.Parse(await output)!;
    }

    private static readonly Period Window = new(Utc(2027, 3, 1, 0), Utc(2027, 5, 1, 0));

    private static string Ics(params string[] lines) => string.Join("\r\n", ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN", .. lines, "END:VCALENDAR"]);

    [Fact]
    public void Busy_events_count_recurrences_expand_and_free_or_cancelled_ones_do_not()
    {
        var text = Ics(
            "BEGIN:VEVENT", "UID:a", "DTSTAMP:20270301T000000Z", "DTSTART;TZID=Europe/Amsterdam:20270326T090000", "DTEND;TZID=Europe/Amsterdam:20270326T100000",
            "RRULE:FREQ=WEEKLY;COUNT=2", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b", "DTSTAMP:20270301T000000Z", "DTSTART:20270330T120000Z", "DTEND:20270330T130000Z", "TRANSP:TRANSPARENT", "END:VEVENT",
            "BEGIN:VEVENT", "UID:c", "DTSTAMP:20270301T000000Z", "DTSTART:20270331T120000Z", "DTEND:20270331T130000Z", "STATUS:CANCELLED", "END:VEVENT");

        var read = CalendarUpload.Read(text, Window);

        Assert.Null(read.Problem);
        // Friday 26 March 09:00 is 08:00Z in winter time; a week on, 2 April 09:00 is 07:00Z in summer time.
        Assert.Equal([new Period(Utc(2027, 3, 26, 8), Utc(2027, 3, 26, 9)), new Period(Utc(2027, 4, 2, 7), Utc(2027, 4, 2, 8))], read.Busy);
    }

    [Fact]
    public void Free_busy_periods_are_read_as_busy_except_the_free_ones()
    {
        var text = Ics(
            "BEGIN:VFREEBUSY", "UID:fb", "DTSTAMP:20270301T000000Z", "DTSTART:20270301T000000Z", "DTEND:20270401T000000Z",
            "FREEBUSY:20270329T070000Z/20270329T080000Z,20270330T070000Z/PT30M",
            "FREEBUSY;FBTYPE=FREE:20270331T070000Z/PT8H",
            "FREEBUSY;FBTYPE=BUSY-UNAVAILABLE:20270401T070000Z/PT1H", "END:VFREEBUSY");

        var read = CalendarUpload.Read(text, Window);

        Assert.Null(read.Problem);
        Assert.Equal(
            [new Period(Utc(2027, 3, 29, 7), Utc(2027, 3, 29, 8)), new Period(Utc(2027, 3, 30, 7), Utc(2027, 3, 30, 7, 30)), new Period(Utc(2027, 4, 1, 7), Utc(2027, 4, 1, 8))],
            read.Busy);
    }

    [Theory]
    [InlineData("this is not a calendar", 1)]
    [InlineData("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART 20270329T070000Z\r\nEND:VEVENT\r\nEND:VCALENDAR", 4)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VCALENDAR", 4)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT", 1)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20271332T070000Z\r\nEND:VEVENT\r\nEND:VCALENDAR", 4)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART;TZID=Mars/Olympus:20270329T070000\r\nEND:VEVENT\r\nEND:VCALENDAR", 4)]
    [InlineData("BEGIN:VCALENDAR\r\nBEGIN:VFREEBUSY\r\nFREEBUSY:tomorrow/later\r\nEND:VFREEBUSY\r\nEND:VCALENDAR", 3)]
    public void A_file_that_is_not_icalendar_is_refused_naming_its_line(string text, int line)
    {
        var read = CalendarUpload.Read(text, Window);

        Assert.Equal(line, read.Problem!.Line);
        Assert.Empty(read.Busy);
    }

    [Fact]
    public void A_folded_line_counts_from_its_first_physical_line()
    {
        var text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:a long\r\n  folded summary\r\nDTSTART:2027\r\n 1332T070000Z\r\nEND:VEVENT\r\nEND:VCALENDAR";

        Assert.Equal(5, CalendarUpload.Read(text, Window).Problem!.Line);
    }
}

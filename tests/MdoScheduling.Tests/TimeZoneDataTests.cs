using System.Text.Json;
using Coordination.Testing;

namespace MdoScheduling.Tests;

/// <summary>
/// The platform dates and schedules in Europe/Amsterdam from the tz database it carries (NodaTime's),
/// not the operating system's (issue 24): a container image without <c>/usr/share/zoneinfo</c> must
/// give the same times. TimeZoneProbe computes them in a process of its own with <c>TZ</c> unset and
/// <c>TZDIR</c> on an empty folder, where the runtime finds no zone at all.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TimeZoneDataTests
{
    [Fact]
    public async Task Amsterdam_times_dates_invitations_and_uploads_need_no_zone_data_from_the_system()
    {
        var empty = Directory.CreateTempSubdirectory("no-zoneinfo-");
        try
        {
            var probe = await RunProbeAsync(empty.FullName);

            Assert.Equal("missing", probe["system"]);
            Assert.Matches("^20[0-9]{2}[a-z]$", probe["rules"]);
            Assert.Equal("2027-01-15T08:00Z", probe["winterNine"]);
            Assert.Equal("2027-07-15T07:00Z", probe["summerNine"]);
            // 02:30 on the last Sunday of March does not exist: the hour after, 03:30 summer time.
            Assert.Equal("2027-03-28T01:30Z", probe["springGap"]);
            // 02:30 on the last Sunday of October happens twice: the first, in summer time.
            Assert.Equal("2027-10-31T00:30Z", probe["autumnRepeat"]);
            Assert.Equal("2027-01-01", probe["newYear"]);
            Assert.Equal("09:00", probe["summerLocal"]);
            Assert.Equal("DTSTART;TZID=Europe/Amsterdam:20270715T090000", probe["invitationStart"]);
            Assert.Equal("Europe/Amsterdam", probe["invitationZone"]);
            // A floating time in an uploaded calendar counts as Amsterdam time.
            Assert.Equal("2027-01-15T08:00Z", probe["floatingUpload"]);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static async Task<Dictionary<string, string>> RunProbeAsync(string zoneFolder)
    {
        // The tests and the probe are built in the same configuration (Debug or Release).
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        var folder = Path.Combine(Repository.Root, "tests", "TimeZoneProbe", "bin", configuration, "net10.0");
        var output = await Command.RunAsync("dotnet", [Path.Combine(folder, "TimeZoneProbe.dll")], start =>
        {
            start.WorkingDirectory = folder;
            start.Environment.Remove("TZ");
            start.Environment["TZDIR"] = zoneFolder;
        });
        return JsonSerializer.Deserialize<Dictionary<string, string>>(output)!;
    }
}

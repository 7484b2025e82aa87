using System.Text;
using Coordination.Messaging;
using Coordination.Messaging.AccessLog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BuildingBlocks.Tests;

/// <summary>
/// The merged access log's order, cursor and merge as pure functions: five services simulated in
/// memory answer each position as their database would, and a walk page by page must show every
/// entry once, in descending order of (time, service, id), however many share one second.
/// </summary>
[Trait("Category", "Unit")]
public sealed class AccessLogPagingTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 23, 9, 15, 42, TimeSpan.Zero);

    private static AccessLogEntry Entry(string id, DateTimeOffset at) =>
        new(id, at, "R", "success", "gp-01012345", "Test gp", "gp", null, "family-plan", "FamilyPlan", "f-1", "test",
            "passed", "passed", "not-applicable", "not-applicable");

    /// <summary>A service answering a query as <c>ClientAccessLog</c> does: older than the position, newest first, one more to know if more follow.</summary>
    private static AccessLogPage Answer(string service, IEnumerable<AccessLogEntry> log, AccessLogPosition? after, int limit)
    {
        var rest = log
            .Where(e => after is null || e.At < after.At || (e.At == after.At && string.CompareOrdinal(e.Id, after.Id) < 0))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .ToList();
        return new AccessLogPage(service, rest.Take(limit).ToList(), rest.Count > limit);
    }

    /// <summary>Many entries in few seconds: every service has several in each, some in none.</summary>
    private static Dictionary<string, List<AccessLogEntry>> CrowdedLogs()
    {
        var random = new Random(7513);
        string Id()
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString("D");
        }

        return PlatformServices.All.ToDictionary(s => s, s => Enumerable.Range(0, s == PlatformServices.MdoScheduling ? 0 : random.Next(5, 16))
            .Select(_ => Entry(Id(), T.AddSeconds(-random.Next(0, 2))))
            .ToList());
    }

    private static List<AccessLogLine> Walk(Dictionary<string, List<AccessLogEntry>> logs, int limit)
    {
        var shown = new List<AccessLogLine>();
        string? cursor = null;
        for (var pages = 0; pages < 1000; pages++)
        {
            var at = cursor is null ? null : AccessLogCursor.Decode(cursor);
            var answers = logs.Select(l => Answer(l.Key, l.Value, at?.PositionIn(l.Key), limit)).ToList();
            var page = AccessLogMerge.Merge(answers, limit, []);
            Assert.True(page.Entries.Count == limit || page.NextCursor is null, "only the last page is short");
            shown.AddRange(page.Entries);
            cursor = page.NextCursor;
            if (cursor is null)
            {
                return shown;
            }
        }

        throw new InvalidOperationException("The walk did not end.");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100)]
    public void Walking_the_pages_shows_every_entry_once_in_order_though_many_share_one_second(int limit)
    {
        var logs = CrowdedLogs();
        var expected = logs.SelectMany(l => l.Value.Select(e => new AccessLogLine(l.Key, e)))
            .OrderByDescending(l => l.Entry.At)
            .ThenByDescending(l => l.Service, StringComparer.Ordinal)
            .ThenByDescending(l => l.Entry.Id, StringComparer.Ordinal)
            .ToList();
        Assert.True(expected.Count(l => l.Entry.At == T) > Math.Min(limit, 10), "the test needs more entries in one second than a page holds");

        var shown = Walk(logs, limit);

        Assert.Equal(expected.Select(l => (l.Service, l.Entry.Id)), shown.Select(l => (l.Service, l.Entry.Id)));
    }

    [Fact]
    public void An_entry_written_after_the_first_page_does_not_slip_into_a_later_one()
    {
        var logs = CrowdedLogs();
        var first = AccessLogMerge.Merge(logs.Select(l => Answer(l.Key, l.Value, null, 3)).ToList(), 3, []);
        // Reading the log is itself logged, e.g. in the consent service, a moment later.
        logs[PlatformServices.Consent].Add(Entry(Guid.NewGuid().ToString("D"), T.AddSeconds(1)));
        var at = AccessLogCursor.Decode(first.NextCursor!);
        var second = AccessLogMerge.Merge(logs.Select(l => Answer(l.Key, l.Value, at.PositionIn(l.Key), 100)).ToList(), 100, []);
        Assert.DoesNotContain(second.Entries, l => l.Entry.At > T);
    }

    [Fact]
    public void Each_service_goes_on_from_where_the_cursor_leaves_it()
    {
        var cursor = new AccessLogCursor(T, PlatformServices.FamilyPlan, "5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001");
        // Its own log: after the entry itself.
        Assert.Equal(new AccessLogPosition(T, cursor.Id), cursor.PositionIn(PlatformServices.FamilyPlan));
        // "funding-route" sorts after "family-plan": its entries of that second came first and were shown.
        Assert.Equal(new AccessLogPosition(T, string.Empty), cursor.PositionIn(PlatformServices.FundingRoute));
        // "consent" sorts before it: none of its entries of that second was shown yet.
        Assert.Equal(new AccessLogPosition(T.AddSeconds(1), string.Empty), cursor.PositionIn(PlatformServices.Consent));
    }

    [Fact]
    public void A_cursor_survives_its_round_trip_and_names_no_client()
    {
        var cursor = new AccessLogCursor(T, PlatformServices.Referral, "5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001");
        var text = cursor.Encode();
        Assert.Equal(cursor, AccessLogCursor.Decode(text));
        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        // Opaque to the caller, but plain to a reader of the code: a time, a service and an entry id, no BSN.
        var plain = Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4)));
        Assert.Equal("1|2026-11-23T09:15:42Z|referral|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001", plain);
    }

    public static TheoryData<string> BadCursors()
    {
        static string B64(string plain) => Convert.ToBase64String(Encoding.UTF8.GetBytes(plain)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return new TheoryData<string>
        {
            "not a cursor",
            "%%%",
            B64("2|2026-11-23T09:15:42Z|referral|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001"),
            B64("1|2026-11-23T09:15:42Z|billing|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001"),
            B64("1|2026-11-23 09:15:42|referral|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001"),
            B64("1|2026-11-23T09:15:42.5Z|referral|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001"),
            B64("1|2026-11-23T09:15:42Z|referral|' OR 1=1 --"),
            B64("1|9999-12-31T23:59:59Z|referral|5e0c6a52-94b8-4bd0-9c1d-2f0a1c1b0001"),
            B64("1|2026-11-23T09:15:42Z|referral|"),
            B64("1|2026-11-23T09:15:42Z|referral|5e0c6a52|extra"),
            B64("1|2026-11-23T09:15:42Z|referral"),
            new string('A', 400),
        };
    }

    [Theory]
    [MemberData(nameof(BadCursors))]
    public void A_cursor_not_given_out_is_refused_by_name(string text)
    {
        var refusal = Assert.Throws<InvalidAccessLogRequestException>(() => AccessLogCursor.Decode(text));
        Assert.Equal("cursor", refusal.ParamName);
    }

    [Theory]
    [InlineData("999900018", "not a cursor", 10, "cursor")]
    [InlineData("999900018", null, 0, "limit")]
    [InlineData("999900018", null, 101, "limit")]
    [InlineData("999900019", null, 10, "clientBsn")]
    [InlineData("", null, 10, "clientBsn")]
    public async Task The_gatherer_refuses_a_bad_request_before_it_asks_anyone(string bsn, string? cursor, int limit, string refused)
    {
        // No bus: a bad request must be refused before any service is asked.
        var gatherer = new AccessLogGatherer(null!, Options.Create(new AccessLogOptions()), NullLogger<AccessLogGatherer>.Instance);
        var refusal = await Assert.ThrowsAsync<InvalidAccessLogRequestException>(() => gatherer.GatherAsync(bsn, cursor, limit, CancellationToken.None));
        Assert.Equal(refused, refusal.ParamName);
        Assert.DoesNotContain(bsn is { Length: > 0 } ? bsn : "-", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_without_a_service_is_incomplete_and_keeps_a_cursor_while_it_may_have_more()
    {
        var logs = new Dictionary<string, List<AccessLogEntry>>
        {
            [PlatformServices.Referral] = [Entry("a1", T), Entry("a0", T.AddSeconds(-1))],
        };
        var page = AccessLogMerge.Merge([Answer(PlatformServices.Referral, logs[PlatformServices.Referral], null, 10)], 10, [PlatformServices.FamilyPlan]);
        Assert.False(page.IsComplete);
        Assert.Equal([PlatformServices.FamilyPlan], page.Unavailable);
        Assert.Equal(2, page.Entries.Count);
        // The missing service may hold older entries: the walk can go on.
        Assert.NotNull(page.NextCursor);

        var empty = AccessLogMerge.Merge([Answer(PlatformServices.Referral, [], null, 10)], 10, [PlatformServices.FamilyPlan]);
        Assert.Empty(empty.Entries);
        Assert.Null(empty.NextCursor);
        Assert.False(empty.IsComplete);

        var done = AccessLogMerge.Merge([Answer(PlatformServices.Referral, logs[PlatformServices.Referral], null, 10)], 10, []);
        Assert.True(done.IsComplete);
        Assert.Null(done.NextCursor);
    }

    [Fact]
    public void The_merge_keeps_each_services_own_order_of_ids()
    {
        // A database may order ids otherwise than ordinally (a collation): the merge never reorders one service's page.
        var page = new AccessLogPage(PlatformServices.Referral, [Entry("b", T), Entry("A", T)], HasMore: false);
        var other = new AccessLogPage(PlatformServices.Consent, [Entry("z", T)], HasMore: false);
        var merged = AccessLogMerge.Merge([page, other], 10, []);
        Assert.Equal(["b", "A", "z"], merged.Entries.Select(l => l.Entry.Id));
    }
}

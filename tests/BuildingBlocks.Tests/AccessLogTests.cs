using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Messaging;
using Coordination.Messaging.AccessLog;
using Coordination.Testing;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace BuildingBlocks.Tests;

/// <summary>
/// A client's one access log, gathered over the real broker from the real audit logs of the
/// running services: merged newest first, walked page by page, honest about a service that does
/// not answer, and never showing another client's entries.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AccessLogTests
{
    private const string Daan = "999900018";
    private const string Sandra = "999900006";
    private const string Nobody = "999900031";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static KeyValuePair<string, string?>[] Settings(TimeSpan timeout) =>
        [new("AccessLog:Timeout", timeout.ToString("c", CultureInfo.InvariantCulture))];

    private static AccessLogGatherer GathererOf(RunningHost consent) => consent.App.Services.GetRequiredService<AccessLogGatherer>();

    /// <summary>A GP refers Daan and reads the family plan once it shows the funding route: entries in three services.</summary>
    private static async Task<(Guid ReferralId, Guid FamilyId)> ReferDaanAsync(Platform platform)
    {
        using var gp = platform.Gateway.Client(Tokens.Gp());
        using var response = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var familyId = created["familyId"]!.GetValue<Guid>();
        await Plans.WithRoutesAsync(gp, familyId, routes: 1);
        return (created["id"]!.GetValue<Guid>(), familyId);
    }

    /// <summary>What the services' own audit logs hold about <paramref name="bsn"/>, in the merged log's order.</summary>
    private static async Task<List<(string Service, string Id)>> StoredAsync(TestDatabase databases, string bsn, IEnumerable<string>? services = null)
    {
        var all = new List<(string Service, DateTime At, string Id)>();
        foreach (var service in services ?? PlatformServices.All)
        {
            await using var connection = await databases.For(service).OpenAsync();
            var rows = await connection.QueryAsync<StoredRow>("SELECT occurred_at AS At, id AS Id FROM audit_log WHERE client_bsn = @Bsn", new { Bsn = bsn });
            all.AddRange(rows.Select(r => (service, r.At, r.Id)));
        }

        return all.OrderByDescending(e => e.At).ThenByDescending(e => e.Service, StringComparer.Ordinal).ThenByDescending(e => e.Id, StringComparer.Ordinal)
            .Select(e => (e.Service, e.Id)).ToList();
    }

    // Dapper fills rows through setters, which honour the type handlers (UTC instants from SQLite's text).
    private sealed class StoredRow
    {
        public DateTime At { get; set; }

        public string Id { get; set; } = string.Empty;
    }

    private static async Task<List<AccessLogLine>> WalkAsync(AccessLogGatherer gatherer, string bsn, int limit)
    {
        var shown = new List<AccessLogLine>();
        string? cursor = null;
        for (var pages = 0; pages < 200; pages++)
        {
            var page = await gatherer.GatherAsync(bsn, cursor, limit, CancellationToken.None);
            Assert.True(page.IsComplete, $"unavailable: {string.Join(", ", page.Unavailable)}");
            Assert.True(page.Entries.Count == limit || page.NextCursor is null, $"page {pages + 1} holds {page.Entries.Count} entries yet another follows");
            shown.AddRange(page.Entries);
            cursor = page.NextCursor;
            if (cursor is null)
            {
                return shown;
            }
        }

        throw new InvalidOperationException("The walk did not end.");
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_clients_entries_from_every_service_come_back_merged_newest_first_and_no_one_elses(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect, serviceSettings: Settings(Timeout));
        var (referralId, familyId) = await ReferDaanAsync(platform);
        var gatherer = GathererOf(platform.Service(Platform.Consent));

        var daan = await gatherer.GatherAsync(Daan, null, AccessLogGatherer.MaxLimit, CancellationToken.None);

        Assert.True(daan.IsComplete);
        Assert.Null(daan.NextCursor);
        var expected = await StoredAsync(platform.Databases, Daan);
        Assert.Equal(expected, daan.Entries.Select(l => (l.Service, l.Entry.Id)));
        // The referral's creation, the plan's and the funding route's own records, the GP's reads of the plan,
        // and (once it has learnt the household) the consent service's record of it.
        var services = daan.Entries.Select(l => l.Service).ToHashSet();
        Assert.Superset(new HashSet<string> { PlatformServices.FamilyPlan, PlatformServices.FundingRoute, PlatformServices.Referral }, services);
        Assert.Subset(new HashSet<string> { PlatformServices.Consent, PlatformServices.FamilyPlan, PlatformServices.FundingRoute, PlatformServices.Referral }, services);
        Assert.Equal(daan.Entries.OrderByDescending(l => l.Entry.At).Select(l => l.Entry.Id), daan.Entries.Select(l => l.Entry.Id));

        // Every NEN 7513 field travels: the GP's referral, as the referral service logged it.
        var created = Assert.Single(daan.Entries, l => l.Service == PlatformServices.Referral).Entry;
        Assert.Equal(("C", "success", "gp-01012345", "Test gp", "gp", null), (created.Action, created.Outcome, created.UserId, created.UserName, created.UserRole, created.OnBehalfOf));
        Assert.Equal(("referral", "Referral", referralId.ToString(), "coordination-referral"), (created.Purpose, created.ObjectType, created.ObjectId, created.SourceSystem));
        Assert.Equal(("passed", "passed", "not-applicable", "not-applicable"),
            (created.CheckAuthorisation, created.CheckTreatmentRelationship, created.CheckConsent, created.CheckEmergencyAccess));
        Assert.Equal(TimeSpan.Zero, created.At.Offset);
        Assert.Equal(0, created.At.Ticks % TimeSpan.TicksPerSecond);
        await using (var connection = await platform.Databases.For(PlatformServices.Referral).OpenAsync())
        {
            var stored = await connection.QuerySingleAsync<DateTime>("SELECT occurred_at FROM audit_log WHERE id = @Id", new { created.Id });
            Assert.Equal(stored, created.At.UtcDateTime);
        }

        Assert.Contains(daan.Entries, l => l.Service == PlatformServices.FamilyPlan && l.Entry is { Action: "R", UserId: "gp-01012345", ObjectType: "FamilyPlan" }
            && l.Entry.ObjectId == familyId.ToString());
        Assert.Contains(daan.Entries, l => l.Service == PlatformServices.FundingRoute && l.Entry is { Action: "C", UserRole: AuditEntry.SystemRole, OnBehalfOf: "01012345" });

        // Sandra is named in Daan's referral: the plan logged her too, but her log holds only her entries.
        var sandra = await gatherer.GatherAsync(Sandra, null, AccessLogGatherer.MaxLimit, CancellationToken.None);
        Assert.True(sandra.IsComplete);
        Assert.Equal(await StoredAsync(platform.Databases, Sandra), sandra.Entries.Select(l => (l.Service, l.Entry.Id)));
        Assert.NotEmpty(sandra.Entries);
        Assert.Empty(sandra.Entries.Select(l => l.Entry.Id).Intersect(daan.Entries.Select(l => l.Entry.Id)));

        var nobody = await gatherer.GatherAsync(Nobody, null, 10, CancellationToken.None);
        Assert.True(nobody.IsComplete);
        Assert.Empty(nobody.Entries);
        Assert.Null(nobody.NextCursor);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Paging_with_a_small_limit_walks_every_entry_once_across_services_even_when_many_share_one_second(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect, serviceSettings: Settings(Timeout));
        await ReferDaanAsync(platform);
        // Besides what the services logged themselves, every service logs seven accesses to Daan
        // in one second, and two to Sandra, through the audit log's own writer.
        var second = TestClock.StartsAt.UtcDateTime.AddMinutes(-5);
        foreach (var service in PlatformServices.All)
        {
            await using var connection = await platform.Databases.For(service).OpenAsync();
            var entries = Enumerable.Range(1, 9).Select(n => AuditChainTests.Entry(n) with { ClientBsn = n <= 7 ? Daan : Sandra, SourceSystem = service }).ToList();
            await AuditLog.WriteManyAsync(connection, null, entries, second, CancellationToken.None);
        }

        var expected = await StoredAsync(platform.Databases, Daan);
        Assert.True(expected.Count >= 40, $"only {expected.Count} entries");

        var shown = await WalkAsync(GathererOf(platform.Service(Platform.Consent)), Daan, limit: 4);

        Assert.Equal(expected, shown.Select(l => (l.Service, l.Entry.Id)));
        Assert.Equal(35, shown.Count(l => l.Entry.At.UtcDateTime == second));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_stopped_service_is_named_unavailable_within_the_timeout_while_the_others_answer_and_finds_no_stale_queries_when_it_returns(string dialect)
    {
        await using var platform = await Platform.StartAsync(dialect, serviceSettings: Settings(Timeout));
        await ReferDaanAsync(platform);
        var gatherer = GathererOf(platform.Service(Platform.Consent));
        var queue = AccessLogQueues.NameOf(PlatformServices.FamilyPlan);
        await platform.StopServiceAsync(Platform.FamilyPlan);

        var clock = Stopwatch.StartNew();
        var gathering = gatherer.GatherAsync(Daan, null, AccessLogGatherer.MaxLimit, CancellationToken.None);
        // The query waits in the stopped service's queue while the gatherer waits for it.
        await Eventually.Until(() => platform.Broker.ExactCountAsync(queue), n => n == 1, "the query to wait in the stopped service's queue", Timeout);
        var page = await gathering;
        clock.Stop();

        Assert.False(page.IsComplete);
        Assert.Equal([PlatformServices.FamilyPlan], page.Unavailable);
        Assert.True(clock.Elapsed >= Timeout - TimeSpan.FromMilliseconds(100) && clock.Elapsed < Timeout + TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}");
        var others = await StoredAsync(platform.Databases, Daan, PlatformServices.All.Where(s => s != PlatformServices.FamilyPlan));
        Assert.Equal(others, page.Entries.Select(l => (l.Service, l.Entry.Id)));
        Assert.Contains(page.Entries, l => l.Service == PlatformServices.Referral);
        // The stopped service may hold older entries: the walk may go on, marked incomplete.
        Assert.NotNull(page.NextCursor);

        // The unanswered query lives no longer than its asker waited for it.
        await Eventually.Until(() => platform.Broker.ExactCountAsync(queue), n => n == 0, "the stale query to expire", TimeSpan.FromSeconds(15));

        await platform.StartServiceAsync(Platform.FamilyPlan);
        var again = await gatherer.GatherAsync(Daan, null, AccessLogGatherer.MaxLimit, CancellationToken.None);
        Assert.True(again.IsComplete);
        Assert.Equal(await StoredAsync(platform.Databases, Daan), again.Entries.Select(l => (l.Service, l.Entry.Id)));
        Assert.Contains(again.Entries, l => l.Service == PlatformServices.FamilyPlan);
    }

    [SkippableFact]
    public async Task Queries_reach_services_on_quorum_queues_and_a_service_never_deployed_is_named_at_once()
    {
        await using var broker = await RabbitVirtualHost.CreateAsync();
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        var settings = Settings(TimeSpan.FromSeconds(10)).Append(new("RabbitMq:QuorumQueues", "true")).ToList();
        await using var referral = await RunningHost.StartServiceAsync(Platform.Referral, broker, databases, settings);
        await using var consent = await RunningHost.StartServiceAsync(Platform.Consent, broker, databases, settings);
        using (var gp = referral.Client(Tokens.Gp()))
        {
            using var created = await gp.PostAsJsonAsync("/api/referrals", Referrals.Daan());
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        Assert.Equal("quorum", await broker.QueueTypeAsync(AccessLogQueues.NameOf(PlatformServices.Referral)));
        var clock = Stopwatch.StartNew();
        var page = await GathererOf(consent).GatherAsync(Daan, null, 10, CancellationToken.None);
        clock.Stop();

        // The referral's creation; the consent service's record of the household too, once it has learnt it.
        Assert.Single(page.Entries, l => (l.Service, l.Entry.Action) == (PlatformServices.Referral, "C"));
        Assert.All(page.Entries, l => Assert.Contains(l.Service, new[] { PlatformServices.Referral, PlatformServices.Consent }));
        // No queue was ever bound for them: the broker returns the query, and nobody waits ten seconds.
        Assert.Equal([PlatformServices.FamilyPlan, PlatformServices.FundingRoute, PlatformServices.MdoScheduling], page.Unavailable);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task Every_service_answers_on_the_queue_the_gatherer_asks_under_its_name()
    {
        await using var databases = TestDatabase.Create(Dialects.Sqlite);
        Assert.Equal(PlatformServices.All.Order(StringComparer.Ordinal), Platform.ServiceBuilders.Select(s => s.Name).Order(StringComparer.Ordinal));
        // Built, not started; all kept until the end, since MassTransit keeps the first bus's logger factory in a static.
        var apps = Platform.ServiceBuilders.Select(s => (s.Name, App: s.Build(HostCommandsTests.Args("unused", databases.Settings(s.Name))[1..]))).ToList();
        try
        {
            foreach (var (name, app) in apps)
            {
                Assert.Equal(name, app.Services.GetRequiredService<ServiceIdentity>().Name);
            }

            // Only the consent service gathers.
            Assert.Equal([Platform.Consent], apps.Where(a => a.App.Services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(AccessLogGatherer))).Select(a => a.Name));
        }
        finally
        {
            foreach (var (_, app) in apps)
            {
                await app.DisposeAsync();
            }
        }
    }
}

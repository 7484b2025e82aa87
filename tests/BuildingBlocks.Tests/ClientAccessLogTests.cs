using System.Reflection;
using Coordination.Data;
using Coordination.Data.Audit;
using Coordination.Testing;
using Dapper;

namespace BuildingBlocks.Tests;

/// <summary>
/// One service's access log of a client, read from its real audit log: newest first, a page at a
/// time from a position, ties within a second in id order, nobody else's entries, and served by
/// the index of migration 0005 without a sort.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ClientAccessLogTests
{
    private static readonly DateTime T = new(2026, 11, 23, 9, 15, 42, DateTimeKind.Utc);
    private const string Daan = "999900018";
    private const string Sandra = "999900006";

    private static AuditEntry Entry(string bsn, int n) => AuditChainTests.Entry(n) with { ClientBsn = bsn };

    private static async Task WriteAsync(Database db, DateTime at, params AuditEntry[] entries)
    {
        await using var connection = await db.OpenAsync();
        await AuditLog.WriteManyAsync(connection, null, entries, at, CancellationToken.None);
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task Pages_walk_a_clients_entries_newest_first_once_each_and_none_of_anyone_elses(string dialect)
    {
        var (databases, db) = await AuditChainTests.MigratedAsync(dialect);
        await using var _ = databases;
        // Six of Daan's entries share one second; Sandra's are written in between.
        await WriteAsync(db, T.AddSeconds(-1), Entry(Daan, 1), Entry(Daan, 2));
        await WriteAsync(db, T, Entry(Daan, 3), Entry(Sandra, 4), Entry(Daan, 5), Entry(Daan, 6));
        await WriteAsync(db, T.AddMilliseconds(400), Entry(Daan, 7), Entry(Daan, 8), Entry(Daan, 9), Entry(Sandra, 10));
        await WriteAsync(db, T.AddSeconds(1), Entry(Sandra, 11));

        List<string> expected;
        await using (var connection = await db.OpenAsync())
        {
            expected = (await connection.QueryAsync<string>(
                "SELECT id FROM audit_log WHERE client_bsn = @Bsn ORDER BY occurred_at DESC, id DESC", new { Bsn = Daan })).ToList();
        }

        Assert.Equal(8, expected.Count);
        var walked = new List<ClientAuditEntry>();
        AuditLogPosition? after = null;
        for (var pages = 1; ; pages++)
        {
            var page = await ClientAccessLog.ReadAsync(db, Daan, after, 3, CancellationToken.None);
            walked.AddRange(page.Entries);
            Assert.Equal(pages < 3, page.HasMore);
            if (!page.HasMore)
            {
                break;
            }

            after = new AuditLogPosition(page.Entries[^1].OccurredAt, page.Entries[^1].Id);
        }

        Assert.Equal(expected, walked.Select(e => e.Id));
        Assert.Equal(6, walked.Count(e => e.OccurredAt == T));
        Assert.All(walked, e => Assert.Equal(DateTimeKind.Utc, e.OccurredAt.Kind));
        var first = walked.Single(e => e.UserId == "gp-9");
        Assert.Equal(("R", "success", "Dr. Jansen-Ünal", "gp", "family-plan", "FamilyPlan", "f-9", "test"),
            (first.Action, first.Outcome, first.UserName, first.UserRole, first.Purpose, first.ObjectType, first.ObjectId, first.SourceSystem));
        Assert.Equal(("passed", "not-applicable", "passed", "not-applicable"),
            (first.CheckAuthorisation, first.CheckTreatmentRelationship, first.CheckConsent, first.CheckEmergencyAccess));

        // The empty id stands for "none of that second": the whole second is skipped, or, a second later, kept.
        var older = await ClientAccessLog.ReadAsync(db, Daan, new AuditLogPosition(T, string.Empty), 100, CancellationToken.None);
        Assert.Equal(2, older.Entries.Count);
        var all = await ClientAccessLog.ReadAsync(db, Daan, new AuditLogPosition(T.AddSeconds(1), string.Empty), 100, CancellationToken.None);
        Assert.Equal(8, all.Entries.Count);
        Assert.False(all.HasMore);

        Assert.Empty((await ClientAccessLog.ReadAsync(db, "999900031", null, 100, CancellationToken.None)).Entries);
        // Reading changed nothing: the chain is whole.
        Assert.Null(await AuditChain.VerifyAsync(db, CancellationToken.None));
    }

    [SkippableTheory]
    [InlineData(Dialects.Sqlite)]
    [InlineData(Dialects.Postgres)]
    public async Task A_page_is_one_range_of_the_client_order_index_with_no_sort(string dialect)
    {
        var (databases, db) = await AuditChainTests.MigratedAsync(dialect);
        await using var _ = databases;
        await WriteAsync(db, T, Entry(Daan, 1), Entry(Sandra, 2));
        var args = new { ClientBsn = Daan, At = T, Id = "x", Take = 4 };
        await using var connection = await db.OpenAsync();
        foreach (var name in new[] { "NewestSql", "AfterSql" })
        {
            var sql = (string)typeof(ClientAccessLog).GetField(name, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;
            string plan;
            if (dialect == Dialects.Sqlite)
            {
                plan = string.Join("\n", (await connection.QueryAsync<(long, long, long, string Detail)>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Detail));
                Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
            }
            else
            {
                // A few rows would be read from the table itself; the question is whether the index can serve.
                await using var tx = await connection.BeginTransactionAsync();
                await connection.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
                plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN " + sql, args, tx));
                Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);
            }

            Assert.Contains("ix_audit_log_client_order", plan, StringComparison.Ordinal);
        }
    }
}

using System.Diagnostics;
using Dapper;

namespace Faults.Tests;

/// <summary>
/// What a fault left behind, counted at the end by the outbox, the broker and every consumer's
/// effects: each referral the Referral service took must be applied once by the family plan (and
/// its funding answer), the funding route, consent and MDO scheduling, with nothing left unsent,
/// parked or in an error queue.
/// </summary>
/// <param name="Fault">The fault.</param>
/// <param name="Sent">Referrals scheduled.</param>
/// <param name="Accepted">Referrals the service answered 201 for.</param>
/// <param name="Stored">Referrals in the Referral database.</param>
/// <param name="Applied">Per consumer, the referrals it applied.</param>
/// <param name="Duplicates">Referrals stored or applied more than once, over all services.</param>
/// <param name="Unsent">Outbox rows not yet published (Referral and FundingRoute).</param>
/// <param name="Parked">Outbox rows given up on.</param>
/// <param name="Failed">Messages in error queues.</param>
/// <param name="Waiting">Messages still in the other queues.</param>
/// <param name="MaxDelay">The longest time from a referral's commit to its application by a consumer.</param>
public sealed record Outcome(
    string Fault, int Sent, int Accepted, int Stored, IReadOnlyDictionary<string, int> Applied, int Duplicates,
    int Unsent, int Parked, long Failed, long Waiting, TimeSpan MaxDelay)
{
    /// <summary>Every referral sent was taken, stored once and applied once everywhere, and nothing is left over.</summary>
    public bool Complete =>
        Accepted == Sent && Stored == Accepted && Applied.Values.All(a => a == Stored) && Duplicates == 0 && Unsent == 0 && Parked == 0 && Failed == 0 && Waiting == 0;

    /// <summary>The figures as a row of docs/reliability.md's table.</summary>
    public string Row =>
        $"| {Fault} | {Sent} | {Accepted} | {Stored} | {string.Join(" / ", Applied.Values)} | {Duplicates} | {Unsent} / {Parked} / {Failed} / {Waiting} | {MaxDelay.TotalSeconds:0.0} s |";

    public const string Header =
        "| fault | sent | taken | stored | applied: plan / plan's funding / funding route / consent / MDO | duplicates | unsent / parked / error queues / waiting | max delay |";

    /// <summary>Counts until everything is applied, or <paramref name="patience"/> has passed; returns the last count.</summary>
    public static async Task<Outcome> CountAsync(FaultPlatform platform, string fault, int sent, IReadOnlyList<string> accepted, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var outcome = await CountOnceAsync(platform, fault, sent, accepted);
            if (outcome.Complete || clock.Elapsed > patience)
            {
                return outcome;
            }

            await Task.Delay(1000);
        }
    }

    private static async Task<Outcome> CountOnceAsync(FaultPlatform platform, string fault, int sent, IReadOnlyList<string> accepted)
    {
        await using var referral = platform.Connect("Referral");
        var submitted = (await referral.QueryAsync<(string Id, DateTime At)>("SELECT id, submitted_at FROM referrals")).ToDictionary(r => r.Id, r => r.At);
        var doubled = await referral.ExecuteScalarAsync<int>("SELECT count(*) - count(DISTINCT reason) FROM referrals");
        var messages = (await referral.QueryAsync<(string MessageId, string ReferralId)>(
            "SELECT id, body::json->>'referralId' FROM outbox WHERE message_type LIKE 'Referral.Contracts.ReferralSubmitted,%'")).ToDictionary(m => m.MessageId, m => m.ReferralId);
        var (unsent, parked) = await OutboxAsync(referral);

        await using var plan = platform.Connect("FamilyPlan");
        var planApplied = await AppliedAsync(plan, "SELECT object_id, occurred_at FROM audit_log WHERE action = 'C' AND object_type = 'Referral'");
        var planFunding = await plan.ExecuteScalarAsync<int>("SELECT count(*) FROM plan_funding_routes");

        await using var funding = platform.Connect("FundingRoute");
        var fundingApplied = await AppliedAsync(funding, "SELECT object_id, occurred_at FROM audit_log WHERE action = 'C' AND object_type = 'FundingRoute'");
        var (fundingUnsent, fundingParked) = await OutboxAsync(funding);

        await using var consent = platform.Connect("Consent");
        var consentApplied = (await AppliedAsync(consent, "SELECT message_id, processed_at FROM inbox WHERE consumer = 'consent-referral-submitted'"))
            .Select(a => (Id: messages.GetValueOrDefault(a.Id, a.Id), a.At)).ToList();
        var statements = await consent.ExecuteScalarAsync<int>("SELECT count(*) FROM parenthood_statements");

        await using var mdo = platform.Connect("MdoScheduling");
        var mdoApplied = (await AppliedAsync(mdo, "SELECT message_id, processed_at FROM inbox WHERE consumer = 'mdo-scheduling-referral-submitted'"))
            .Select(a => (Id: messages.GetValueOrDefault(a.Id, a.Id), a.At)).ToList();

        var queues = await platform.Broker.QueuesAsync(platform.VirtualHost);
        var applied = new[] { planApplied, fundingApplied, consentApplied, mdoApplied };
        var duplicates = doubled + applied.Sum(a => a.Count - a.Select(x => x.Id).Distinct().Count()) + Math.Max(0, statements - submitted.Count);
        var delays = applied.SelectMany(a => a).Where(a => submitted.ContainsKey(a.Id)).Select(a => a.At - submitted[a.Id]).DefaultIfEmpty(TimeSpan.Zero);
        return new Outcome(
            fault, sent, accepted.Count, submitted.Count,
            new Dictionary<string, int>
            {
                ["plan"] = planApplied.Select(a => a.Id).Distinct().Count(),
                ["plan's funding"] = planFunding,
                ["funding route"] = fundingApplied.Select(a => a.Id).Distinct().Count(),
                ["consent"] = consentApplied.Select(a => a.Id).Distinct().Count(),
                ["mdo"] = mdoApplied.Select(a => a.Id).Distinct().Count(),
            },
            duplicates, unsent + fundingUnsent, parked + fundingParked,
            queues.Where(q => q.Key.EndsWith("_error", StringComparison.Ordinal) || q.Key.EndsWith("_skipped", StringComparison.Ordinal)).Sum(q => q.Value),
            queues.Where(q => !q.Key.EndsWith("_error", StringComparison.Ordinal) && !q.Key.EndsWith("_skipped", StringComparison.Ordinal)).Sum(q => q.Value),
            delays.Max());
    }

    private static async Task<List<(string Id, DateTime At)>> AppliedAsync(Npgsql.NpgsqlConnection connection, string sql) =>
        [.. await connection.QueryAsync<(string Id, DateTime At)>(sql)];

    private static async Task<(int Unsent, int Parked)> OutboxAsync(Npgsql.NpgsqlConnection connection) =>
        await connection.QuerySingleAsync<(int, int)>(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL AND parked_at IS NULL)::int, count(*) FILTER (WHERE parked_at IS NOT NULL)::int FROM outbox");
}

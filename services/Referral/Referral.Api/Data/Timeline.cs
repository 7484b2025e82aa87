using System.Data.Common;
using System.Text.Json;
using Coordination.ServiceDefaults.Http;
using Referral.Api.Domain;
using Coordination.Data;
using Dapper;

namespace Referral.Api.Data;

/// <summary>
/// One change on a referral's timeline: what was done (the step), the status after it, when, by
/// whom, and the reason or the step's details (JSON: an intake date, the organisation redirected to,
/// a supplement, the closure summary).
/// </summary>
public sealed record TimelineEntry(
    Guid ReferralId, string ReferrerAgb, string Step, string Status, string? ReceiverAgb, DateTime OccurredAt,
    string ActorId, string ActorName, string ActorRole, string? OrganisationAgb, string? Reason, string? Detail)
{
    /// <summary>The entry's place in commit order: the feed's cursor. Zero until stored.</summary>
    public long Seq { get; init; }
}

/// <summary>What a step added beyond its reason; each step fills its own fields.</summary>
/// <param name="Note">A note for the timeline (triage, accept).</param>
/// <param name="To">The organisation the referral was redirected to or claimed by.</param>
/// <param name="IntakeDate">The intake's date.</param>
/// <param name="Held">Whether the intake took place on that date (else it is planned).</param>
/// <param name="TreatmentStartDate">The day treatment started.</param>
/// <param name="Summary">The closure summary for the referrer.</param>
/// <param name="Text">A supplement's text.</param>
/// <param name="Attachments">A supplement's attachments (metadata).</param>
public sealed record TimelineDetail(
    string? Note = null, Receiver? To = null, DateOnly? IntakeDate = null, bool? Held = null, DateOnly? TreatmentStartDate = null,
    string? Summary = null, string? Text = null, IReadOnlyList<Attachment>? Attachments = null)
{
    /// <summary>A step that added nothing.</summary>
    public static readonly TimelineDetail None = new();

    /// <summary>The detail stored as <paramref name="json"/>, or <see cref="None"/>.</summary>
    public static TimelineDetail Parse(string? json) =>
        json is null ? None : JsonSerializer.Deserialize<TimelineDetail>(json, JsonBody.Options) ?? None;
}

/// <summary>
/// The referral timeline: appended in the unit of work of each change, read by the referral's
/// parties and, across all of a referrer's referrals, as their feed. A referrer's rows become
/// visible in <c>seq</c> order: a writer takes a transaction-scoped lock on the referrer before it
/// adds one, so a reader of that referrer's feed who has seen seq n never later finds a new row of
/// theirs below n (SQLite has one writer anyway). Writers for different referrers do not wait for
/// each other: a feed is one referrer's, so a lower number committed later for another referrer is
/// never on it.
/// </summary>
internal static class Timeline
{
    private const string InsertSql = """
        INSERT INTO referral_timeline (referral_id, referrer_agb, step, status, receiver_agb, occurred_at,
            actor_id, actor_name, actor_role, actor_org, reason, detail_json)
        VALUES (@ReferralId, @ReferrerAgb, @Step, @Status, @ReceiverAgb, @OccurredAt,
            @ActorId, @ActorName, @ActorRole, @OrganisationAgb, @Reason, @Detail)
        """;

    private const string Columns = """
        t.seq AS Seq, t.referral_id AS ReferralId, t.referrer_agb AS ReferrerAgb, t.step AS Step, t.status AS Status,
            t.receiver_agb AS ReceiverAgb, t.occurred_at AS OccurredAt, t.actor_id AS ActorId, t.actor_name AS ActorName,
            t.actor_role AS ActorRole, t.actor_org AS OrganisationAgb, t.reason AS Reason, t.detail_json AS Detail
        """;

    private const string OfReferralSql = $"SELECT {Columns} FROM referral_timeline t WHERE t.referral_id = @ReferralId ORDER BY t.seq";

    // The feed names the client of each change, for the access log.
    private const string FeedSql = $"""
        SELECT {Columns}, r.subject_bsn AS SubjectBsn FROM referral_timeline t JOIN referrals r ON r.id = t.referral_id
        WHERE t.referrer_agb = @ReferrerAgb AND t.seq > @After
        ORDER BY t.seq LIMIT @Take
        """;
    private const string FeedSqlServer = $"""
        SELECT TOP (@Take) {Columns}, r.subject_bsn AS SubjectBsn FROM referral_timeline t JOIN referrals r ON r.id = t.referral_id
        WHERE t.referrer_agb = @ReferrerAgb AND t.seq > @After
        ORDER BY t.seq
        """;

    /// <summary>
    /// Appends <paramref name="entry"/> in the unit of work <paramref name="write"/>, one writer per
    /// referrer at a time, so that the referrer's feed cursor never passes an entry committed later
    /// with a lower number.
    /// </summary>
    public static async Task AppendAsync(WriteContext write, TimelineEntry entry)
    {
        await write.LockAsync($"referral-timeline:{entry.ReferrerAgb}");
        await write.Connection.ExecuteAsync(new CommandDefinition(InsertSql, entry, write.Transaction, cancellationToken: write.CancellationToken));
    }

    /// <summary>The timeline of one referral, oldest first.</summary>
    public static async Task<IReadOnlyList<TimelineEntry>> OfAsync(DbConnection connection, Guid referralId, CancellationToken ct) =>
        (await connection.QueryAsync<Row>(new CommandDefinition(OfReferralSql, new { ReferralId = referralId }, cancellationToken: ct)))
            .Select(r => r.Entry).ToList();

    /// <summary>Up to <paramref name="take"/> changes to <paramref name="referrerAgb"/>'s referrals after <paramref name="after"/>.</summary>
    public static async Task<IReadOnlyList<(TimelineEntry Entry, string SubjectBsn)>> FeedAsync(Database database, string referrerAgb, long after, int take, CancellationToken ct)
    {
        await using var connection = await database.OpenAsync(ct);
        return (await connection.QueryAsync<Row>(new CommandDefinition(database.Sql(FeedSql, sqlServer: FeedSqlServer),
            new { ReferrerAgb = referrerAgb, After = after, Take = take }, cancellationToken: ct))).Select(r => (r.Entry, r.SubjectBsn!)).ToList();
    }

    // Dapper fills rows through setters, which honour the type handlers; constructors do not.
    private sealed class Row
    {
        public long Seq { get; set; }
        public Guid ReferralId { get; set; }
        public string ReferrerAgb { get; set; } = string.Empty;
        public string Step { get; set; } = string.Empty;
        public string Status { get; set; } = string.Empty;
        public string? ReceiverAgb { get; set; }
        public DateTime OccurredAt { get; set; }
        public string ActorId { get; set; } = string.Empty;
        public string ActorName { get; set; } = string.Empty;
        public string ActorRole { get; set; } = string.Empty;
        public string? OrganisationAgb { get; set; }
        public string? Reason { get; set; }
        public string? Detail { get; set; }
        public string? SubjectBsn { get; set; }

        public TimelineEntry Entry => new(ReferralId, ReferrerAgb, Step, Status, ReceiverAgb, OccurredAt, ActorId, ActorName, ActorRole,
            OrganisationAgb, Reason, Detail) { Seq = Seq };
    }
}

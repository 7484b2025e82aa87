using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;

namespace Referral.Api.Endpoints;

/// <summary>A change to one of the caller's referrals.</summary>
public sealed record FeedItem(Guid ReferralId, string Step, string Status, DateTimeOffset At, TimelineActor By, string? Reason);

/// <summary>The changes after a cursor, and the cursor to ask with next.</summary>
/// <param name="Items">The changes, in commit order.</param>
/// <param name="NextCursor">
/// Where to ask next: always given, the same one when nothing changed, because a feed is followed, not paged to an end.
/// </param>
public sealed record ReferralFeed(IReadOnlyList<FeedItem> Items, string NextCursor);

/// <summary>The referrer's feed: every change to the referrals made under their AGB code after an opaque cursor, in order.</summary>
public static partial class ReferralLifecycleEndpoints
{
    /// <summary>The feed (<c>GET /updates</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapFeed(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapGet("/updates", FeedAsync)
            .WithPaging("changes", 50, MaxPageSize)
            .WithName("FollowReferralUpdates")
            .WithSummary("The referrer's feed: every change to the referrals made under their AGB code after the cursor, in order.")
            .WithDescription("Start without cursor; ask again with nextCursor as cursor. Unlike a list's, the feed's nextCursor is always given, "
                + "the same one when nothing changed: a feed is followed, not paged to an end. limit 1 to 100 (50).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return referrals;
    }

    private static async Task<Results<Ok<ReferralFeed>, ValidationProblem, ProblemHttpResult>> FeedAsync(
        string? cursor, int? limit, HttpContext http, ReferralQueries queries, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(Roles.Referrers) || user.Claim(ClaimNames.Agb) is not { } agb)
        {
            return Refusal.Forbidden("The feed follows the referrals a GP or POH-GGZ made.").ToProblem();
        }

        var errors = new Dictionary<string, string[]>();
        long position = 0;
        if (cursor is not null && !FeedCursor.TryParse(cursor, out position))
        {
            errors["cursor"] = ["cursor must be a nextCursor this feed gave out; start again without one."];
        }

        if (limit is < 1 or > MaxPageSize)
        {
            errors["limit"] = [$"A page holds 1 to {MaxPageSize} changes."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The feed query is invalid.");
        }

        var changes = await queries.FeedAsync(agb, position, limit ?? 50, ct);
        await access.WriteAsync(changes.DistinctBy(c => c.Entry.ReferralId).Select(c => access.Allowed(user, AuditAction.Read,
            "referral-follow-up", "Referral", c.Entry.ReferralId.ToString(), c.SubjectBsn)), ct);
        var items = changes.Select(c => new FeedItem(c.Entry.ReferralId, c.Entry.Step, c.Entry.Status, new DateTimeOffset(c.Entry.OccurredAt, TimeSpan.Zero),
            new TimelineActor(c.Entry.ActorName, c.Entry.ActorRole, c.Entry.OrganisationAgb), c.Entry.Reason)).ToList();
        return TypedResults.Ok(new ReferralFeed(items, FeedCursor.Format(changes.Count > 0 ? changes[^1].Entry.Seq : position)));
    }

    /// <summary>The feed's cursor: the last change's place in commit order, opaque to the caller.</summary>
    private static class FeedCursor
    {
        private const string Prefix = "t1:";

        public static string Format(long seq) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + seq.ToString(CultureInfo.InvariantCulture)));

        public static bool TryParse(string text, out long seq)
        {
            seq = 0;
            if (text.Length is 0 or > 64 || !Base64Url.IsValid(text))
            {
                return false;
            }

            var plain = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text));
            return plain.StartsWith(Prefix, StringComparison.Ordinal)
                && long.TryParse(plain.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out seq);
        }
    }
}

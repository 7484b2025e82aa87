using System.Text;
using System.Text.Json;
using Coordination.Portal.Api;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Referrals;

/// <summary>
/// Which referrals have news the referrer has not seen: the API's feed of changes to their referrals
/// (<c>GET /api/referrals/updates</c>), read on from the cursor this browser last reached. A change
/// the receiver made marks its referral unread until the referrer opens it. Kept in a cookie of its
/// own (the feed's cursor and at most <see cref="MaxUnread"/> referral ids, no client data), so it
/// survives a restart of the portal and needs no store.
/// </summary>
public static class FeedMarks
{
    public const int MaxUnread = 100;
    private const string CookieName = "coordination.feed";
    private const int MaxPages = 10;

    private sealed record State(string? Cursor, List<Guid> Unread);

    /// <summary>Reads the feed on from the last cursor; returns the referrals with news. The first time, it only finds where the feed ends.</summary>
    public static async Task<IReadOnlySet<Guid>> RefreshAsync(HttpContext http, GatewayClient gateway)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(gateway);
        var state = Read(http);
        var unread = new HashSet<Guid>(state.Unread);
        var cursor = state.Cursor;
        var first = cursor is null;
        for (var page = 0; page < MaxPages; page++)
        {
            var answer = await gateway.GetAsync<ReferralFeed>("/api/referrals/updates?limit=100" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            if (answer.Status == StatusCodes.Status400BadRequest && cursor is not null && page == 0)
            {
                // The feed no longer reads the cursor this browser kept (say, one of an earlier form): find where the feed ends again.
                cursor = null;
                first = true;
                continue;
            }

            if (answer.Value is not { } feed)
            {
                break;
            }

            if (!first)
            {
                // What the referrer did themselves (submit, supplement, cancel) is no news to them.
                unread.UnionWith(feed.Items.Where(i => i.By.Role is not (Roles.Gp or Roles.Poh)).Select(i => i.ReferralId));
            }

            var moved = feed.NextCursor != cursor;
            cursor = feed.NextCursor;
            if (feed.Items.Count == 0 || !moved)
            {
                break;
            }
        }

        Write(http, new State(cursor, [.. unread.TakeLast(MaxUnread)]));
        return unread;
    }

    /// <summary>The referrer opened <paramref name="referral"/>: its news is read.</summary>
    public static void MarkRead(HttpContext http, Guid referral)
    {
        ArgumentNullException.ThrowIfNull(http);
        var state = Read(http);
        if (state.Unread.Remove(referral))
        {
            Write(http, state);
        }
    }

    private static State Read(HttpContext http)
    {
        try
        {
            return http.Request.Cookies[CookieName] is { Length: > 0 } value
                ? JsonSerializer.Deserialize<State>(Encoding.UTF8.GetString(Convert.FromBase64String(value))) ?? new State(null, [])
                : new State(null, []);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return new State(null, []);
        }
    }

    private static void Write(HttpContext http, State state)
    {
        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Append(CookieName, Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(state))), new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, IsEssential = true, MaxAge = TimeSpan.FromDays(90),
            });
        }
    }
}

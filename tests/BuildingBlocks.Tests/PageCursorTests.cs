using Coordination.ServiceDefaults.Http;

namespace BuildingBlocks.Tests;

/// <summary>
/// Issue 23, point 6: every list reads limit and cursor the same way and goes on after the last
/// item it gave out. What a caller sends that this platform did not give out is a 400 naming it.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PageCursorTests
{
    [Fact]
    public void A_cursor_gives_back_each_kind_of_key_as_it_was()
    {
        var at = new DateTime(2026, 12, 7, 16, 5, 3, DateTimeKind.Utc).AddTicks(1234567);
        var id = Guid.NewGuid();
        var text = PageCursor.After("urgent", true, at, id, 42L).Encode();

        Assert.True(PageCursor.TryDecode(text, 5, out var cursor));
        Assert.Equal(("urgent", true, at, id, 42L), (cursor.Text(0), cursor.Flag(1), cursor.Time(2), cursor.Id(3), cursor.Number(4)));
        Assert.Equal(DateTimeKind.Utc, cursor.Time(2)!.Value.Kind);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("not base64url!")]
    public void Text_this_platform_did_not_give_out_is_no_cursor(string text) =>
        Assert.False(PageCursor.TryDecode(text, 1, out _));

    [Fact]
    public void A_cursor_of_another_list_or_of_overlong_text_is_no_cursor_and_a_key_of_the_wrong_kind_reads_as_none()
    {
        var twoKeys = PageCursor.After(DateTime.UtcNow, Guid.NewGuid()).Encode();
        Assert.False(PageCursor.TryDecode(twoKeys, 3, out _));
        Assert.False(PageCursor.TryDecode(new string('A', PageCursor.MaxLength + 1), 1, out _));

        Assert.True(PageCursor.TryDecode(PageCursor.After("yesterday", "someone").Encode(), 2, out var words));
        Assert.Null(words.Time(0));
        Assert.Null(words.Id(1));
        Assert.Null(words.Flag(0));
        Assert.Throws<ArgumentException>(() => PageCursor.After("a~b"));
    }

    [Theory]
    [InlineData(null, null, 20, 0)]
    [InlineData("5", null, 5, 0)]
    [InlineData("0", null, 20, 1)]
    [InlineData("101", null, 20, 1)]
    [InlineData("ten", "abc", 20, 2)]
    public void Limit_and_cursor_are_read_with_an_error_naming_each_bad_one(string? limit, string? cursor, int take, int errorCount)
    {
        var errors = new Dictionary<string, string[]>();
        var request = PageRequest.Read(limit, cursor, 1, 20, 100, errors);

        Assert.Equal(errorCount, errors.Count);
        Assert.All(errors.Keys, key => Assert.Contains(key, new[] { "limit", "cursor" }));
        if (errorCount == 0)
        {
            Assert.Equal(take, request.Limit);
            Assert.Null(request.After);
        }
    }

    [Fact]
    public void A_position_is_read_in_the_lists_own_keys_and_a_cursor_whose_keys_do_not_read_is_named()
    {
        var at = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
        var id = Guid.NewGuid();
        var errors = new Dictionary<string, string[]>();

        Assert.Null(PageRequest.Read(null, null, 2, 20, 100, errors).Position(c => c.TimeAndId(), errors));
        Assert.Equal((at, id), PageRequest.Read(null, PageCursor.After(at, id).Encode(), 2, 20, 100, errors).Position(c => c.TimeAndId(), errors));
        Assert.Empty(errors);

        Assert.Null(PageRequest.Read(null, PageCursor.After("yesterday", "someone").Encode(), 2, 20, 100, errors).Position(c => c.TimeAndId(), errors));
        Assert.Equal(["cursor"], errors.Keys);
    }

    [Fact]
    public void A_page_read_with_one_more_row_says_whether_another_follows_and_goes_on_after_its_last_item()
    {
        var request = new PageRequest(2, null);

        var (items, next) = request.Cut([1, 2, 3], n => PageCursor.After(n));
        Assert.Equal([1, 2], items);
        Assert.True(PageCursor.TryDecode(next, 1, out var after));
        Assert.Equal(2, after.Number(0));

        var (last, none) = request.Cut([3], n => PageCursor.After(n));
        Assert.Equal([3], last);
        Assert.Null(none);
    }
}

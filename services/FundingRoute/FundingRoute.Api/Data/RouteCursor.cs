using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace FundingRoute.Api.Data;

/// <summary>
/// Where a financier's list goes on: the decision time and id (referral or intervention) of the
/// last route of the page before. The list is ordered by exactly these two, so a route decided while the caller pages
/// neither shifts the pages nor shows twice. The text is opaque to callers (base64url), so its form
/// can change; a forged one only moves within the caller's own population, which the query bounds.
/// </summary>
/// <param name="DecidedAt">When the last route of the previous page was decided (UTC).</param>
/// <param name="Id">Its referral or intervention, which orders routes decided in the same instant.</param>
public sealed record RouteCursor(DateTime DecidedAt, Guid Id)
{
    /// <summary>The longest cursor text read; the ones given out are 72 characters.</summary>
    public const int MaxLength = 100;

    private const string Version = "r1";

    /// <summary>The cursor as the caller passes it back.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{Version}.{DecidedAt.Ticks}.{Id:N}")));

    /// <summary>Reads a cursor this service gave out; false for anything else.</summary>
    public static bool TryDecode(string? text, [NotNullWhen(true)] out RouteCursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength || !Base64Url.IsValid(text))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
        if (parts is not [Version, var ticksText, var idText]
            || !long.TryParse(ticksText, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTime.MaxValue.Ticks
            || !Guid.TryParseExact(idText, "N", out var id))
        {
            return false;
        }

        cursor = new RouteCursor(new DateTime(ticks, DateTimeKind.Utc), id);
        return true;
    }
}

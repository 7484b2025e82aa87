using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Coordination.Messaging.AccessLog;

/// <summary>
/// A place in the merged access log: the last entry a page showed. The merged log runs in
/// descending order of (time, service, id), each compared ordinally, so the cursor is one point of
/// that order, and each service's next entries start where <see cref="PositionIn"/> says, however
/// many entries share one second. Given to callers as an opaque string (<see cref="Encode"/>); it
/// names no client, since it travels in URLs.
/// </summary>
/// <param name="At">The entry's time: a whole second, UTC.</param>
/// <param name="Service">The service whose log holds the entry (<see cref="PlatformServices"/>).</param>
/// <param name="Id">The entry's id in that log.</param>
public sealed partial record AccessLogCursor(DateTimeOffset At, string Service, string Id)
{
    // Version 1: "1|<yyyy-MM-ddTHH:mm:ssZ>|<service>|<id>", base64url without padding.
    private const string Version = "1";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const int MaxEncodedLength = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The opaque text a caller hands back for the next page.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('|', Version, At.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture), Service, Id)));

    /// <summary>
    /// The cursor <paramref name="text"/> stands for; throws <see cref="InvalidAccessLogRequestException"/>
    /// when it is not one <see cref="Encode"/> could have given.
    /// </summary>
    public static AccessLogCursor Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length is 0 or > MaxEncodedLength || !Base64Url.IsValid(text))
        {
            throw Invalid();
        }

        string plain;
        try
        {
            plain = StrictUtf8.GetString(Base64Url.DecodeFromChars(text));
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw Invalid();
        }

        var parts = plain.Split('|');
        if (parts.Length != 4
            || parts[0] != Version
            || !DateTime.TryParseExact(parts[1], TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            // The last second of the calendar has no next second (see PositionIn).
            || at.Year == 9999
            || !PlatformServices.All.Contains(parts[2], StringComparer.Ordinal)
            || !EntryId().IsMatch(parts[3]))
        {
            throw Invalid();
        }

        return new AccessLogCursor(new DateTimeOffset(at, TimeSpan.Zero), parts[2], parts[3]);
    }

    /// <summary>
    /// Where the next entries of <paramref name="service"/> start. The cursor's own service goes
    /// on after the entry itself. A service that sorts before it has shown its entries of the
    /// cursor's second already, so it goes on with older seconds. A service that sorts after it
    /// has shown none of that second yet, so it starts with the whole second: entries are stored
    /// to the whole second, so "the second itself and older" is "older than the next second".
    /// </summary>
    public AccessLogPosition PositionIn(string service)
    {
        ArgumentNullException.ThrowIfNull(service);
        var order = string.CompareOrdinal(service, Service);
        return order == 0 ? new AccessLogPosition(At, Id)
            : order > 0 ? new AccessLogPosition(At, string.Empty)
            : new AccessLogPosition(At.AddSeconds(1), string.Empty);
    }

    private static InvalidAccessLogRequestException Invalid() =>
        new("The cursor is not one this access log gave out; start again without a cursor.", "cursor");

    // Audit entry ids are GUIDs; a varchar(36) of letters, digits and hyphens covers any other writer too.
    [GeneratedRegex(@"\A[0-9A-Za-z-]{1,36}\z")]
    private static partial Regex EntryId();
}

using Coordination.ServiceDefaults;

namespace Coordination.Testing;

/// <summary>
/// "Today" in every test host: a fixed date, never the machine's, so ages and deadlines in the
/// tests hold on any day they run. Hosts get it as <c>Clock:StartsAt</c> and run on from there.
/// </summary>
public static class TestClock
{
    /// <summary>Monday 23 November 2026, 10:00 in Amsterdam.</summary>
    public static readonly DateTimeOffset StartsAt = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The date in Amsterdam when the hosts start.</summary>
    public static DateOnly Today => AmsterdamTime.DateOf(StartsAt);

    /// <summary>The setting that starts a host's clock at <see cref="StartsAt"/>.</summary>
    public static KeyValuePair<string, string?> Setting => new(Clock.StartsAtKey, StartsAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
}

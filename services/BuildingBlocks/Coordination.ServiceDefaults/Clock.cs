using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Coordination.ServiceDefaults;

/// <summary>
/// The clock every host uses: the system clock, or in Development one that starts at
/// <c>Clock:StartsAt</c> and runs on from there, so that tests and demonstrations fix "today"
/// (ages, deadlines) while timers and timeouts still run in real time.
/// </summary>
public static class Clock
{
    /// <summary>The configuration key of the instant a Development clock starts at (ISO 8601).</summary>
    public const string StartsAtKey = "Clock:StartsAt";

    /// <summary>The clock for this configuration; refuses a shifted clock outside Development.</summary>
    public static TimeProvider From(IConfiguration configuration, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        var startsAt = configuration[StartsAtKey];
        if (string.IsNullOrWhiteSpace(startsAt))
        {
            return TimeProvider.System;
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                $"Refusing to start in the '{environment.EnvironmentName}' environment with {StartsAtKey} set: only Development may shift the clock.");
        }

        if (!DateTimeOffset.TryParse(startsAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            throw new InvalidOperationException($"{StartsAtKey} is not an ISO 8601 instant: '{startsAt}'.");
        }

        return new ShiftedClock(instant);
    }

    /// <summary>The system clock moved to start at a given instant; it runs at the system's pace.</summary>
    public sealed class ShiftedClock : TimeProvider
    {
        private readonly TimeSpan _offset;

        /// <summary>A clock that shows <paramref name="startsAt"/> now.</summary>
        public ShiftedClock(DateTimeOffset startsAt) => _offset = startsAt - System.GetUtcNow();

        /// <inheritdoc />
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;

        /// <inheritdoc />
        public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;
    }
}

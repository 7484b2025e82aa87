namespace Coordination.Data.Outbox;

/// <summary>The <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Outbox";

    /// <summary>Whether this process relays outbox rows to the broker (default true).</summary>
    public bool RelayEnabled { get; set; } = true;

    /// <summary>How long the relay sleeps when it has not been signalled.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many rows one relay pass publishes at most, all in flight together.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long an event may wait unsent before <c>/health/ready</c> reports the outbox degraded.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this many failed publishes a row is parked: no longer tried until re-queued.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>The wait after a row's first failed publish; it doubles with each further failure.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two publishes of one row.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a publish of one batch may take before its unconfirmed rows count as failed.</summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one relay holds the lease; another replica takes over when it lapses.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long sent rows are kept before they are deleted.</summary>
    public TimeSpan RetainSent { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the lease holder deletes expired outbox, inbox and idempotency rows.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The wait before attempt <paramref name="failures"/> + 1 of a row that failed <paramref name="failures"/> times.</summary>
    public TimeSpan BackOff(int failures)
    {
        var factor = Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(RetryBaseDelay.Ticks * factor, RetryMaxDelay.Ticks));
        return wait;
    }

    /// <summary>The time from a row's first failure to its last attempt: an inbox must remember a message at least this long.</summary>
    public TimeSpan LongestRetrySpan() =>
        TimeSpan.FromTicks(Enumerable.Range(1, Math.Max(0, MaxAttempts - 1)).Sum(n => BackOff(n).Ticks));
}

/// <summary>The <c>Inbox</c> configuration section.</summary>
public sealed class InboxOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Inbox";

    /// <summary>How long a consumer remembers a message it applied (never shorter than the relay's longest back-off).</summary>
    public TimeSpan Retain { get; set; } = TimeSpan.FromDays(7);
}

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

    /// <summary>How many rows one relay pass publishes at most.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long an event may wait unsent before <c>/health/ready</c> reports the outbox degraded.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(30);
}

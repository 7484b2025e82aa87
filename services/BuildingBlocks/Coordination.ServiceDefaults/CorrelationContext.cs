namespace Coordination.ServiceDefaults;

/// <summary>
/// The correlation id of the work in progress (an HTTP request or a consumed message), carried
/// into outbox rows and audit entries so one family's story can be followed across services.
/// </summary>
public static class CorrelationContext
{
    private static readonly AsyncLocal<string?> CurrentId = new();

    /// <summary>The current correlation id, if any.</summary>
    public static string? Current
    {
        get => CurrentId.Value;
        set => CurrentId.Value = value;
    }
}

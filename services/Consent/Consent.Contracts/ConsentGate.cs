using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;

namespace Consent.Contracts;

/// <summary>What a reading service learnt from the consent service: per member, the access, or that it could not ask.</summary>
/// <param name="Answered">False when the consent service did not answer in time: every member's data is then withheld.</param>
/// <param name="Subjects">The answer per member id (empty when not answered).</param>
/// <param name="Failure">Why it was not answered (the exception's type), for the reading service's log.</param>
public sealed record ConsentVerdicts(bool Answered, IReadOnlyDictionary<Guid, SubjectAccess> Subjects, string? Failure = null)
{
    /// <summary>Nothing to ask.</summary>
    public static readonly ConsentVerdicts Nobody = new(true, new Dictionary<Guid, SubjectAccess>());

    /// <summary>The access to <paramref name="memberId"/>: none when not answered or not asked.</summary>
    public SubjectAccess For(Guid memberId) =>
        Subjects.TryGetValue(memberId, out var access) ? access
        : new SubjectAccess(memberId, AccessBasis.None, null, Answered ? "not-asked" : "consent-unavailable",
            Answered ? "Not asked." : "The consent service did not answer in time; the data is withheld.");
}

/// <summary>
/// Asks the consent service, at the moment of reading, which members' data a viewer may see. Fails
/// closed: no answer within the timeout means every member's data is withheld, never shown.
/// </summary>
public sealed class ConsentGate(IRequestClient<CheckConsent> client, ConsentGateOptions options)
{
    /// <summary>Asks about <paramref name="subjects"/> for <paramref name="purposes"/>.</summary>
    public async Task<ConsentVerdicts> CheckAsync(
        Guid familyId, ConsentViewer viewer, IReadOnlyCollection<Guid> subjects, IReadOnlyList<string> purposes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (subjects.Count == 0)
        {
            return ConsentVerdicts.Nobody;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            // A question nobody picks up in time is dropped by the broker, not answered later to no one.
            var response = await client.GetResponse<ConsentCheckAnswer>(
                new CheckConsent(familyId, viewer, subjects.ToList(), purposes),
                pipe => pipe.TimeToLive = options.Timeout,
                cancellationToken,
                RequestTimeout.After(ms: (int)options.Timeout.TotalMilliseconds));
            ConsentTelemetry.RecordCheck(started, ConsentTelemetry.Answered);
            return new ConsentVerdicts(true, response.Message.Subjects.ToDictionary(s => s.MemberId));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout, a fault in the consent service or a broker that cannot be reached: the read fails closed.
            ConsentTelemetry.RecordCheck(started, ConsentTelemetry.Unavailable);
            return new ConsentVerdicts(false, new Dictionary<Guid, SubjectAccess>(), ex.GetType().Name);
        }
    }
}

/// <summary>How long a reading service waits for the consent service.</summary>
public sealed class ConsentGateOptions
{
    /// <summary>The configuration key.</summary>
    public const string TimeoutKey = "Consent:CheckTimeout";

    /// <summary>The wait before the read withholds the data (default 2 seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>
/// The consent check's metric, under the meter <see cref="MeterName"/> (registered with
/// OpenTelemetry by the service defaults): how long each reading service waited for the consent
/// service's answer.
/// </summary>
public static class ConsentTelemetry
{
    /// <summary>The meter's name, for the OpenTelemetry set-up and for listeners such as the benchmark.</summary>
    public const string MeterName = "Coordination.Consent";

    /// <summary>
    /// The histogram's name: milliseconds from sending <see cref="CheckConsent"/> to the answer,
    /// or to giving up (timeout, fault, no broker), one measurement per check that went over the
    /// bus; a read with nobody to ask records none, nor does one its caller cancelled. Tagged
    /// <see cref="OutcomeTag"/>.
    /// </summary>
    public const string CheckDurationName = "coordination.consent.check.duration";

    /// <summary>The tag that says how the check ended: <see cref="Answered"/> or <see cref="Unavailable"/>.</summary>
    public const string OutcomeTag = "outcome";

    /// <summary>The consent service answered in time.</summary>
    public const string Answered = "answered";

    /// <summary>No answer in time, or a fault: the read withheld the data.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The meter of the consent check.</summary>
    public static readonly Meter Meter = new(MeterName);

    private static readonly Histogram<double> CheckDuration = Meter.CreateHistogram<double>(
        CheckDurationName, unit: "ms", description: "Time a reading service waited for the consent service's answer to one consent check");

    internal static void RecordCheck(long startedTimestamp, string outcome) =>
        CheckDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds, new KeyValuePair<string, object?>(OutcomeTag, outcome));
}

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

        try
        {
            // A question nobody picks up in time is dropped by the broker, not answered later to no one.
            var response = await client.GetResponse<ConsentCheckAnswer>(
                new CheckConsent(familyId, viewer, subjects.ToList(), purposes),
                pipe => pipe.TimeToLive = options.Timeout,
                cancellationToken,
                RequestTimeout.After(ms: (int)options.Timeout.TotalMilliseconds));
            return new ConsentVerdicts(true, response.Message.Subjects.ToDictionary(s => s.MemberId));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout, a fault in the consent service or a broker that cannot be reached: the read fails closed.
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

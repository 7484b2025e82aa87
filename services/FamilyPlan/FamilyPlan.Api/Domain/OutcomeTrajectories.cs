namespace FamilyPlan.Api.Domain;

/// <summary>Who recorded a measurement.</summary>
public sealed record OutcomeRecorder(string UserId, string Name, string Role);

/// <summary>A recorded outcome measurement of one family member, as stored.</summary>
public sealed record OutcomeMeasurement(Guid Id, Guid MemberId, string InstrumentId, decimal Score, DateOnly MeasuredOn, OutcomeRecorder RecordedBy);

/// <summary>One measurement on a member's trajectory.</summary>
/// <param name="Id">The measurement's id, as its recording answered it.</param>
/// <param name="MeasuredOn">The date it was taken.</param>
/// <param name="Score">The score, within the instrument's range.</param>
/// <param name="ChangeSinceFirst">The score minus the first score on this instrument: 0 for the first.</param>
/// <param name="Improved">Whether that change is for the better given the direction; null for the first point and for an instrument no longer listed.</param>
/// <param name="PastCutOff">Whether the score is past the clinical cut-off; null when the instrument has none.</param>
/// <param name="RecordedBy">Who recorded it.</param>
public sealed record OutcomePoint(Guid Id, DateOnly MeasuredOn, decimal Score, decimal ChangeSinceFirst, bool? Improved, bool? PastCutOff, OutcomeRecorder RecordedBy);

/// <summary>A member's measurements on one instrument, oldest first, summed up by the latest.</summary>
/// <param name="InstrumentId">The instrument's id as recorded.</param>
/// <param name="Instrument">The listed instrument; null when the id is no longer listed, and then no change is judged.</param>
/// <param name="Points">The measurements, oldest first.</param>
/// <param name="ChangeSinceFirst">The latest score minus the first.</param>
/// <param name="Improved">Whether the latest score is better than the first; null with one point or an unlisted instrument.</param>
/// <param name="LatestPastCutOff">Whether the latest score is past the cut-off; null when the instrument has none.</param>
public sealed record InstrumentTrajectory(
    string InstrumentId,
    OutcomeInstrument? Instrument,
    IReadOnlyList<OutcomePoint> Points,
    decimal ChangeSinceFirst,
    bool? Improved,
    bool? LatestPastCutOff);

/// <summary>One member's trajectories, one per instrument, ordered by instrument id.</summary>
public sealed record MemberOutcomes(Guid MemberId, IReadOnlyList<InstrumentTrajectory> Instruments);

/// <summary>A member's score on one instrument at a date of the family's time axis.</summary>
public sealed record FamilyAxisPoint(Guid MemberId, string InstrumentId, decimal Score);

/// <summary>A date on which at least one member was measured, with every measurement of that date.</summary>
public sealed record FamilyAxisDate(DateOnly Date, IReadOnlyList<FamilyAxisPoint> Points);

/// <summary>The family's outcomes: each member's trajectories, and every member together on one time axis.</summary>
public sealed record FamilyOutcomes(IReadOnlyList<MemberOutcomes> Members, IReadOnlyList<FamilyAxisDate> Axis);

/// <summary>
/// Composes a family's outcome measurements into trajectories per member and a shared time axis
/// (issue 9), as data for the portal to draw. Pure and deterministic: measurements are ordered by
/// date, then member id, then instrument id (then score and recorder, so that two measurements on
/// one day come out the same whatever order they are passed in).
/// </summary>
public static class OutcomeTrajectories
{
    /// <summary>The trajectories and the time axis of <paramref name="measurements"/>.</summary>
    public static FamilyOutcomes Compose(IEnumerable<OutcomeMeasurement> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var ordered = measurements
            .OrderBy(m => m.MeasuredOn)
            .ThenBy(m => m.MemberId)
            .ThenBy(m => m.InstrumentId, StringComparer.Ordinal)
            .ThenBy(m => m.Score)
            .ThenBy(m => m.RecordedBy.UserId, StringComparer.Ordinal)
            .ThenBy(m => m.Id)
            .ToList();

        var members = ordered
            .GroupBy(m => m.MemberId)
            .OrderBy(g => g.Key)
            .Select(member => new MemberOutcomes(member.Key, member
                .GroupBy(m => m.InstrumentId, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Trajectory(g.Key, g.ToList()))
                .ToList()))
            .ToList();

        var axis = ordered
            .GroupBy(m => m.MeasuredOn)
            .Select(date => new FamilyAxisDate(date.Key, date.Select(m => new FamilyAxisPoint(m.MemberId, m.InstrumentId, m.Score)).ToList()))
            .ToList();

        return new FamilyOutcomes(members, axis);
    }

    /// <summary>One trajectory from its measurements, already in date order.</summary>
    private static InstrumentTrajectory Trajectory(string instrumentId, List<OutcomeMeasurement> measurements)
    {
        var instrument = OutcomeInstruments.Find(instrumentId);
        var first = measurements[0].Score;
        var points = measurements.Select((m, i) =>
        {
            var change = m.Score - first;
            bool? improved = i == 0 || instrument is null ? null : instrument.IsImprovement(change);
            return new OutcomePoint(m.Id, m.MeasuredOn, m.Score, change, improved, instrument?.IsPastCutOff(m.Score), m.RecordedBy);
        }).ToList();

        var latest = points[^1];
        return new InstrumentTrajectory(instrumentId, instrument, points, latest.ChangeSinceFirst, latest.Improved, latest.PastCutOff);
    }
}

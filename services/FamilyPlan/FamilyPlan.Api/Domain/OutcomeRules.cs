namespace FamilyPlan.Api.Domain;

/// <summary>A measurement that passed every rule, with the instrument it was taken with.</summary>
public sealed record ValidOutcome(OutcomeInstrument Instrument, decimal Score, DateOnly MeasuredOn);

/// <summary>One broken rule: the request field it concerns, the rule's stable id and what it says.</summary>
public sealed record OutcomeError(string Field, string RuleId, string Message);

/// <summary>The outcome of <see cref="OutcomeRules.Validate"/>: the valid measurement, or the errors.</summary>
public sealed record OutcomeCheck(ValidOutcome? Valid, IReadOnlyList<OutcomeError> Errors)
{
    /// <summary>The messages keyed by field, as a validation problem reports them.</summary>
    public Dictionary<string, string[]> ErrorsByField() =>
        Errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// The rules an outcome measurement must pass before it is recorded for a member (issue 9). Pure:
/// the caller passes today's date (Europe/Amsterdam) and the member's birth date when known.
/// </summary>
public static class OutcomeRules
{
    /// <summary>The most decimal places a score may carry: a visual analogue scale is read to the millimetre, a tenth of a point.</summary>
    public const int MaxDecimals = 2;

    /// <summary>Checks a measurement of <paramref name="score"/> on <paramref name="instrumentId"/> taken on <paramref name="measuredOn"/>.</summary>
    public static OutcomeCheck Validate(string? instrumentId, decimal score, DateOnly measuredOn, DateOnly today, DateOnly? memberBirthDate = null)
    {
        var errors = new List<OutcomeError>();
        void Fail(string field, string ruleId, string message) => errors.Add(new OutcomeError(field, ruleId, message));

        var instrument = OutcomeInstruments.Find(instrumentId);
        if (instrument is null)
        {
            Fail("instrumentId", FamilyPlanRules.UnknownInstrument, string.IsNullOrWhiteSpace(instrumentId)
                ? "The instrument is required: the id of one of the listed outcome instruments."
                : $"Unknown instrument '{instrumentId}'; use the id of one of the listed outcome instruments.");
        }
        else if (!instrument.InRange(score))
        {
            Fail("score", FamilyPlanRules.ScoreOutOfRange, $"A {instrument.Id} score lies from {instrument.Min} to {instrument.Max}.");
        }

        if (decimal.Round(score, MaxDecimals) != score)
        {
            Fail("score", FamilyPlanRules.ScorePrecision, $"A score has at most {MaxDecimals} decimal places.");
        }

        if (measuredOn > today)
        {
            Fail("measuredOn", FamilyPlanRules.MeasuredInFuture, "The measurement date may not lie in the future.");
        }
        else if (memberBirthDate is { } born && measuredOn < born)
        {
            Fail("measuredOn", FamilyPlanRules.MeasuredBeforeBirth, "The measurement date may not lie before the member's birth.");
        }

        return new OutcomeCheck(errors.Count == 0 ? new ValidOutcome(instrument!, score, measuredOn) : null, errors);
    }
}

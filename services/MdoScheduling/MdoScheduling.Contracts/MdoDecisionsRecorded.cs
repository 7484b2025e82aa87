namespace MdoScheduling.Contracts;

/// <summary>
/// The organiser of an MDO recorded its decisions: each with an owner and a due date becomes an
/// action in the family plan, which every participant on the care team sees.
/// </summary>
/// <param name="MdoId">The MDO.</param>
/// <param name="FamilyId">The family it discussed.</param>
/// <param name="HeldOn">The day it was held (Europe/Amsterdam).</param>
/// <param name="RecordedBy">The organiser's user id.</param>
/// <param name="RecordedByName">The organiser's name.</param>
/// <param name="Decisions">The decisions.</param>
/// <param name="RecordedAt">When they were recorded (UTC).</param>
public sealed record MdoDecisionsRecorded(
    Guid MdoId,
    Guid FamilyId,
    DateOnly HeldOn,
    string RecordedBy,
    string RecordedByName,
    IReadOnlyList<MdoDecision> Decisions,
    DateTimeOffset RecordedAt);

/// <summary>One decision of an MDO.</summary>
/// <param name="DecisionId">Stable: the plan makes one action of it, however often the message arrives.</param>
/// <param name="Text">What was decided, as the action's title.</param>
/// <param name="OwnerUserId">Who carries it out, by user id.</param>
/// <param name="OwnerName">Their name.</param>
/// <param name="DueOn">When it is due (Europe/Amsterdam).</param>
/// <param name="MemberId">The member it is for; null for the family.</param>
public sealed record MdoDecision(Guid DecisionId, string Text, string OwnerUserId, string OwnerName, DateOnly DueOn, Guid? MemberId);

using Coordination.ServiceDefaults.Outcomes;
using FamilyPlan.Api.Data;

namespace FamilyPlan.Api.Domain;

/// <summary>
/// What writing a part of the plan (a goal, an intervention, an action, an evaluation, the closure)
/// refuses, beyond who may write it (<see cref="CareTeam.MayWritePart"/>): each a <see cref="Refusal"/>. Pure.
/// </summary>
public static class PlanPartRules
{
    /// <summary>The answer when a goal's owner is neither on the team in person nor the caller.</summary>
    public static readonly Refusal GoalOwnerNotOnTeam = Refusal.Broken(FamilyPlanRules.GoalOwnerOnTeam,
        "A goal is owned by a member of the care team who joined in person, or by you.", "ownerUserId");

    /// <summary>The answer when an action's owner is neither on the team in person nor the caller.</summary>
    public static readonly Refusal ActionOwnerNotOnTeam = Refusal.Broken(FamilyPlanRules.ActionOwnerOnTeam,
        "An action is owned by a member of the care team who joined in person, or by you.", "ownerUserId");

    /// <summary>The answer when an intervention's responsible member is neither on the team in person nor the caller.</summary>
    public static readonly Refusal ResponsibleNotOnTeam = Refusal.Broken(FamilyPlanRules.InterventionResponsibleOnTeam,
        "The responsible member is a member of the care team who joined in person, or you.", "responsibleUserId");

    /// <summary>
    /// Why the members named (<paramref name="memberIds"/>) cannot take part, or null: an id that is
    /// a relative's breaks <see cref="FamilyPlanRules.MemberNotARelative"/> (a relative is not a
    /// client), an id the family does not have is not found.
    /// </summary>
    public static Refusal? ClientsOnly(FamilyFacts facts, IEnumerable<Guid> memberIds, string what)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(memberIds);
        foreach (var id in memberIds)
        {
            if (facts.Relatives.Any(r => r.Id == id))
            {
                return Refusal.Broken(FamilyPlanRules.MemberNotARelative, $"A relative who is not a client has no {what}: name a member in care.");
            }

            if (!facts.MemberIds.Values.Contains(id))
            {
                return Refusal.NotFound("No such member of the family.");
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="viewer"/> may plan an intervention for <paramref name="memberId"/> (or,
    /// for none, for the family with <paramref name="participants"/>): as <see cref="CareTeam.MayWritePart"/>
    /// decides, except that to someone on the team a member id that is a relative's is named as such,
    /// and every participant is a member in care. Returns the refusal, and the member's BSN for the access log.
    /// </summary>
    public static (Refusal? Refusal, string? Bsn) MayPlanIntervention(FamilyFacts? facts, PlanViewer viewer, Guid? memberId, IReadOnlyList<Guid> participants)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var (refusal, bsn) = CareTeam.MayWritePart(facts, viewer, memberId);
        if (facts is not null && refusal?.Kind == RefusalKind.NotFound && PlanVisibility.OnCareTeam(facts, viewer) && memberId is { } asked)
        {
            refusal = ClientsOnly(facts, [asked], "intervention") ?? refusal;
        }

        // Without a refusal, the facts are there: who may write a part was decided on them.
        refusal ??= ClientsOnly(facts!, participants, "intervention");
        return (refusal, bsn);
    }

    /// <summary>The answer to an update of a part sent without the part's version (<paramref name="what"/>: goal, intervention, action).</summary>
    public static Refusal VersionRequired(string what) => Refusal.PreconditionRequired($"Send the {what}'s ETag in If-Match.");

    /// <summary>The answer to an update of a part that changed since the caller read it.</summary>
    public static Refusal Stale(string what) => Refusal.Stale($"The {what} changed since you read it: read the plan again.");

    /// <summary>
    /// Why closing the plan did not close it, or null when it did: it was closed already
    /// (<see cref="FamilyPlanRules.PlanClosed"/>), or interventions are still open
    /// (<see cref="FamilyPlanRules.InterventionsOpen"/>, naming each).
    /// </summary>
    public static Refusal? OfClosure(ClosureOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.AlreadyClosed)
        {
            return CareTeam.ClosedAlready;
        }

        return outcome.Closed
            ? null
            : Refusal.Conflict("End or cancel every intervention before closing the plan.", FamilyPlanRules.InterventionsOpen)
                .With("openInterventions", outcome.Open.Select(i => new { i.Id, i.MemberId, i.Kind, i.Status }).ToList());
    }
}

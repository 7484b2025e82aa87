namespace FamilyPlan.Api.Domain;

/// <summary>
/// The stable ids of the family plan's rules, each in this one place: the <c>rule</c> of a problem
/// (and its <c>type</c>, <c>urn:coordination:problem:&lt;rule&gt;</c>), and the rule of an outcome
/// measurement's validation error. <see cref="All"/> says what each requires.
/// </summary>
public static class FamilyPlanRules
{
    /// <summary>The coordinator is a person on the care team.</summary>
    public const string CoordinatorOnTeam = "coordinator-on-team";

    /// <summary>A closed plan is kept as it was.</summary>
    public const string PlanClosed = "plan-closed";

    /// <summary>A plan closes only once every intervention has ended or is cancelled.</summary>
    public const string InterventionsOpen = "interventions-open";

    /// <summary>An intervention's responsible member is on the team, or the caller.</summary>
    public const string InterventionResponsibleOnTeam = "intervention-responsible-on-team";

    /// <summary>An intervention's status moves only in its order.</summary>
    public const string InterventionStatusOrder = "intervention-status-order";

    /// <summary>A part of the plan is for a member in care, not for a relative who is not a client.</summary>
    public const string MemberNotARelative = "member-not-a-relative";

    /// <summary>A goal's owner is on the team, or the caller.</summary>
    public const string GoalOwnerOnTeam = "goal-owner-on-team";

    /// <summary>An action's owner is on the team, or the caller.</summary>
    public const string ActionOwnerOnTeam = "action-owner-on-team";

    /// <summary>The Meldcode's step 5 (decide) comes after steps 1 to 4.</summary>
    public const string MeldcodeDecideLast = "meldcode-decide-last";

    /// <summary>An outcome is measured with a listed instrument.</summary>
    public const string UnknownInstrument = "unknown-instrument";

    /// <summary>An outcome's score lies within its instrument's range.</summary>
    public const string ScoreOutOfRange = "score-out-of-range";

    /// <summary>An outcome's score has at most two decimals.</summary>
    public const string ScorePrecision = "score-precision";

    /// <summary>An outcome is not measured in the future.</summary>
    public const string MeasuredInFuture = "measured-in-future";

    /// <summary>An outcome is not measured before the member's birth.</summary>
    public const string MeasuredBeforeBirth = "measured-before-birth";

    /// <summary>Every rule id of the family plan, with what the rule requires.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [CoordinatorOnTeam] = "The coordinator (regisseur) is a member of the care team who joined in person, by accepting a referral or an invitation.",
        [PlanClosed] = "A closed plan is kept as it was: its parts are not changed, and it is not closed twice.",
        [InterventionsOpen] = "The plan is closed only once every intervention has ended or been cancelled.",
        [InterventionResponsibleOnTeam] = "The member responsible for an intervention is a member of the care team who joined in person, or the caller.",
        [InterventionStatusOrder] = "An intervention moves from planned to active to ended, and a planned or active one may be cancelled; ended and cancelled are final.",
        [MemberNotARelative] = "A part of the plan (an intervention, its participants) is for a member in care, never for a relative who is not a client.",
        [GoalOwnerOnTeam] = "A goal is owned by a member of the care team who joined in person, or by the caller.",
        [ActionOwnerOnTeam] = "An action is owned by a member of the care team who joined in person, or by the caller.",
        [MeldcodeDecideLast] = "Step 5 of the Meldcode (decide: organise help and/or report to Veilig Thuis) is marked only after steps 1 to 4 are done.",
        [UnknownInstrument] = "An outcome is measured with one of the listed outcome instruments, named by its id.",
        [ScoreOutOfRange] = "An outcome's score lies within the range of its instrument.",
        [ScorePrecision] = "An outcome's score has at most two decimal places.",
        [MeasuredInFuture] = "An outcome's measurement date does not lie in the future (Europe/Amsterdam).",
        [MeasuredBeforeBirth] = "An outcome's measurement date does not lie before the member's birth, when it is known.",
    };
}

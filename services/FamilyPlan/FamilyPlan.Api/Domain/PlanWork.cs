using Coordination.ServiceDefaults.Outcomes;

namespace FamilyPlan.Api.Domain;

/// <summary>The kinds of intervention the plan knows: the care the funding route service decides on.</summary>
public static class InterventionKinds
{
    public const string IndividualTreatment = "individual-treatment";
    public const string FamilyTherapy = "family-therapy";
    public const string FamilySessions = "family-sessions";
    public const string RespiteCare = "respite-care";
    public const string SupportAtHome = "support-at-home";
    public const string NursingHomeAdmission = "nursing-home-admission";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
        [IndividualTreatment, FamilyTherapy, FamilySessions, RespiteCare, SupportAtHome, NursingHomeAdmission, Other];
}

/// <summary>
/// An intervention's statuses and the changes between them: planned, then active, then ended; a
/// planned or active intervention may be cancelled. Ended and cancelled are final. Pure.
/// </summary>
public static class InterventionStatuses
{
    public const string Planned = "planned";
    public const string Active = "active";
    public const string Ended = "ended";
    public const string Cancelled = "cancelled";

    public static readonly IReadOnlyList<string> All = [Planned, Active, Ended, Cancelled];

    /// <summary>Whether an intervention in <paramref name="status"/> is still open: closure waits for it.</summary>
    public static bool IsOpen(string status) => status is Planned or Active;

    /// <summary>The statuses an intervention in <paramref name="from"/> may move to.</summary>
    public static IReadOnlyList<string> Next(string from) => from switch
    {
        Planned => [Active, Cancelled],
        Active => [Ended, Cancelled],
        _ => [],
    };

    /// <summary>
    /// Whether an intervention in <paramref name="from"/> may become <paramref name="to"/> (staying as
    /// it is is no move): a refusal of <see cref="FamilyPlanRules.InterventionStatusOrder"/> otherwise,
    /// naming the statuses <c>allowed</c> now.
    /// </summary>
    public static Refusal? MayMove(string from, string to) =>
        to == from || Next(from).Contains(to)
            ? null
            : Refusal.Conflict($"An intervention that is {from} does not become {to}.", FamilyPlanRules.InterventionStatusOrder)
                .With("allowed", Next(from));
}

/// <summary>An action's statuses: open, done or dropped; a done or dropped action may be opened again.</summary>
public static class ActionStatuses
{
    public const string Open = "open";
    public const string Done = "done";
    public const string Dropped = "dropped";

    public static readonly IReadOnlyList<string> All = [Open, Done, Dropped];
}

/// <summary>Where an action came from.</summary>
public static class ActionSources
{
    public const string Team = "team";
    public const string Mdo = "mdo";
}

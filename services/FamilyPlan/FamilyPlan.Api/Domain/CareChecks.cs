namespace FamilyPlan.Api.Domain;

/// <summary>The kinds of task an acceptance raises (domain.md, "Referral").</summary>
public static class CareTaskKinds
{
    /// <summary>For an adult client: do they care for minors, or are they pregnant?</summary>
    public const string Kindcheck = "kindcheck";

    /// <summary>For a child in care: how is the mental health of the parents?</summary>
    public const string Oudercheck = "oudercheck";
}

/// <summary>The states of a task.</summary>
public static class CareTaskStatuses
{
    public const string Open = "open";
    public const string Done = "done";
}

/// <summary>What a completed check found.</summary>
public static class CheckOutcomes
{
    public const string NoConcerns = "no-concerns";
    public const string Concerns = "concerns";

    /// <summary>Every outcome.</summary>
    public static readonly IReadOnlyList<string> All = [NoConcerns, Concerns];
}

/// <summary>A check to raise: its kind and the members it asks about (the minors, or the parents).</summary>
public sealed record CheckToRaise(string Kind, IReadOnlyList<Guid> Members);

/// <summary>
/// Which checks an accepted referral raises, as a rule with no I/O. An adult client gets a
/// kindcheck whatever the household says: the clinician asks whether they care for minors or are
/// pregnant, and the household may not name every child. It lists the minors the household does
/// name. A child with at least one parent named gets an oudercheck about those parents; a child
/// without parents named gets none, since there is no one to ask after.
/// </summary>
public static class CareChecks
{
    /// <summary>The checks raised by accepting a referral of <paramref name="subject"/>.</summary>
    public static IReadOnlyList<CheckToRaise> RaisedBy(Guid subject, bool subjectIsAdult, IReadOnlyList<Guid>? minors, IReadOnlyList<Guid>? parents)
    {
        // The subject is never their own minor or parent, and a member named twice is asked about once.
        static List<Guid> Others(IReadOnlyList<Guid>? ids, Guid subject) => (ids ?? []).Where(id => id != subject && id != Guid.Empty).Distinct().ToList();
        if (subjectIsAdult)
        {
            return [new CheckToRaise(CareTaskKinds.Kindcheck, Others(minors, subject))];
        }

        var named = Others(parents, subject);
        return named.Count > 0 ? [new CheckToRaise(CareTaskKinds.Oudercheck, named)] : [];
    }

    /// <summary>Whether completing a check of <paramref name="kind"/> with <paramref name="outcome"/> opens the Meldcode's steps.</summary>
    public static bool OpensMeldcode(string kind, string outcome) => kind == CareTaskKinds.Kindcheck && outcome == CheckOutcomes.Concerns;
}

/// <summary>One step of the Meldcode huiselijk geweld en kindermishandeling.</summary>
/// <param name="Number">1 to 5.</param>
/// <param name="Code">A stable name for the step.</param>
/// <param name="Title">What the step asks, in words.</param>
public sealed record MeldcodeStep(int Number, string Code, string Title);

/// <summary>Whether a step may be marked done now, and if not, the rule that says so.</summary>
public sealed record MeldcodeVerdict(bool Allowed, string? RuleId, string? Rule)
{
    public static readonly MeldcodeVerdict Yes = new(true, null, null);
}

/// <summary>
/// The five steps of the Meldcode (domain.md), opened as a checklist by a kindcheck with
/// concerns. Steps 1 to 4 may be done in any order: mapping signals, consulting, talking with the
/// client and weighing the risk feed each other and are often gone through more than once. Step 5,
/// the decision to organise help and/or report to Veilig Thuis, comes last: it may be marked only
/// once steps 1 to 4 are done, because the decision must rest on the weighing with the assessment
/// framework (afwegingskader) and on what the others found.
/// </summary>
public static class Meldcode
{
    /// <summary>The number of the last step: decide.</summary>
    public const int Decide = 5;

    /// <summary>The steps, in their numbered order.</summary>
    public static readonly IReadOnlyList<MeldcodeStep> Steps =
    [
        new(1, "map-signals", "Map the signals."),
        new(2, "consult", "Consult a colleague and, if needed, Veilig Thuis."),
        new(3, "talk-with-client", "Talk with the client."),
        new(4, "weigh-risk", "Weigh the risk of domestic violence or child abuse with the assessment framework."),
        new(Decide, "decide", "Decide: organise help and/or report to Veilig Thuis."),
    ];

    /// <summary>The step numbered <paramref name="number"/>, or null.</summary>
    public static MeldcodeStep? Step(int number) => Steps.FirstOrDefault(s => s.Number == number);

    /// <summary>Whether <paramref name="step"/> may be marked done when <paramref name="done"/> are.</summary>
    public static MeldcodeVerdict MayMark(int step, IReadOnlyCollection<int> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (step != Decide)
        {
            return MeldcodeVerdict.Yes;
        }

        var missing = Steps.Where(s => s.Number != Decide && !done.Contains(s.Number)).Select(s => s.Number).ToList();
        return missing.Count == 0
            ? MeldcodeVerdict.Yes
            : new MeldcodeVerdict(false, FamilyPlanRules.MeldcodeDecideLast,
                $"Step 5 (decide) comes after steps 1 to 4; not yet done: {string.Join(", ", missing)}. The decision rests on the signals, the consultation, the talk with the client and the weighing of the risk.");
    }
}

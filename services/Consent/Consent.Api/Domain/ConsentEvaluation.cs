using Coordination.ServiceDefaults;

namespace Consent.Api.Domain;

/// <summary>The states of a consent decision, as judged on one day.</summary>
public static class ConsentStates
{
    /// <summary>Every declaration the rule requires on that day is present.</summary>
    public const string Active = "active";

    /// <summary>Someone the rule requires has not declared (yet).</summary>
    public const string Awaiting = "awaiting";

    /// <summary>Someone the rule required withdrew it.</summary>
    public const string Withdrawn = "withdrawn";

    /// <summary>Its period ended.</summary>
    public const string Expired = "expired";

    /// <summary>Its period has not begun.</summary>
    public const string Scheduled = "scheduled";
}

/// <summary>A declaration as stored: who, in what capacity.</summary>
/// <param name="MemberId">The declarant's member id.</param>
/// <param name="Capacity">Subject or parent.</param>
public sealed record StoredDeclaration(Guid MemberId, DeclarantKind Capacity);

/// <summary>A decision as judged on one day.</summary>
/// <param name="State">One of <see cref="ConsentStates"/>.</param>
/// <param name="Missing">The capacities whose declaration the rule still needs (empty unless awaiting).</param>
/// <param name="Counting">The declarants whose declaration counts on that day.</param>
/// <param name="RuleId">The age rule applied.</param>
/// <param name="Rule">The rule, in words.</param>
public sealed record Judgement(string State, IReadOnlyList<DeclarantKind> Missing, IReadOnlyList<Guid> Counting, string RuleId, string Rule);

/// <summary>A birthday on which the rule that decides for a client changes.</summary>
/// <param name="Kind"><c>turns-12</c> or <c>turns-16</c>.</param>
/// <param name="On">The Amsterdam date the client has that age.</param>
/// <param name="Text">What changes, in plain words.</param>
public sealed record BirthdayWarning(string Kind, DateOnly On, PlainText Text);

/// <summary>
/// Judges a decision on a day: the age rule of that day decides whose declarations count, so a
/// parent's consent for an 11-year-old stops counting on the 12th birthday, and only the young
/// person's own counts from the 16th. A parent's declaration counts only while the household
/// statements still show their custody. Pure: the caller passes the facts and the day.
/// </summary>
public static class ConsentEvaluation
{
    /// <summary>How far ahead a birthday that changes the rule is announced.</summary>
    public const int WarningDays = 30;

    /// <summary>Judges a decision on <paramref name="today"/>.</summary>
    public static Judgement Judge(
        bool withdrawn, DateOnly validFrom, DateOnly? validUntil, DateOnly subjectBirthDate,
        IEnumerable<StoredDeclaration> declarations, Func<Guid, Custody> custodyOf, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        ArgumentNullException.ThrowIfNull(custodyOf);
        var band = ConsentRules.BandOn(subjectBirthDate, today);
        var required = ConsentRules.Required(band);
        var counting = declarations
            .Where(d => required.Contains(d.Capacity) && (d.Capacity == DeclarantKind.Subject || custodyOf(d.MemberId) == Custody.Custodial))
            .ToList();
        var check = ConsentRules.Check(counting.Select(d => new Declaration(d.MemberId.ToString(), d.Capacity)), subjectBirthDate, today);
        var state = withdrawn ? ConsentStates.Withdrawn
            : validUntil is { } until && until < today ? ConsentStates.Expired
            : validFrom > today ? ConsentStates.Scheduled
            : check.Counts ? ConsentStates.Active
            : ConsentStates.Awaiting;
        return new Judgement(
            state,
            state == ConsentStates.Awaiting ? check.Missing : [],
            counting.Select(d => d.MemberId).ToList(),
            check.RuleId,
            ConsentRules.RuleOf(band));
    }

    /// <summary>The 12th or 16th birthday within <see cref="WarningDays"/> days after <paramref name="today"/>, if any.</summary>
    public static BirthdayWarning? UpcomingBirthday(DateOnly birthDate, DateOnly today)
    {
        foreach (var (age, kind, text) in Changes)
        {
            var on = AmsterdamTime.BirthdayAt(birthDate, age);
            if (on > today && on.DayNumber - today.DayNumber <= WarningDays)
            {
                return new BirthdayWarning(kind, on, text);
            }
        }

        return null;
    }

    private static readonly (int Age, string Kind, PlainText Text)[] Changes =
    [
        (12, "turns-12", new PlainText(
            "Uw kind wordt binnenkort 12. Vanaf die dag telt de toestemming van een ouder alleen niet meer: uw kind moet zelf ook toestemming geven.",
            "Your child turns 12 soon. From that day a parent's consent alone no longer counts: your child must consent too.")),
        (16, "turns-16", new PlainText(
            "Je wordt binnenkort 16. Vanaf die dag telt alleen jouw eigen toestemming, niet meer die van je ouders.",
            "You turn 16 soon. From that day only your own consent counts, no longer your parents'.")),
    ];
}

using System.Globalization;
using Coordination.ServiceDefaults;

namespace FundingRoute.Api.Domain.Engine;

/// <summary>
/// The 18-/18+ transition of a member in youth care: from 90 days before the 18th birthday a
/// transition task is due, saying what continues and under which law. Pure.
/// </summary>
/// <param name="BirthdayOn">The 18th birthday (Europe/Amsterdam).</param>
/// <param name="TaskFrom">The first day the transition task is due: 90 days before.</param>
/// <param name="Continues">Whether the help may continue under the Jeugdwet (help found necessary before 18 that no other law gives).</param>
/// <param name="Law">The law the help falls under from the birthday: Zvw, Jeugdwet, Wmo or Wlz.</param>
/// <param name="StopReason">For a youth route that ends: the iJw stop reason (31, ended as planned).</param>
/// <param name="Rule">The rule cited.</param>
public sealed record AgeTransition(DateOnly BirthdayOn, DateOnly TaskFrom, bool Continues, string Law, string? StopReason, AppliedRule Rule)
{
    /// <summary>How long before the 18th birthday the transition is prepared.</summary>
    public const int LeadDays = 90;

    /// <summary>iJw stop reason 31: ended as planned (includes turning 18).</summary>
    public const string EndedAsPlanned = "31";

    /// <summary>
    /// The transition due on <paramref name="on"/> for a member born on <paramref name="birthDate"/>
    /// receiving <paramref name="help"/> under the Jeugdwet, or null when none is due: under 90
    /// days before the birthday, up to and including the birthday itself.
    /// </summary>
    public static AgeTransition? Due(DateOnly birthDate, DateOnly on, HelpKind help, bool continuationFoundNecessary)
    {
        var birthday = AmsterdamTime.BirthdayAt(birthDate, 18);

        var from = birthday.AddDays(-LeadDays);
        if (on < from || on > birthday)
        {
            return null;
        }

        var mentalHealth = help is HelpKind.MentalHealthTreatment or HelpKind.FamilyTherapy;
        var continues = !mentalHealth && continuationFoundNecessary && help != HelpKind.LongTermCare;
        var law = mentalHealth ? FundingEngine.Zvw
            : continues ? FundingEngine.Jeugdwet
            : help == HelpKind.LongTermCare ? FundingEngine.Wlz
            : FundingEngine.Wmo;
        return new AgeTransition(birthday, from, continues, law, continues ? null : EndedAsPlanned,
            FundingRuleBook.Cite(FundingRuleBook.TransitionAt18, ("turns18On", birthday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                ("help", help.ToString()), ("continuationFoundNecessaryBefore18", continuationFoundNecessary ? "yes" : "no")));
    }

    /// <summary>
    /// The transition due on <paramref name="today"/> for youth help judged on <paramref name="facts"/>,
    /// with who takes over: the engine's answer as of the birthday. Null when none is due.
    /// </summary>
    public static PreparedTransition? Prepare(FundingFacts facts, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (Due(facts.BirthDate, today, facts.Help, facts.ContinuationFoundNecessaryBefore18) is not { } due)
        {
            return null;
        }

        var fromBirthday = FundingEngine.Decide(facts with { On = due.BirthdayOn });
        var mentalHealth = facts.Help is HelpKind.MentalHealthTreatment or HelpKind.FamilyTherapy;
        var newReferralNeeded = mentalHealth && !(facts.SuspectedDisorder && facts.ValidReferral && facts.Uzovi is not null);
        return new PreparedTransition(due, newReferralNeeded ? null : fromBirthday.First, newReferralNeeded);
    }
}

/// <summary>A transition with who takes over on the birthday.</summary>
/// <param name="Transition">When, what continues, the stop reason and the rule.</param>
/// <param name="TakesOver">Who pays from the birthday; null when adult care needs a new referral first.</param>
/// <param name="NewReferralNeeded">Whether no suspected disorder and valid referral are on record for adult GGZ.</param>
public sealed record PreparedTransition(AgeTransition Transition, FundingChoice? TakesOver, bool NewReferralNeeded);

using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Outcomes;

namespace Consent.Api.Domain;

/// <summary>Who may declare for a client, by age (domain.md, "Consent").</summary>
public enum AgeBand
{
    /// <summary>Under 12: one custodial parent declares.</summary>
    Under12,

    /// <summary>12 to 15: the child and a custodial parent, both.</summary>
    From12To15,

    /// <summary>16 and over: the client alone.</summary>
    From16,
}

/// <summary>The capacity in which a person declares or withdraws.</summary>
public enum DeclarantKind
{
    /// <summary>The client themselves.</summary>
    Subject,

    /// <summary>A parent of the client.</summary>
    Parent,
}

/// <summary>What the platform knows of a parent's custody (gezag) from the referrals that named them.</summary>
public enum Custody
{
    /// <summary>Some referral states custody and none denies it.</summary>
    Custodial,

    /// <summary>No referral states custody.</summary>
    NotCustodial,

    /// <summary>Referrals disagree: one states custody, another denies it.</summary>
    Disputed,
}

/// <summary>A declaration as the rules judge it: who gave it, and in what capacity.</summary>
/// <param name="PersonId">The family member id of the person who declared.</param>
/// <param name="Kind">Subject or parent.</param>
public sealed record Declaration(string PersonId, DeclarantKind Kind);

/// <summary>The answer to "may this person do this": allowed, or the rule that refuses it.</summary>
/// <param name="Allowed">Whether it is allowed.</param>
/// <param name="RuleId">A stable id of the rule that decided.</param>
/// <param name="Rule">The rule, cited in words.</param>
public sealed record RuleDecision(bool Allowed, string RuleId, string Rule)
{
    /// <summary>Null when allowed; otherwise the refusal citing the rule (<see cref="ConsentRules.Refused"/>).</summary>
    public Refusal? AsRefusal() => Allowed ? null : ConsentRules.Refused(RuleId, Rule);
}

/// <summary>Whether a decision counts on a given day, and if not, whose declaration is missing.</summary>
/// <param name="Counts">True when every declaration the rule requires on that day is present.</param>
/// <param name="Missing">The capacities still missing (empty when it counts).</param>
/// <param name="RuleId">The age rule applied.</param>
public sealed record DeclarationsCheck(bool Counts, IReadOnlyList<DeclarantKind> Missing, string RuleId);

/// <summary>
/// The Dutch rules on who decides about sharing a client's data, as pure functions of the
/// client's birth date and the Amsterdam date they are judged on: under 12 one custodial parent;
/// 12 to 15 the child and a custodial parent (the platform's policy after WGBO 7:450: the child's
/// refusal or withdrawal always wins); 16 and over the client alone. Judged when data is read, not
/// only when consent was given.
/// </summary>
public static class ConsentRules
{
    /// <summary>Under 12 one custodial parent decides for the child.</summary>
    public const string Under12RuleId = "wgbo-7-465-under-12";

    /// <summary>From 12 to 15 the child and a custodial parent both decide.</summary>
    public const string From12RuleId = "wgbo-7-450-12-to-15";

    /// <summary>From 16 the young person decides alone.</summary>
    public const string From16RuleId = "wgbo-7-447-16-and-over";

    /// <summary>A parent with custody of a child under 12 sees the child's part without a consent.</summary>
    public const string ParentalAuthorityRuleId = "parental-authority-under-12";

    /// <summary>Referrals disagree on a parent's custody: the platform cannot tell, the custody register decides.</summary>
    public const string CustodyDisputedRuleId = "custody-disputed";

    /// <summary>Only a parent with custody declares, withdraws or sees for a child.</summary>
    public const string CustodyRequiredRuleId = "custody-required";

    /// <summary>A client declares only for themselves or their own child.</summary>
    public const string NotADeclarantRuleId = "not-a-declarant";

    /// <summary>A declaration joining an open decision states its period, or none.</summary>
    public const string PeriodDiffersRuleId = "period-differs";

    /// <summary>A consent names the care team of the subject's own family.</summary>
    public const string CareTeamOfOwnFamilyRuleId = "care-team-of-own-family";

    /// <summary>A consent names another person in the subject's own family.</summary>
    public const string FamilyMemberOfOwnFamilyRuleId = "family-member-of-own-family";

    /// <summary>A child-protection measure is for a minor.</summary>
    public const string MeasureForAMinorRuleId = "measure-for-a-minor";

    /// <summary>No consent of the client names the reader.</summary>
    public const string NoConsentRuleId = "no-consent";

    /// <summary>A treating professional reads without consent under emergency access.</summary>
    public const string EmergencyRuleId = "emergency-access";

    /// <summary>A certified institution reads a child's data under a child-protection measure.</summary>
    public const string MeasureRuleId = "child-protection-measure";

    /// <summary>Every rule of the consent service by its id, with what it requires in one sentence.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        [Under12RuleId] = "Under 12 one parent with custody decides for the child (WGBO art. 7:465).",
        [From12RuleId] = "From 12 to 15 the child and a parent with custody both decide, and the child's refusal or withdrawal always wins (WGBO art. 7:450).",
        [From16RuleId] = "From 16 the young person decides alone; a parent's declaration is neither needed nor sufficient (WGBO art. 7:447).",
        [ParentalAuthorityRuleId] = "A parent with custody of a child under 12 sees the child's part of the plan without a consent.",
        [CustodyDisputedRuleId] = "When the referrals disagree on a parent's custody, that parent neither declares, withdraws nor sees until the custody register decides.",
        [CustodyRequiredRuleId] = "Only a parent with custody declares, withdraws or sees for a child.",
        [NotADeclarantRuleId] = "A client declares consent only for themselves or for their own child.",
        [PeriodDiffersRuleId] = "A declaration that joins an open decision on the same purpose and recipient states no other period than that decision's.",
        [CareTeamOfOwnFamilyRuleId] = "A consent for a care team names the care team of the subject's own family.",
        [FamilyMemberOfOwnFamilyRuleId] = "A consent for a family member names another person in the subject's own family.",
        [MeasureForAMinorRuleId] = "A child-protection measure is recorded only for a person under 18 on its first day.",
        [NoConsentRuleId] = "A professional reads a client's data only when a consent of the client names them, or on another basis the law gives.",
        [EmergencyRuleId] = "A treating professional may read without consent under emergency access, stating why, for at most 72 hours.",
        [MeasureRuleId] = "The certified institution of a child-protection measure reads the child's data without consent while the measure lasts.",
    };

    /// <summary>The title of every refusal by the consent rules; the rule's words are its detail.</summary>
    public const string RefusedTitle = "The consent rules refuse this.";

    /// <summary>The rule <paramref name="ruleId"/> refuses, citing <paramref name="rule"/> in words.</summary>
    public static Refusal Refused(string ruleId, string rule) => Refusal.Broken(ruleId, RefusedTitle).Because(rule);

    /// <summary>A caller declares only for themselves or their own child: the refusal alike for someone unknown or unrelated.</summary>
    public static readonly Refusal NotADeclarant = Refused(NotADeclarantRuleId, "You may declare only for yourself or for your own child.");

    /// <summary>Whether the caller may declare for the subject at all: only for themselves or for their own child.</summary>
    /// <param name="callerId">The caller's member id.</param>
    /// <param name="subjectId">The subject's member id.</param>
    /// <param name="callerIsParent">Whether the caller is a stated parent of the subject.</param>
    public static Refusal? MayDeclareFor(Guid callerId, Guid subjectId, bool callerIsParent) =>
        callerId == subjectId || callerIsParent ? null : NotADeclarant;

    /// <summary>The open consent <paramref name="consentId"/> for the same purpose and recipient has another period.</summary>
    public static Refusal PeriodDiffers(Guid consentId) => Refused(PeriodDiffersRuleId,
        $"The open consent {consentId} for this purpose and recipient has another period: leave the period out to join it, or withdraw it first.");

    /// <summary>
    /// Whether a consent may name its recipient: a care team only of the subject's own family; a
    /// family member only another known person in that family.
    /// </summary>
    /// <param name="recipientKind">The kind of recipient (<see cref="RecipientKinds"/>).</param>
    /// <param name="recipientId">The recipient's id as declared.</param>
    /// <param name="subjectFamilyId">The family of the subject.</param>
    /// <param name="subjectMemberId">The subject.</param>
    /// <param name="recipientFamilyId">For a family member: their family, or null when no such member is known.</param>
    public static Refusal? MayName(string recipientKind, string recipientId, Guid subjectFamilyId, Guid subjectMemberId, Guid? recipientFamilyId)
    {
        if (recipientKind == RecipientKinds.CareTeam && recipientId != subjectFamilyId.ToString("D"))
        {
            return Refused(CareTeamOfOwnFamilyRuleId, "A consent names the care team of the subject's own family.");
        }

        if (recipientKind == RecipientKinds.FamilyMember
            && (recipientFamilyId is null || recipientFamilyId != subjectFamilyId || Guid.Parse(recipientId) == subjectMemberId))
        {
            return Refused(FamilyMemberOfOwnFamilyRuleId, "A consent names another person in the subject's own family.");
        }

        return null;
    }

    /// <summary>Whether a child-protection measure starting on <paramref name="from"/> may be recorded for a person born on <paramref name="birthDate"/>: only for a minor.</summary>
    public static Refusal? MayRecordMeasure(DateOnly birthDate, DateOnly from) =>
        AmsterdamTime.AgeOn(birthDate, from) >= 18
            ? Refused(MeasureForAMinorRuleId, "A child-protection measure is for a minor; this person is 18 or over on its first day.")
            : null;

    /// <summary>The age band of a client born on <paramref name="birthDate"/>, on <paramref name="on"/> (Amsterdam date).</summary>
    public static AgeBand BandOn(DateOnly birthDate, DateOnly on) => AmsterdamTime.AgeOn(birthDate, on) switch
    {
        < 12 => AgeBand.Under12,
        < 16 => AgeBand.From12To15,
        _ => AgeBand.From16,
    };

    /// <summary>Whose declarations a decision needs in <paramref name="band"/>.</summary>
    public static IReadOnlyList<DeclarantKind> Required(AgeBand band) => band switch
    {
        AgeBand.Under12 => [DeclarantKind.Parent],
        AgeBand.From12To15 => [DeclarantKind.Subject, DeclarantKind.Parent],
        _ => [DeclarantKind.Subject],
    };

    /// <summary>The id of the rule for <paramref name="band"/>.</summary>
    public static string RuleIdOf(AgeBand band) => band switch
    {
        AgeBand.Under12 => Under12RuleId,
        AgeBand.From12To15 => From12RuleId,
        _ => From16RuleId,
    };

    /// <summary>The rule for <paramref name="band"/>, in words.</summary>
    public static string RuleOf(AgeBand band) => band switch
    {
        AgeBand.Under12 => "Under 12 a parent with custody decides for the child (WGBO art. 7:465; Jeugdwet art. 7.3.4); one custodial parent's declaration suffices.",
        AgeBand.From12To15 => "From 12 to 15 the child and a parent with custody both decide (WGBO art. 7:450; Jeugdwet art. 7.3.4); the child's refusal or withdrawal always wins.",
        _ => "From 16 the young person decides alone (WGBO art. 7:447; Jeugdwet art. 7.3.5); a parent's declaration is neither needed nor sufficient.",
    };

    /// <summary>
    /// Whether a parent sees a child's part of the plan without a consent: only with custody, and
    /// only while the child is under 12, when the parent decides for the child. From 12 the child
    /// decides too (with a custodial parent until 16, alone from 16), so a parent then sees what a
    /// consent naming them allows, and nothing without the young person's own declaration.
    /// </summary>
    public static RuleDecision ParentSees(Custody custody, DateOnly childBirthDate, DateOnly on)
    {
        var band = BandOn(childBirthDate, on);
        if (custody != Custody.Custodial)
        {
            return new RuleDecision(false, custody == Custody.Disputed ? CustodyDisputedRuleId : CustodyRequiredRuleId,
                "Only a parent with custody sees a child's part without the child's consent.");
        }

        return band == AgeBand.Under12
            ? new RuleDecision(true, ParentalAuthorityRuleId, "A parent with custody of a child under 12 decides for the child (WGBO art. 7:465) and sees the child's part.")
            : new RuleDecision(false, RuleIdOf(band), $"From 12 a parent sees what a consent naming them allows. {RuleOf(band)}");
    }

    /// <summary>
    /// A parent's custody as the referrals state it: custodial when some referral states custody
    /// and none denies it; disputed when they disagree.
    /// </summary>
    public static Custody CustodyFrom(IEnumerable<bool?> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        var stated = statements.Where(s => s.HasValue).Select(s => s!.Value).ToList();
        return stated.Contains(true) && stated.Contains(false) ? Custody.Disputed
            : stated.Contains(true) ? Custody.Custodial
            : Custody.NotCustodial;
    }

    /// <summary>
    /// Whether a person may declare in capacity <paramref name="kind"/> for a client born on
    /// <paramref name="birthDate"/>, on <paramref name="on"/>: the client themselves from 12, a
    /// custodial parent under 16; nobody else.
    /// </summary>
    public static RuleDecision MayDeclare(DeclarantKind kind, Custody custody, DateOnly birthDate, DateOnly on)
    {
        var band = BandOn(birthDate, on);
        return Judge(kind, custody, band, act: "declare");
    }

    /// <summary>
    /// Whether a person may withdraw: anyone whose declaration the rule requires on that day,
    /// whether or not they declared; a parent for a young person of 16 or over may not.
    /// </summary>
    public static RuleDecision MayWithdraw(DeclarantKind kind, Custody custody, DateOnly birthDate, DateOnly on)
    {
        var band = BandOn(birthDate, on);
        return Judge(kind, custody, band, act: "withdraw");
    }

    /// <summary>Whether the declarations present make the decision count on <paramref name="on"/>, and whose are missing.</summary>
    public static DeclarationsCheck Check(IEnumerable<Declaration> declarations, DateOnly birthDate, DateOnly on)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        var band = BandOn(birthDate, on);
        var present = declarations.Select(d => d.Kind).ToHashSet();
        var missing = Required(band).Where(k => !present.Contains(k)).ToList();
        return new DeclarationsCheck(missing.Count == 0, missing, RuleIdOf(band));
    }

    private static RuleDecision Judge(DeclarantKind kind, Custody custody, AgeBand band, string act)
    {
        var ruleId = RuleIdOf(band);
        if (!Required(band).Contains(kind))
        {
            return kind == DeclarantKind.Subject
                ? new RuleDecision(false, ruleId, $"A child under 12 does not {act} for themselves: {RuleOf(band)}")
                : new RuleDecision(false, ruleId, $"A parent may not {act} for a young person of 16 or over: {RuleOf(band)}");
        }

        if (kind == DeclarantKind.Parent && custody != Custody.Custodial)
        {
            return custody == Custody.Disputed
                ? new RuleDecision(false, CustodyDisputedRuleId, $"Referrals disagree on this parent's custody; the platform cannot tell whether they may {act}. The custody register decides.")
                : new RuleDecision(false, CustodyRequiredRuleId, $"Only a parent with custody may {act}: {RuleOf(band)}");
        }

        return new RuleDecision(true, ruleId, RuleOf(band));
    }
}

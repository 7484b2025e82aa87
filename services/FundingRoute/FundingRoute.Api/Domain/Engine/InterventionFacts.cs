using Coordination.ServiceDefaults;
using FamilyPlan.Contracts;

namespace FundingRoute.Api.Domain.Engine;

/// <summary>What the funding route knows of a referred member (never a diagnosis).</summary>
/// <param name="MemberId">The member id.</param>
/// <param name="Bsn">The BSN.</param>
/// <param name="BirthDate">The birth date.</param>
/// <param name="MunicipalityCode">The BRP municipality, as the newest referral told it.</param>
/// <param name="Uzovi">The insurer, as the newest referral told it.</param>
/// <param name="SuspectedDisorder">Whether any referral stated a suspected DSM-5 disorder (never which).</param>
/// <param name="PreviousMunicipality">After a move a newer referral told of: the municipality before.</param>
/// <param name="MovedOn">The day that move became known.</param>
/// <param name="NewMunicipalityAssigned">Whether the municipality of the new address has assigned help since (JW301).</param>
public sealed record MemberFacts(
    Guid MemberId, string Bsn, DateOnly BirthDate, string MunicipalityCode, string? Uzovi, bool SuspectedDisorder,
    string? PreviousMunicipality = null, DateOnly? MovedOn = null, bool NewMunicipalityAssigned = false);

/// <summary>
/// Turns a planned or changed intervention of the family plan into the facts the engine decides on,
/// or the rule that says why it cannot be decided. Pure.
/// </summary>
public static class InterventionFacts
{
    /// <summary>The plan's kinds of intervention, as kinds of help.</summary>
    public static readonly IReadOnlyDictionary<string, HelpKind> Kinds = new Dictionary<string, HelpKind>
    {
        ["individual-treatment"] = HelpKind.MentalHealthTreatment,
        ["family-therapy"] = HelpKind.FamilyTherapy,
        ["family-sessions"] = HelpKind.FamilyTherapy,
        ["respite-care"] = HelpKind.RespiteCare,
        ["support-at-home"] = HelpKind.SupportAtHome,
        ["nursing-home-admission"] = HelpKind.LongTermCare,
    };

    /// <summary>
    /// The member the decision is for: the intervention's member; for the family's, the participant
    /// whose treatment it would be part of (one with a suspected disorder first), else the first
    /// participant on record.
    /// </summary>
    public static MemberFacts? Subject(InterventionChanged intervention, IReadOnlyCollection<MemberFacts> known)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        ArgumentNullException.ThrowIfNull(known);
        var ids = intervention.MemberId is { } member ? [member] : intervention.ParticipantIds;
        return ids.Select(id => known.FirstOrDefault(k => k.MemberId == id)).OfType<MemberFacts>()
            .OrderByDescending(k => k.SuspectedDisorder).FirstOrDefault();
    }

    /// <summary>
    /// The facts to decide on as of <paramref name="on"/> (the start when later, the start when
    /// left out), or the rule that says why there are none. Help other than GGZ that began before
    /// the 18th birthday was found necessary before 18: it may continue under the Jeugdwet.
    /// </summary>
    public static (FundingFacts? Facts, AppliedRule? Undecided) Of(InterventionChanged intervention, IReadOnlyCollection<MemberFacts> known, DateOnly? on = null)
    {
        ArgumentNullException.ThrowIfNull(intervention);
        if (!Kinds.TryGetValue(intervention.Kind, out var help))
        {
            return (null, FundingRuleBook.Cite(FundingRuleBook.HelpNotClassified, ("kind", intervention.Kind)));
        }

        if (Subject(intervention, known) is not { } subject)
        {
            return (null, FundingRuleBook.Cite(FundingRuleBook.MemberUnknown, ("memberId", (intervention.MemberId ?? (intervention.ParticipantIds.Count > 0 ? intervention.ParticipantIds[0] : Guid.Empty)).ToString())));
        }

        // Family therapy is part of a patient's treatment when it is planned for that patient by who treats them, not for the family.
        var withinTreatment = intervention.MemberId is not null && intervention.ResponsibleRole is "clinician" or "poh";
        var judgedOn = on > intervention.StartOn ? on.Value : intervention.StartOn;
        var beganBefore18 = intervention.StartOn < AmsterdamTime.BirthdayAt(subject.BirthDate, 18);
        // Help that began before a move stays with the old municipality until the new one assigns (at most a year); help begun after it is the new one's.
        var movedDuringHelp = subject.MovedOn is { } moved && intervention.StartOn < moved;
        var residence = movedDuringHelp
            ? new Residence(subject.MunicipalityCode, PreviousMunicipality: subject.PreviousMunicipality, MovedOn: subject.MovedOn, NewMunicipalityAssigned: subject.NewMunicipalityAssigned)
            : new Residence(subject.MunicipalityCode);
        return (new FundingFacts(subject.BirthDate, judgedOn, help, residence, subject.Uzovi,
            subject.SuspectedDisorder, ValidReferral: true, ByPoh: intervention.ResponsibleRole == "poh" && help == HelpKind.MentalHealthTreatment,
            ContinuationFoundNecessaryBefore18: beganBefore18 && help is not (HelpKind.MentalHealthTreatment or HelpKind.FamilyTherapy),
            WithinPatientTreatment: withinTreatment,
            RelativesWithOwnReferral: intervention.ParticipantIds.Count(p => p != subject.MemberId && known.Any(k => k.MemberId == p))), null);
    }
}

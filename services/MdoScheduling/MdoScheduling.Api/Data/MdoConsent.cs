using Consent.Contracts;
using MdoScheduling.Api.Domain;

namespace MdoScheduling.Api.Data;

/// <summary>Why a participant cannot be invited.</summary>
/// <param name="ParticipantId">The user id or member id as the request named them.</param>
/// <param name="Rule">no-calendar, not-on-care-team, no-mdo-consent or member-not-in-family.</param>
/// <param name="Detail">In words, naming the members whose consent is missing.</param>
public sealed record ParticipantProblem(string ParticipantId, string Rule, string Detail);

/// <summary>
/// Whether an MDO may discuss a family's members with a professional: asked of the consent
/// service at that moment, for purpose <c>mdo</c>, when a professional is invited and again when
/// a consent is withdrawn.
/// </summary>
public sealed class MdoConsent(ConsentGate gate)
{
    /// <summary>The bases on which a member's data may be discussed with a professional: their consent, or a child-protection measure.</summary>
    private static readonly string[] MdoBases = [AccessBasis.Consent, AccessBasis.ChildProtectionMeasure];

    /// <summary>
    /// The professionals for whom some discussed member has no mdo consent now; false when the
    /// consent service did not answer (then nobody may be invited).
    /// </summary>
    public async Task<(bool Answered, List<ParticipantProblem> Refused)> WithoutConsentAsync(
        Guid familyId, IEnumerable<CalendarRow> professionals, IReadOnlyList<FamilyMemberRow> discussed, FamilyTeam team, CancellationToken ct)
    {
        var subjects = discussed.Select(m => m.MemberId).ToList();
        var checks = professionals.Select(async p => (Professional: p, Verdicts: await gate.CheckAsync(familyId,
            new ConsentViewer(p.UserId, p.Role, p.Agb, p.OrganisationAgb, null, team.Includes(p.UserId, p.Role, p.Agb)), subjects, [ConsentPurposes.Mdo], ct)));
        var refused = new List<ParticipantProblem>();
        foreach (var (professional, verdicts) in await Task.WhenAll(checks))
        {
            if (!verdicts.Answered)
            {
                return (false, []);
            }

            var missing = discussed.Where(m => !MdoBases.Contains(verdicts.For(m.MemberId).Basis)).Select(m => m.Name ?? m.MemberId.ToString()).ToList();
            if (missing.Count > 0)
            {
                refused.Add(new ParticipantProblem(professional.UserId, MdoSchedulingRules.NoMdoConsent, $"No mdo consent covers them for: {string.Join(", ", missing)}."));
            }
        }

        return (true, refused);
    }
}

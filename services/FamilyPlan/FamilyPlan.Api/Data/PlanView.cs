using System.Text.Json;
using Consent.Contracts;

namespace FamilyPlan.Api.Data;

public sealed record FundingRouteView(
    string Law, string FinancierType, string? FinancierCode, string? ProductCategory, string RuleId, string Rule,
    IReadOnlyList<string> Paperwork, bool DeductibleApplies, DateTime DecidedAt);

public sealed record ReferralView(
    Guid Id, string Domain, string Status, string Reason, string ReferrerAgb, string? ReferrerName,
    string? SuspectedDsmCode, string? SuspectedDsmDescription, DateTime SubmittedAt, FundingRouteView? FundingRoute);

/// <summary>
/// A relative of a member, as a referral about that member stated them. The BSN and custody show
/// only when the viewer's own referral stated them or the relative is shown to the viewer too.
/// </summary>
public sealed record RelationView(Guid? MemberId, string? Bsn, string Relation, bool? Custody);

/// <summary>
/// One member as the viewer may see them. With <see cref="Consent"/> <c>not-given</c> or
/// <c>unavailable</c> only the name and the relation are shown: no BSN, birth date or care data.
/// </summary>
/// <param name="MemberId">The member id: the name URLs use instead of the BSN.</param>
/// <param name="Name">The name.</param>
/// <param name="Consent">
/// Why the care data is shown or not: <c>not-required</c> (the viewer's own client, or the client
/// themselves), <c>given</c>, <c>emergency-access</c>, <c>child-protection-measure</c>; withheld:
/// <c>not-given</c>, or <c>unavailable</c> when the consent service could not be asked.
/// </param>
/// <param name="Relation">For a withheld member: their relation to the viewer's client, as the viewer's own referral stated it.</param>
/// <param name="RelationOf">The member id of that client.</param>
/// <param name="Bsn">The BSN, when the care data is shown.</param>
/// <param name="BirthDate">The birth date, when the care data is shown.</param>
/// <param name="IsClient">Whether the member is in care: the viewer's client, the client themselves, or shown with referrals.</param>
/// <param name="Relations">The member's relatives, as the referrals shown stated them.</param>
/// <param name="Referrals">The referrals about the member the viewer may see, with their funding routes.</param>
public sealed record MemberView(
    Guid? MemberId, string? Name, string Consent, string? Relation, Guid? RelationOf,
    string? Bsn, DateOnly? BirthDate, bool? IsClient, IReadOnlyList<RelationView> Relations, IReadOnlyList<ReferralView> Referrals)
{
    /// <summary>Whether the member's care data is shown.</summary>
    public bool Shown => Bsn is not null;
}

public sealed record FamilyPlanView(Guid FamilyId, IReadOnlyList<MemberView> Members);

/// <summary>Who reads the plan: a referrer by their AGB code, or a client by their BSN.</summary>
/// <param name="ReferrerAgb">For a GP or POH-GGZ: the AGB code they refer under.</param>
/// <param name="OwnBsn">For a client: their own BSN.</param>
public sealed record PlanViewer(string? ReferrerAgb, string? OwnBsn);

/// <summary>The values of <see cref="MemberView.Consent"/>.</summary>
public static class MemberConsent
{
    public const string NotRequired = "not-required";
    public const string Given = "given";
    public const string EmergencyAccess = "emergency-access";
    public const string ChildProtectionMeasure = "child-protection-measure";
    public const string NotGiven = "not-given";
    public const string Unavailable = "unavailable";
}

/// <summary>
/// What one viewer sees of a family, decided from the facts and the consent service's answer:
/// their own clients (or, for a client, themselves) with what their own referrals stated; a member
/// whose consent, emergency access or child-protection measure allows it, with every referral
/// about them; a relative their own referrals named, as name and relation only. Nothing else, and
/// nothing at all to a viewer who may see no one (then the family does not exist for them).
/// </summary>
public static class PlanView
{
    /// <summary>The member ids to ask the consent service about: everyone but the viewer themselves.</summary>
    public static IReadOnlyList<Guid> Asked(FamilyFacts facts, PlanViewer viewer)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        return facts.MemberIds.Where(m => m.Key != viewer.OwnBsn).Select(m => m.Value).Distinct().ToList();
    }

    /// <summary>Whether the referrer has referred someone in the family: their care team, for now.</summary>
    public static bool OnCareTeam(FamilyFacts facts, PlanViewer viewer) =>
        viewer.ReferrerAgb is not null && facts.Referrals.Any(r => r.ReferrerAgb == viewer.ReferrerAgb);

    /// <summary>The plan as <paramref name="viewer"/> may see it, or null when they may see no one.</summary>
    public static FamilyPlanView? Compose(FamilyFacts facts, PlanViewer viewer, ConsentVerdicts verdicts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(verdicts);
        var self = facts.Members.Any(m => m.Bsn == viewer.OwnBsn) ? viewer.OwnBsn : null;
        // The viewer's own statements: a referrer's referrals, or for a client the referrals about them.
        var own = facts.Referrals
            .Where(r => (viewer.ReferrerAgb is not null && r.ReferrerAgb == viewer.ReferrerAgb) || (self is not null && r.SubjectBsn == self))
            .Select(r => r.Id).ToHashSet();
        var ownClients = facts.Referrals.Where(r => own.Contains(r.Id) && r.SubjectBsn != self).Select(r => r.SubjectBsn).ToHashSet(StringComparer.Ordinal);
        var routes = facts.Routes.ToDictionary(r => r.ReferralId);

        SubjectAccess? AccessOf(string bsn) => facts.MemberIds.TryGetValue(bsn, out var asked) ? verdicts.For(asked) : null;
        bool Allowed(string bsn) => AccessOf(bsn) is { } access && access.Basis != AccessBasis.None;
        var shownMembers = facts.Members.Select(m => m.Bsn)
            .Where(bsn => bsn == self || ownClients.Contains(bsn) || Allowed(bsn))
            .ToHashSet(StringComparer.Ordinal);

        // Oldest first, as the statements give their birth dates; a withheld member keeps their place without showing it.
        var members = new List<(DateOnly BirthDate, MemberView View)>();
        foreach (var bsn in facts.Members.Select(m => m.Bsn).Distinct(StringComparer.Ordinal))
        {
            var birthDate = Latest(facts.Members.Where(m => m.Bsn == bsn))!.BirthDate;
            Guid? memberId = facts.MemberIds.TryGetValue(bsn, out var id) ? id : null;
            var access = AccessOf(bsn);
            var allowed = Allowed(bsn);
            if (shownMembers.Contains(bsn))
            {
                // Consent (or the client themselves) shows every referral about them; treatment alone, the viewer's own.
                var shown = facts.Referrals.Where(r => r.SubjectBsn == bsn && (bsn == self || allowed || own.Contains(r.Id))).ToList();
                var visible = own.Concat(shown.Select(r => r.Id)).ToHashSet();
                var stated = Latest(facts.Members.Where(m => m.Bsn == bsn && visible.Contains(m.ReferralId)))
                    ?? Latest(facts.Members.Where(m => m.Bsn == bsn))!;
                var relations = facts.Relations
                    .Where(r => r.SubjectBsn == bsn && visible.Contains(r.ReferralId))
                    .GroupBy(r => r.MemberBsn, StringComparer.Ordinal)
                    .Select(g => g.MaxBy(r => r.StatedAt)!)
                    .Select(r => own.Contains(r.ReferralId) || shownMembers.Contains(r.MemberBsn)
                        ? new RelationView(facts.MemberIds.TryGetValue(r.MemberBsn, out var rid) ? rid : null, r.MemberBsn, r.Relation, r.Custody)
                        : new RelationView(facts.MemberIds.TryGetValue(r.MemberBsn, out var hid) ? hid : null, null, r.Relation, null))
                    .ToList();
                members.Add((birthDate, new MemberView(
                    memberId, stated.Name, allowed ? ConsentOf(access!.Basis) : MemberConsent.NotRequired, Relation: null, RelationOf: null,
                    bsn, stated.BirthDate, IsClient: bsn == self || ownClients.Contains(bsn) || shown.Count > 0, relations,
                    shown.Select(r => new ReferralView(r.Id, r.Domain, r.Status, r.Reason, r.ReferrerAgb, r.ReferrerName, r.SuspectedDsmCode,
                        r.SuspectedDsmDescription, r.SubmittedAt, routes.TryGetValue(r.Id, out var route) ? View(route) : null)).ToList())));
                continue;
            }

            var statedByOwn = Latest(facts.Members.Where(m => m.Bsn == bsn && own.Contains(m.ReferralId)));
            if (statedByOwn is null)
            {
                continue;
            }

            // A relative the viewer's own referral named: name and relation, nothing of their care.
            var relation = facts.Relations.Where(r => r.MemberBsn == bsn && own.Contains(r.ReferralId)).MaxBy(r => r.StatedAt);
            members.Add((birthDate, new MemberView(
                memberId, statedByOwn.Name, verdicts.Answered ? MemberConsent.NotGiven : MemberConsent.Unavailable,
                relation?.Relation, relation is not null && facts.MemberIds.TryGetValue(relation.SubjectBsn, out var of) ? of : null,
                Bsn: null, BirthDate: null, IsClient: null, [], [])));
        }

        if (members.Count == 0)
        {
            return null;
        }

        return new FamilyPlanView(facts.FamilyId, members.OrderBy(m => m.BirthDate).ThenBy(m => m.View.MemberId).Select(m => m.View).ToList());
    }

    private static string ConsentOf(string basis) => basis switch
    {
        AccessBasis.Consent => MemberConsent.Given,
        AccessBasis.EmergencyAccess => MemberConsent.EmergencyAccess,
        AccessBasis.ChildProtectionMeasure => MemberConsent.ChildProtectionMeasure,
        _ => MemberConsent.NotGiven,
    };

    private static FamilyFacts.StatedMember? Latest(IEnumerable<FamilyFacts.StatedMember> statements) => statements.MaxBy(m => m.StatedAt);

    private static FundingRouteView View(FamilyFacts.Route r) => new(
        r.Law, r.FinancierType, r.FinancierCode, r.ProductCategory, r.RuleId, r.RuleText,
        JsonSerializer.Deserialize<List<string>>(r.PaperworkJson) ?? [], r.DeductibleApplies, r.DecidedAt);
}

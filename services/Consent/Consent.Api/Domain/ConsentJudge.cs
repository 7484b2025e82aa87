using Consent.Api.Data;
using Consent.Contracts;
using Coordination.ServiceDefaults;

namespace Consent.Api.Domain;

public sealed record PersonRef(Guid MemberId, string? Name);

public sealed record DeclarationView(Guid MemberId, string? Name, string Capacity, DateTimeOffset DeclaredAt, bool Counts);

/// <summary>A declaration the rule still needs: from the subject, or from any one of the custodial parents.</summary>
public sealed record MissingView(string Capacity, IReadOnlyList<PersonRef> AnyOf);

public sealed record PurposeView(string Code, PlainText Explanation);

public sealed record RecipientView(string Kind, string Id);

public sealed record PeriodView(DateOnly From, DateOnly? Until);

public sealed record RuleView(string Id, string Text);

public sealed record WithdrawalView(DateTimeOffset At, Guid By, string? Reason);

/// <summary>A consent decision as its readers see it, judged on today's Amsterdam date.</summary>
public sealed record ConsentView(
    Guid Id, PersonRef Subject, PurposeView Purpose, RecipientView Recipient, PeriodView Period, string State,
    IReadOnlyList<MissingView> Missing, IReadOnlyList<DeclarationView> Declarations, RuleView Rule,
    IReadOnlyList<BirthdayWarning> Warnings, WithdrawalView? Withdrawal);

/// <summary>
/// Judges stored decisions on the day they are read: the age rule of that day, custody as the
/// household statements show it now, the period and any withdrawal. Answers the consent checks
/// other services ask at the moment they read.
/// </summary>
public sealed class ConsentJudge(Household household, ConsentStore store, TimeProvider time)
{
    /// <summary>Today in Amsterdam.</summary>
    public DateOnly Today => AmsterdamTime.Today(time);

    /// <summary>The decision as it stands today.</summary>
    public async Task<ConsentView> ViewAsync(StoredConsent stored, KnownMember subject, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(subject);
        var (consent, declarations) = (stored.Consent, stored.Declarations);
        var parents = await household.ParentsOfAsync(subject.MemberId, ct);
        var judgement = Judge(stored, subject, parents);

        var names = new Dictionary<Guid, string?> { [subject.MemberId] = subject.Name };
        foreach (var id in declarations.Select(d => d.MemberId).Concat(parents.Parents.Keys).Distinct().Where(id => !names.ContainsKey(id)))
        {
            names[id] = (await household.FindAsync(id, ct))?.Name;
        }

        var missing = judgement.Missing.Select(kind => kind == DeclarantKind.Subject
            ? new MissingView(Capacities.Subject, [new PersonRef(subject.MemberId, subject.Name)])
            : new MissingView(Capacities.Parent, parents.Custodial.Select(p => new PersonRef(p, names[p])).ToList())).ToList();
        var purpose = Purposes.Find(consent.Purpose)!;
        var warning = judgement.State is ConsentStates.Active or ConsentStates.Awaiting or ConsentStates.Scheduled
            ? ConsentEvaluation.UpcomingBirthday(subject.BirthDate, Today) : null;
        return new ConsentView(
            consent.Id,
            new PersonRef(subject.MemberId, subject.Name),
            new PurposeView(purpose.Code, purpose.Explanation),
            new RecipientView(consent.RecipientKind, consent.RecipientId),
            new PeriodView(consent.ValidFrom, consent.ValidUntil),
            judgement.State,
            missing,
            declarations.Select(d => new DeclarationView(d.MemberId, names.GetValueOrDefault(d.MemberId), d.Capacity,
                new DateTimeOffset(d.DeclaredAt), judgement.Counting.Contains(d.MemberId))).ToList(),
            new RuleView(judgement.RuleId, judgement.Rule),
            warning is null ? [] : [warning],
            consent.WithdrawnAt is { } at ? new WithdrawalView(new DateTimeOffset(at), consent.WithdrawnBy!.Value, consent.WithdrawnReason) : null);
    }

    /// <summary>
    /// May <paramref name="viewer"/> see <paramref name="subjectId"/>'s data now, for one of
    /// <paramref name="purposes"/>? In order: an active consent naming the viewer, the viewer's
    /// parental authority over a child under 12, a child-protection measure of the viewer's institution, the viewer's running emergency access
    /// (the last resort, so an emergency read is one without consent).
    /// </summary>
    public async Task<SubjectAccess> CheckAsync(Guid familyId, ConsentViewer viewer, Guid subjectId, IReadOnlyCollection<string> purposes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        ArgumentNullException.ThrowIfNull(purposes);
        var subject = await household.FindAsync(subjectId, ct);
        if (subject is null)
        {
            return None(subjectId, ConsentRules.NoConsentRuleId, "No consent of this client names you.");
        }

        // Whatever the answer, a coming 12th or 16th birthday goes with it: the plan shows it as a task.
        var access = await DecideAsync(familyId, viewer, subject, purposes, ct);
        return ConsentEvaluation.UpcomingBirthday(subject.BirthDate, Today) is { } birthday
            ? access with { Birthday = new ConsentBirthday(birthday.Kind, birthday.On, birthday.Text.Nl, birthday.Text.En) }
            : access;
    }

    private async Task<SubjectAccess> DecideAsync(Guid familyId, ConsentViewer viewer, KnownMember subject, IReadOnlyCollection<string> purposes, CancellationToken ct)
    {
        var subjectId = subject.MemberId;

        var refusal = None(subjectId, ConsentRules.NoConsentRuleId, "No consent of this client names you.");
        var candidates = subject.FamilyId != familyId ? [] : (await store.ForSubjectAsync(subjectId, openOnly: true, ct))
            .Where(c => purposes.Contains(c.Consent.Purpose) && Names(c.Consent, viewer, familyId))
            .ToList();
        if (candidates.Count > 0)
        {
            var parents = await household.ParentsOfAsync(subjectId, ct);
            foreach (var candidate in candidates)
            {
                var judgement = Judge(candidate, subject, parents);
                if (judgement.State == ConsentStates.Active)
                {
                    return new SubjectAccess(subjectId, AccessBasis.Consent, candidate.Consent.Id, judgement.RuleId, judgement.Rule);
                }

                refusal = None(subjectId, judgement.RuleId, $"The consent that names you is {judgement.State}"
                    + (judgement.Missing.Count > 0 ? $": the {string.Join(" and ", judgement.Missing.Select(Capacities.Of))}'s declaration is missing. " : ". ")
                    + judgement.Rule);
            }
        }

        // A custodial parent of a child under 12, reading as a client of the same family.
        if (viewer.Role == Coordination.ServiceDefaults.Auth.Roles.Client && viewer.MemberId is { } self && subject.FamilyId == familyId)
        {
            var parents = await household.ParentsOfAsync(subjectId, ct);
            if (parents.IsParent(self) && ConsentRules.ParentSees(parents.Of(self), subject.BirthDate, Today) is { Allowed: true } authority)
            {
                return new SubjectAccess(subjectId, AccessBasis.ParentalAuthority, null, authority.RuleId, authority.Rule);
            }
        }

        // A measure is for a minor (youth probation may run on under adolescent criminal law).
        if (viewer.Role == Coordination.ServiceDefaults.Auth.Roles.YouthProtection && viewer.Organisation is { } institution
            && await store.ActiveMeasureAsync(subjectId, institution, Today, ct) is { } measure
            && (measure.Measure == "jeugdreclassering" || AmsterdamTime.AgeOn(subject.BirthDate, Today) < 18))
        {
            return new SubjectAccess(subjectId, AccessBasis.ChildProtectionMeasure, measure.Id, ConsentRules.MeasureRuleId,
                $"A child-protection measure ({measure.Measure}, decision {measure.Decision}) of this certified institution: no consent is needed to carry it out (Jeugdwet chapter 3; Civil Code book 1, title 14).");
        }

        var emergency = await store.ActiveEmergencyAccessAsync(subjectId, viewer.UserId, time.GetUtcNow().UtcDateTime, ct);
        if (emergency is not null)
        {
            return new SubjectAccess(subjectId, AccessBasis.EmergencyAccess, emergency.Id, ConsentRules.EmergencyRuleId,
                $"Emergency access until {emergency.EndsAt:yyyy-MM-ddTHH:mm:ssZ}, for the stated reason: {emergency.Reason}");
        }

        return refusal;
    }

    private static SubjectAccess None(Guid subjectId, string ruleId, string rule) => new(subjectId, AccessBasis.None, null, ruleId, rule);

    /// <summary>Whether a decision's recipient is this viewer.</summary>
    public static bool Names(ConsentRow consent, ConsentViewer viewer, Guid familyId)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(viewer);
        return consent.RecipientKind switch
        {
            RecipientKinds.CareTeam => viewer.OnCareTeam && consent.RecipientId == familyId.ToString("D"),
            RecipientKinds.Organisation => viewer.Organisation is not null && consent.RecipientId == viewer.Organisation,
            RecipientKinds.Professional => viewer.Agb is not null && consent.RecipientId == viewer.Agb,
            RecipientKinds.FamilyMember => viewer.MemberId is { } member && consent.RecipientId == member.ToString("D"),
            _ => false,
        };
    }

    private Judgement Judge(StoredConsent stored, KnownMember subject, Parenthood parents) =>
        ConsentEvaluation.Judge(
            stored.Consent.WithdrawnAt is not null, stored.Consent.ValidFrom, stored.Consent.ValidUntil, subject.BirthDate,
            stored.Declarations.Select(d => d.ToDeclaration()), parents.Of, Today);
}

using Consent.Api.Data;
using Consent.Api.Domain;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Consent.Api.Endpoints;

/// <summary>Consent decisions: declaring one (by the right person for the client's age), reading, listing and withdrawing them.</summary>
public static partial class ConsentEndpoints
{
    private static async Task<Results<Created<ConsentView>, Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> DeclareAsync(
        DeclareRequest request, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Refusal.Forbidden("Only a client, or a parent for their child, declares consent.").ToProblem();
        }

        var today = judge.Today;
        var (valid, errors) = ConsentValidator.Validate(request, today);
        if (valid is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The consent is invalid.");
        }

        // Who declares, in what capacity: the rules decide; someone unknown or unrelated is refused alike.
        var caller = await household.FindByBsnAsync(user.Claim(ClaimNames.Bsn), ct);
        var subject = await household.FindAsync(valid.Subject, ct);
        var parents = subject is null ? null : await household.ParentsOfAsync(subject.MemberId, ct);
        // A refusal about a real person is logged against them: they may see who tried.
        var refused = access.Denied(user, AuditAction.Create, "consent", "Consent", objectId: null, subject?.Bsn);
        if (caller is null || subject is null)
        {
            await access.WriteAsync(refused, ct);
            return ConsentRules.NotADeclarant.ToProblem();
        }

        if (ConsentRules.MayDeclareFor(caller.MemberId, subject.MemberId, parents!.IsParent(caller.MemberId)) is { } notDeclarant)
        {
            await access.WriteAsync(refused, ct);
            return notDeclarant.ToProblem();
        }

        var capacity = caller.MemberId == subject.MemberId ? DeclarantKind.Subject : DeclarantKind.Parent;
        if (ConsentRules.MayDeclare(capacity, parents!.Of(caller.MemberId), subject.BirthDate, today).AsRefusal() is { } notAllowed)
        {
            await access.WriteAsync(refused, ct);
            return notAllowed.ToProblem();
        }

        if (await RecipientRefusalAsync(valid, subject, household, ct) is { } recipientRefusal)
        {
            await access.WriteAsync(refused, ct);
            return recipientRefusal.ToProblem();
        }

        var entry = access.Allowed(user, AuditAction.Create, "consent", "Consent", objectId: null);
        var (outcome, consentId) = await store.DeclareAsync(new NewDeclaration(
            subject, caller.MemberId, capacity, valid.Purpose.Code, valid.RecipientKind, valid.RecipientId, valid.From, valid.Until, valid.PeriodGiven, today), entry, ct);
        if (outcome == DeclareOutcome.BeginsInPast)
        {
            return JsonBody.Invalid("period.from", "A new consent cannot begin in the past.");
        }

        if (outcome == DeclareOutcome.PeriodDiffers)
        {
            await access.WriteAsync(refused with { ObjectId = consentId.ToString() }, ct);
            return ConsentRules.PeriodDiffers(consentId).ToProblem();
        }

        var view = await judge.ViewAsync((await store.FindAsync(consentId, ct))!, subject, ct);
        return outcome == DeclareOutcome.Created ? TypedResults.Created($"/api/consents/{consentId}", view) : TypedResults.Ok(view);
    }

    private static async Task<Results<Ok<ConsentView>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        var stored = await store.FindAsync(id, ct);
        var subject = stored is null ? null : await household.FindAsync(stored.Consent.SubjectMemberId, ct);
        var allowed = subject is not null && (await MaySeeAllAsync(user, subject, household, judge, ct) || await IsNamedAsync(user, stored!.Consent, household, ct));
        await access.WriteAsync(access.Of(user, AuditAction.Read, allowed, "consent", "Consent", id.ToString(), subject?.Bsn), ct);
        return allowed ? TypedResults.Ok(await judge.ViewAsync(stored!, subject!, ct)) : Refusal.NotFound("No such consent.").ToProblem();
    }

    private static async Task<Results<Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        Guid id, WithdrawRequest? request, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        if (request?.Reason is { Length: > 1000 })
        {
            return JsonBody.Invalid("reason", "At most 1000 characters.");
        }

        var stored = await store.FindAsync(id, ct);
        var subject = stored is null ? null : await household.FindAsync(stored.Consent.SubjectMemberId, ct);
        var caller = user.Role() == Roles.Client ? await household.FindByBsnAsync(user.Claim(ClaimNames.Bsn), ct) : null;
        var parents = subject is null ? null : await household.ParentsOfAsync(subject.MemberId, ct);
        // Only the client and their stated parents learn that the decision exists.
        if (stored is null || subject is null || caller is null || (caller.MemberId != subject.MemberId && !parents!.IsParent(caller.MemberId)))
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "consent", "Consent", id.ToString(), subject?.Bsn), ct);
            return Refusal.NotFound("No such consent.").ToProblem();
        }

        var capacity = caller.MemberId == subject.MemberId ? DeclarantKind.Subject : DeclarantKind.Parent;
        if (ConsentRules.MayWithdraw(capacity, parents!.Of(caller.MemberId), subject.BirthDate, judge.Today).AsRefusal() is { } notAllowed)
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "consent", "Consent", id.ToString(), subject.Bsn), ct);
            return notAllowed.ToProblem();
        }

        var entry = access.Allowed(user, AuditAction.Update, "consent", "Consent", id.ToString(), subject.Bsn);
        // A consent that has already ended stays as it is: withdrawing it again changes nothing.
        await store.WithdrawAsync(stored.Consent, caller.MemberId, request?.Reason?.Trim(), entry, ct);
        return TypedResults.Ok(await judge.ViewAsync((await store.FindAsync(id, ct))!, subject, ct));
    }

    private static async Task<Results<Ok<IReadOnlyList<ConsentView>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        Guid? subject, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        if (subject is null || subject == Guid.Empty)
        {
            return JsonBody.Invalid("subject", "Name the family member by their member id: ?subject=<member id>.");
        }

        var member = await household.FindAsync(subject.Value, ct);
        var all = member is not null && await MaySeeAllAsync(user, member, household, judge, ct);
        var stored = member is null ? [] : await store.ForSubjectAsync(member.MemberId, openOnly: false, ct);
        var visible = new List<StoredConsent>();
        foreach (var consent in stored)
        {
            if (all || await IsNamedAsync(user, consent.Consent, household, ct))
            {
                visible.Add(consent);
            }
        }

        // Another client's decisions do not exist for a client; a professional sees those naming them, possibly none.
        if (!all && user.Role() == Roles.Client)
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Read, "consent", "Consent", subject.Value.ToString(), member?.Bsn), ct);
            return Refusal.NotFound("No such family member.").ToProblem();
        }

        await access.WriteAsync(access.Allowed(user, AuditAction.Read, "consent", "Consent", subject.Value.ToString(), visible.Count > 0 ? member?.Bsn : null), ct);
        var views = new List<ConsentView>();
        foreach (var consent in visible)
        {
            views.Add(await judge.ViewAsync(consent, member!, ct));
        }

        return TypedResults.Ok<IReadOnlyList<ConsentView>>(views);
    }

    private static async Task<Results<Ok<IReadOnlyList<DeclarableSubject>>, ProblemHttpResult>> SubjectsAsync(
        HttpContext http, Household household, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Refusal.Forbidden("Only a client declares consent.").ToProblem();
        }

        var me = await household.FindByBsnAsync(user.Claim(ClaimNames.Bsn), ct);
        if (me is null)
        {
            return TypedResults.Ok<IReadOnlyList<DeclarableSubject>>([]);
        }

        var today = judge.Today;
        var result = new List<DeclarableSubject>();
        var shown = new List<AuditEntry>();
        foreach (var (member, capacity) in (await household.ChildrenOfAsync(me.MemberId, ct)).Select(c => (c, DeclarantKind.Parent)).Prepend((me, DeclarantKind.Subject)))
        {
            var custody = capacity == DeclarantKind.Subject ? Custody.NotCustodial : (await household.ParentsOfAsync(member.MemberId, ct)).Of(me.MemberId);
            var rule = ConsentRules.MayDeclare(capacity, custody, member.BirthDate, today);
            if (rule.Allowed)
            {
                result.Add(new DeclarableSubject(member.MemberId, member.Name, member.FamilyId, Capacities.Of(capacity), new RuleView(rule.RuleId, rule.Rule)));
                shown.Add(access.Allowed(user, AuditAction.Read, "consent", "HouseholdMember", member.MemberId.ToString(), member.Bsn));
            }
        }

        // A parent listing their child reads the child's name and member id: logged against the child.
        await access.WriteAsync(shown, ct);
        return TypedResults.Ok<IReadOnlyList<DeclarableSubject>>(result);
    }

    /// <summary>Whether the consent may name its recipient (<see cref="ConsentRules.MayName"/>), looking up a named family member.</summary>
    private static async Task<Refusal?> RecipientRefusalAsync(ValidDeclaration valid, KnownMember subject, Household household, CancellationToken ct)
    {
        var recipient = valid.RecipientKind == RecipientKinds.FamilyMember ? await household.FindAsync(Guid.Parse(valid.RecipientId), ct) : null;
        return ConsentRules.MayName(valid.RecipientKind, valid.RecipientId, subject.FamilyId, subject.MemberId, recipient?.FamilyId);
    }
}

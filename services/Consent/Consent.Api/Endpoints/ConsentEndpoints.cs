using System.Security.Claims;
using Consent.Api.Data;
using Consent.Api.Domain;
using Consent.Contracts;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.Messaging.AccessLog;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Consent.Api.Endpoints;

/// <summary>A member the caller may declare for, with what the rule asks today.</summary>
public sealed record DeclarableSubject(Guid MemberId, string? Name, Guid FamilyId, string Capacity, RuleView Rule);

/// <summary>Who accessed the data: their id, name, role, and on whose behalf (for a professional: their organisation or the GP).</summary>
public sealed record AccessorView(string Id, string? Name, string Role, string? OnBehalfOf);

/// <summary>The checks an access passed or failed, as the service that made it recorded them.</summary>
public sealed record AccessChecksView(string Authorisation, string TreatmentRelationship, string Consent, string EmergencyAccess);

/// <summary>One access to the client's data, as the client reads it.</summary>
public sealed record AccessView(
    DateTimeOffset At, string Service, AccessorView Who, string Action, string Outcome, string Purpose, string ObjectType, string? ObjectId,
    AccessChecksView Checks, bool EmergencyAccess);

/// <summary>A page of the client's access log, newest first; <c>complete</c> is false when a service did not answer (named in <c>unavailable</c>).</summary>
public sealed record AccessLogView(IReadOnlyList<AccessView> Entries, string? NextCursor, bool Complete, IReadOnlyList<string> Unavailable);

/// <summary>An emergency access as recorded.</summary>
public sealed record EmergencyAccessView(Guid Id, Guid Subject, string Reason, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>A child-protection measure as recorded.</summary>
public sealed record MeasureView(Guid Id, Guid Subject, string Measure, string Decision, string Organisation, DateOnly From, DateOnly Until);

public static class ConsentEndpoints
{
    /// <summary>The roles that may break the glass: professionals who treat.</summary>
    public static readonly IReadOnlyList<string> EmergencyRoles = [Roles.Gp, Roles.Poh, Roles.Clinician, Roles.FamilyTherapist];

    public static IEndpointRouteBuilder MapConsentEndpoints(this IEndpointRouteBuilder app)
    {
        var consents = app.MapGroup("/api/consents").WithTags("Consents");
        consents.MapPost("/", DeclareAsync)
            .WithName("DeclareConsent")
            .WithSummary("A client, or a parent with custody, declares consent for one purpose and recipient.")
            .WithDescription("Under 12 one custodial parent declares; from 12 to 15 the child and a custodial parent both; from 16 the client alone. "
                + "A second declarant's declaration joins the open decision on the same subject, purpose and recipient (200); a new decision answers 201. "
                + "The answer says whether the decision is active or awaiting, and whose declaration is missing.")
            .Accepts<DeclareRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        consents.MapGet("/{id:guid}", GetAsync)
            .WithName("GetConsent")
            .WithSummary("One consent decision, judged on today's date.")
            .WithDescription("The client, a custodial parent of a child under 16, or a professional the decision names; to anyone else it does not exist (404).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapPost("/{id:guid}/withdraw", WithdrawAsync)
            .WithName("WithdrawConsent")
            .WithSummary("Withdraws a consent at once.")
            .WithDescription("Anyone whose declaration the rule requires today may withdraw, whether or not they declared; "
                + "a parent of a young person of 16 or over may not (422). Every service's next read obeys it. "
                + "Withdrawing a consent that has already ended changes nothing and answers its state.")
            .Accepts<WithdrawRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        consents.MapGet("/", ListAsync)
            .WithName("ListConsents")
            .WithSummary("The consent decisions about one family member, named by member id (never a BSN).")
            .WithDescription("A client sees their own, a custodial parent those of their child under 16, a professional those that name them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapGet("/access-log", AccessLogAsync)
            .WithName("GetAccessLog")
            .WithSummary("For a client: who accessed their data, in every service, newest first, a page at a time.")
            .WithDescription("Each entry says when (to the second), who (id, name, role, on whose behalf), what (action, object), why (purpose) "
                + "and the checks (authorisation, treatment relationship, consent, emergency access); an emergency access is flagged. "
                + "A custodial parent reads the log of their child under 16. Another client's log does not exist (404). "
                + "When a service does not answer, the page says so (complete: false) instead of leaving its entries out silently. "
                + "Reading the log is itself logged.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapGet("/subjects", SubjectsAsync)
            .WithName("ListDeclarableSubjects")
            .WithSummary("For a client: the family members they may declare for (themselves, their children), with their member ids.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        consents.MapPost("/emergency-access", EmergencyAccessAsync)
            .WithName("StartEmergencyAccess")
            .WithSummary("A treating professional reads a client's data without consent, stating why; for at most 72 hours.")
            .WithDescription("Flagged in the client's access log and shown to the client.")
            .Accepts<EmergencyAccessRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithIdempotencyKey();
        consents.MapGet("/emergency-access/{id:guid}", GetEmergencyAccessAsync)
            .WithName("GetEmergencyAccess")
            .WithSummary("One emergency access: for the professional who started it, and for the client (or a custodial parent of a child under 16).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapGet("/child-protection-measures/{id:guid}", GetMeasureAsync)
            .WithName("GetChildProtectionMeasure")
            .WithSummary("One child-protection measure: for its certified institution, and for the child (or a custodial parent of a child under 16).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapPost("/child-protection-measures", RecordMeasureAsync)
            .WithName("RecordChildProtectionMeasure")
            .WithSummary("A youth-protection worker records a child-protection measure: their institution may then read the child's data without consent.")
            .Accepts<MeasureRequest>("application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        return app;
    }

    private static async Task<Results<Created<ConsentView>, Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> DeclareAsync(
        HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, RequestLimits limits, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a client, or a parent for their child, declares consent.");
        }

        var (request, problem) = await JsonBody.ReadAsync<DeclareRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var today = judge.Today;
        var (valid, errors) = ConsentValidator.Validate(request!, today);
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
        if (caller is null || subject is null || (caller.MemberId != subject.MemberId && !parents!.IsParent(caller.MemberId)))
        {
            await access.WriteAsync(refused, ct);
            return Refused("not-a-declarant", "You may declare only for yourself or for your own child.");
        }

        var capacity = caller.MemberId == subject.MemberId ? DeclarantKind.Subject : DeclarantKind.Parent;
        var rule = ConsentRules.MayDeclare(capacity, parents!.Of(caller.MemberId), subject.BirthDate, today);
        if (!rule.Allowed)
        {
            await access.WriteAsync(refused, ct);
            return Refused(rule.RuleId, rule.Rule);
        }

        var recipientProblem = await RecipientProblemAsync(valid, subject, household, ct);
        if (recipientProblem is not null)
        {
            await access.WriteAsync(refused, ct);
            return recipientProblem;
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
            return Refused("period-differs", $"The open consent {consentId} for this purpose and recipient has another period: leave the period out to join it, or withdraw it first.");
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
        return allowed ? TypedResults.Ok(await judge.ViewAsync(stored!, subject!, ct)) : Problem(StatusCodes.Status404NotFound, "No such consent.");
    }

    private static async Task<Results<Ok<ConsentView>, ValidationProblem, ProblemHttpResult>> WithdrawAsync(
        Guid id, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, RequestLimits limits, CancellationToken ct)
    {
        var user = http.User;
        WithdrawRequest? request = null;
        if (http.Request.ContentLength is > 0 || http.Request.HasJsonContentType())
        {
            (request, var problem) = await JsonBody.ReadAsync<WithdrawRequest>(http.Request, limits.MaxBodyBytes, ct);
            if (problem is not null)
            {
                return problem;
            }

            if (request!.Reason is { Length: > 1000 })
            {
                return JsonBody.Invalid("reason", "At most 1000 characters.");
            }
        }

        var stored = await store.FindAsync(id, ct);
        var subject = stored is null ? null : await household.FindAsync(stored.Consent.SubjectMemberId, ct);
        var caller = user.Role() == Roles.Client ? await household.FindByBsnAsync(user.Claim(ClaimNames.Bsn), ct) : null;
        var parents = subject is null ? null : await household.ParentsOfAsync(subject.MemberId, ct);
        // Only the client and their stated parents learn that the decision exists.
        if (stored is null || subject is null || caller is null || (caller.MemberId != subject.MemberId && !parents!.IsParent(caller.MemberId)))
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "consent", "Consent", id.ToString(), subject?.Bsn), ct);
            return Problem(StatusCodes.Status404NotFound, "No such consent.");
        }

        var capacity = caller.MemberId == subject.MemberId ? DeclarantKind.Subject : DeclarantKind.Parent;
        var rule = ConsentRules.MayWithdraw(capacity, parents!.Of(caller.MemberId), subject.BirthDate, judge.Today);
        if (!rule.Allowed)
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Update, "consent", "Consent", id.ToString(), subject.Bsn), ct);
            return Refused(rule.RuleId, rule.Rule);
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
            return Problem(StatusCodes.Status404NotFound, "No such family member.");
        }

        await access.WriteAsync(access.Allowed(user, AuditAction.Read, "consent", "Consent", subject.Value.ToString(), visible.Count > 0 ? member?.Bsn : null), ct);
        var views = new List<ConsentView>();
        foreach (var consent in visible)
        {
            views.Add(await judge.ViewAsync(consent, member!, ct));
        }

        return TypedResults.Ok<IReadOnlyList<ConsentView>>(views);
    }

    private static async Task<Results<Ok<AccessLogView>, ValidationProblem, ProblemHttpResult>> AccessLogAsync(
        Guid? subject, string? cursor, int? limit, HttpContext http, Household household, AccessLogWriter access, ConsentJudge judge,
        AccessLogGatherer gatherer, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a client reads their access log.");
        }

        if (subject is null || subject == Guid.Empty)
        {
            return JsonBody.Invalid("subject", "Name the family member by their member id: ?subject=<member id>.");
        }

        if (limit is < 1 or > AccessLogGatherer.MaxLimit)
        {
            return JsonBody.Invalid("limit", $"A page holds 1 to {AccessLogGatherer.MaxLimit} entries.");
        }

        var member = await household.FindAsync(subject.Value, ct);
        if (member is null || !await MaySeeAllAsync(user, member, household, judge, ct))
        {
            await access.WriteAsync(access.Denied(user, AuditAction.Read, "access-log", "AccessLog", subject.Value.ToString(), member?.Bsn), ct);
            return Problem(StatusCodes.Status404NotFound, "No such family member.");
        }

        GatheredAccessLog log;
        try
        {
            log = await gatherer.GatherAsync(member.Bsn, cursor, limit ?? 50, ct);
        }
        catch (InvalidAccessLogRequestException ex)
        {
            return ex.ParamName == "cursor"
                ? JsonBody.Invalid("cursor", "This cursor was not given out by this log; start again without it.")
                : JsonBody.Invalid(ex.ParamName ?? "limit", "The request for the access log is invalid.");
        }

        // Reading one's own log is an access like any other.
        await access.WriteAsync(access.Allowed(user, AuditAction.Read, "access-log", "AccessLog", subject.Value.ToString(), member.Bsn), ct);
        return TypedResults.Ok(new AccessLogView(
            log.Entries.Select(line => View(line.Service, line.Entry)).ToList(),
            log.NextCursor, log.IsComplete, log.Unavailable));
    }

    private static AccessView View(string service, AccessLogEntry e) => new(
        e.At, service, new AccessorView(e.UserId, e.UserName, e.UserRole, e.OnBehalfOf), e.Action, e.Outcome, e.Purpose, e.ObjectType, e.ObjectId,
        new AccessChecksView(e.CheckAuthorisation, e.CheckTreatmentRelationship, e.CheckConsent, e.CheckEmergencyAccess),
        EmergencyAccess: e.CheckEmergencyAccess == CheckResult.Passed);

    private static async Task<Results<Ok<IReadOnlyList<DeclarableSubject>>, ProblemHttpResult>> SubjectsAsync(
        HttpContext http, Household household, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a client declares consent.");
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

    private static async Task<Results<Created<EmergencyAccessView>, ValidationProblem, ProblemHttpResult>> EmergencyAccessAsync(
        HttpContext http, Household household, ConsentStore store, AccessLogWriter access, TimeProvider time, RequestLimits limits, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(EmergencyRoles))
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a treating professional may use emergency access.");
        }

        var (request, problem) = await JsonBody.ReadAsync<EmergencyAccessRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        var reason = request!.Reason?.Trim();
        if (request.Subject is null || request.Subject == Guid.Empty)
        {
            return JsonBody.Invalid("subject", "The client's member id is required.");
        }

        if (string.IsNullOrEmpty(reason) || reason.Length is < 10 or > 1000)
        {
            return JsonBody.Invalid("reason", "State why the data is needed now without consent (10 to 1000 characters); the client will read it.");
        }

        if (request.Hours is < 1 or > ConsentValidator.MaxEmergencyHours)
        {
            return JsonBody.Invalid("hours", $"Emergency access lasts 1 to {ConsentValidator.MaxEmergencyHours} hours.");
        }

        var subject = await household.FindAsync(request.Subject.Value, ct);
        if (subject is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such family member.");
        }

        var now = time.GetUtcNow();
        var grant = new EmergencyAccessRow
        {
            Id = Guid.NewGuid(),
            SubjectMemberId = subject.MemberId,
            UserId = user.Id(),
            Reason = reason,
            StartedAt = now.UtcDateTime,
            EndsAt = now.AddHours(request.Hours ?? ConsentValidator.MaxEmergencyHours).UtcDateTime,
        };
        var entry = access.Allowed(user, AuditAction.Execute, "emergency-access", "EmergencyAccess", grant.Id.ToString(), subject.Bsn) with
        {
            CheckEmergencyAccess = CheckResult.Passed,
        };
        await store.RecordEmergencyAccessAsync(grant, user.Claim(ClaimNames.Name), user.Role(), entry, ct);
        return TypedResults.Created($"/api/consents/emergency-access/{grant.Id}",
            new EmergencyAccessView(grant.Id, subject.MemberId, reason, now, new DateTimeOffset(grant.EndsAt)));
    }

    private static async Task<Results<Ok<EmergencyAccessView>, ProblemHttpResult>> GetEmergencyAccessAsync(
        Guid id, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        var grant = await store.FindEmergencyAccessAsync(id, ct);
        var subject = grant is null ? null : await household.FindAsync(grant.SubjectMemberId, ct);
        var allowed = subject is not null && (grant!.UserId == user.Id() || await MaySeeAllAsync(user, subject, household, judge, ct));
        await access.WriteAsync(access.Of(user, AuditAction.Read, allowed, "emergency-access", "EmergencyAccess", id.ToString(), subject?.Bsn), ct);
        return allowed
            ? TypedResults.Ok(new EmergencyAccessView(grant!.Id, grant.SubjectMemberId, grant.Reason, new DateTimeOffset(grant.StartedAt), new DateTimeOffset(grant.EndsAt)))
            : Problem(StatusCodes.Status404NotFound, "No such emergency access.");
    }

    private static async Task<Results<Ok<MeasureView>, ProblemHttpResult>> GetMeasureAsync(
        Guid id, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, ConsentJudge judge, CancellationToken ct)
    {
        var user = http.User;
        var measure = await store.FindMeasureAsync(id, ct);
        var subject = measure is null ? null : await household.FindAsync(measure.SubjectMemberId, ct);
        var ownInstitution = user.Role() == Roles.YouthProtection && user.Claim(ClaimNames.Org) == measure?.OrganisationAgb;
        var allowed = subject is not null && (ownInstitution || await MaySeeAllAsync(user, subject, household, judge, ct));
        await access.WriteAsync(access.Of(user, AuditAction.Read, allowed, "child-protection", "ChildProtectionMeasure", id.ToString(), subject?.Bsn), ct);
        return allowed
            ? TypedResults.Ok(new MeasureView(measure!.Id, measure.SubjectMemberId, measure.Measure, measure.Decision, measure.OrganisationAgb, measure.ValidFrom, measure.ValidUntil!.Value))
            : Problem(StatusCodes.Status404NotFound, "No such child-protection measure.");
    }

    private static async Task<Results<Created<MeasureView>, ValidationProblem, ProblemHttpResult>> RecordMeasureAsync(
        HttpContext http, Household household, ConsentStore store, AccessLogWriter access, RequestLimits limits, CancellationToken ct)
    {
        var user = http.User;
        var institution = user.Claim(ClaimNames.Org);
        if (user.Role() != Roles.YouthProtection || institution is null)
        {
            return Problem(StatusCodes.Status403Forbidden, "Only a youth-protection worker of a certified institution records a child-protection measure.");
        }

        var (request, problem) = await JsonBody.ReadAsync<MeasureRequest>(http.Request, limits.MaxBodyBytes, ct);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Subject is null || request.Subject == Guid.Empty)
        {
            return JsonBody.Invalid("subject", "The child's member id is required.");
        }

        if (!ConsentValidator.Measures.Contains(request.Measure))
        {
            return JsonBody.Invalid("measure", $"Unknown measure; use one of: {string.Join(", ", ConsentValidator.Measures)}.");
        }

        if (string.IsNullOrWhiteSpace(request.Decision) || request.Decision.Trim().Length > 100)
        {
            return JsonBody.Invalid("decision", "The reference of the court's decision is required (at most 100 characters).");
        }

        if (request.From is not { } from)
        {
            return JsonBody.Invalid("from", "The first day of the measure is required.");
        }

        if (request.Until is not { } until)
        {
            return JsonBody.Invalid("until", "The last day of the measure, as the decision states it, is required.");
        }

        if (until < from)
        {
            return JsonBody.Invalid("until", "The measure ends before it starts.");
        }

        var subject = await household.FindAsync(request.Subject.Value, ct);
        if (subject is null)
        {
            return Problem(StatusCodes.Status404NotFound, "No such family member.");
        }

        if (AmsterdamTime.AgeOn(subject.BirthDate, from) >= 18)
        {
            return Refused("measure-for-a-minor", "A child-protection measure is for a minor; this person is 18 or over on its first day.");
        }

        var measure = new MeasureRow
        {
            Id = Guid.NewGuid(), SubjectMemberId = subject.MemberId, OrganisationAgb = institution, Measure = request.Measure!,
            Decision = request.Decision.Trim(), ValidFrom = from, ValidUntil = until,
        };
        var entry = access.Allowed(user, AuditAction.Create, "child-protection", "ChildProtectionMeasure", measure.Id.ToString(), subject.Bsn);
        await store.RecordMeasureAsync(measure, user.Id(), entry, ct);
        return TypedResults.Created($"/api/consents/child-protection-measures/{measure.Id}",
            new MeasureView(measure.Id, subject.MemberId, measure.Measure, measure.Decision, institution, from, until));
    }

    /// <summary>The client themselves, or a custodial parent of a child under 16, sees every decision about them.</summary>
    private static async Task<bool> MaySeeAllAsync(ClaimsPrincipal user, KnownMember subject, Household household, ConsentJudge judge, CancellationToken ct)
    {
        if (user.Role() != Roles.Client)
        {
            return false;
        }

        var me = await household.FindByBsnAsync(user.Claim(ClaimNames.Bsn), ct);
        if (me is null)
        {
            return false;
        }

        return me.MemberId == subject.MemberId
            || (ConsentRules.BandOn(subject.BirthDate, judge.Today) != AgeBand.From16
                && (await household.ParentsOfAsync(subject.MemberId, ct)).Of(me.MemberId) == Custody.Custodial);
    }

    /// <summary>Whether the decision names the calling professional as its recipient.</summary>
    private static async Task<bool> IsNamedAsync(ClaimsPrincipal user, ConsentRow consent, Household household, CancellationToken ct)
    {
        if (user.Role() == Roles.Client)
        {
            return false;
        }

        var agb = user.Claim(ClaimNames.Agb);
        var viewer = new ConsentViewer(user.Id(), user.Role(), agb, user.Claim(ClaimNames.Org), MemberId: null,
            OnCareTeam: await household.IsOnCareTeamAsync(consent.FamilyId, agb, ct));
        return ConsentJudge.Names(consent, viewer, consent.FamilyId);
    }

    private static async Task<ProblemHttpResult?> RecipientProblemAsync(ValidDeclaration valid, KnownMember subject, Household household, CancellationToken ct)
    {
        if (valid.RecipientKind == RecipientKinds.CareTeam && valid.RecipientId != subject.FamilyId.ToString("D"))
        {
            return Refused("care-team-of-own-family", "A consent names the care team of the subject's own family.");
        }

        if (valid.RecipientKind == RecipientKinds.FamilyMember)
        {
            var recipient = await household.FindAsync(Guid.Parse(valid.RecipientId), ct);
            if (recipient is null || recipient.FamilyId != subject.FamilyId || recipient.MemberId == subject.MemberId)
            {
                return Refused("family-member-of-own-family", "A consent names another person in the subject's own family.");
            }
        }

        return null;
    }

    private static ProblemHttpResult Refused(string ruleId, string rule) => TypedResults.Problem(
        statusCode: StatusCodes.Status422UnprocessableEntity, title: "The consent rules refuse this.", detail: rule,
        extensions: new Dictionary<string, object?> { ["rule"] = ruleId });

    private static ProblemHttpResult Problem(int status, string title, string? detail = null) => TypedResults.Problem(statusCode: status, title: title, detail: detail);
}

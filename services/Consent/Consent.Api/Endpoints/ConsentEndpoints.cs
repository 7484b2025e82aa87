using System.Security.Claims;
using Consent.Api.Data;
using Consent.Api.Domain;
using Consent.Contracts;
using Coordination.Messaging.AccessLog;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;

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

/// <summary>
/// A page of the client's access log, newest first: its <c>items</c>, and the <c>nextCursor</c> to read on with (null
/// on the last page); <c>complete</c> is false when a service did not answer (named in <c>unavailable</c>).
/// </summary>
public sealed record AccessLogView(IReadOnlyList<AccessView> Items, string? NextCursor, bool Complete, IReadOnlyList<string> Unavailable);

/// <summary>An emergency access as recorded.</summary>
public sealed record EmergencyAccessView(Guid Id, Guid Subject, string Reason, DateTimeOffset StartsAt, DateTimeOffset EndsAt);

/// <summary>A child-protection measure as recorded.</summary>
public sealed record MeasureView(Guid Id, Guid Subject, string Measure, string Decision, string Organisation, DateOnly From, DateOnly Until);

/// <summary>
/// The consent service's API under <c>/api/consents</c>: the routes and what the features share are here; a
/// consent's declaration, reading and withdrawal, the client's access log, emergency access and
/// child-protection measures are in files of their own.
/// </summary>
public static partial class ConsentEndpoints
{
    /// <summary>The roles that may break the glass: professionals who treat.</summary>
    public static readonly IReadOnlyList<string> EmergencyRoles = [Roles.Gp, Roles.Poh, Roles.Clinician, Roles.FamilyTherapist];

    /// <summary>The consent routes, on the <c>/api/consents</c> group <see cref="ConsentApi.MapConsentApi"/> made.</summary>
    public static RouteGroupBuilder MapConsents(RouteGroupBuilder consents)
    {
        ArgumentNullException.ThrowIfNull(consents);
        consents.MapPost("/", DeclareAsync)
            .WithName("DeclareConsent")
            .WithSummary("A client, or a parent with custody, declares consent for one purpose and recipient.")
            .WithDescription("Under 12 one custodial parent declares; from 12 to 15 the child and a custodial parent both; from 16 the client alone. "
                + "A second declarant's declaration joins the open decision on the same subject, purpose and recipient (200); a new decision answers 201. "
                + "The answer says whether the decision is active or awaiting, and whose declaration is missing.")
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
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        consents.MapGet("/", ListAsync)
            .WithName("ListConsents")
            .WithSummary("The consent decisions about one family member, named by member id (never a BSN).")
            .WithDescription("A client sees their own, a custodial parent those of their child under 16, a professional those that name them.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        consents.MapGet("/access-log", AccessLogAsync)
            .WithPaging("entries", 50, AccessLogGatherer.MaxLimit)
            .WithName("GetAccessLog")
            .WithSummary("For a client: who accessed their data, in every service, newest first, a page at a time.")
            .WithDescription("Each entry says when (to the second), who (id, name, role, on whose behalf), what (action, object), why (purpose) "
                + "and the checks (authorisation, treatment relationship, consent, emergency access); an emergency access is flagged. "
                + "A custodial parent reads the log of their child under 16. Another client's log does not exist (404). "
                + "When a service does not answer, the page says so (complete: false) instead of leaving its entries out silently. "
                + "The entries are the page's items; paged with limit (1 to 100, 50 when left out) and an opaque cursor: pass nextCursor back as cursor. "
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
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotencyKey();
        return consents;
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
}

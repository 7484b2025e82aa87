using Consent.Api.Data;
using Consent.Api.Domain;
using Coordination.Data.Audit;
using Coordination.Messaging.AccessLog;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Consent.Api.Endpoints;

/// <summary>The client's access log, gathered from every service: who accessed their data, when and why.</summary>
public static partial class ConsentEndpoints
{
    private static async Task<Results<Ok<AccessLogView>, ValidationProblem, ProblemHttpResult>> AccessLogAsync(
        Guid? subject, string? cursor, int? limit, HttpContext http, Household household, AccessLogWriter access, ConsentJudge judge,
        AccessLogGatherer gatherer, CancellationToken ct)
    {
        var user = http.User;
        if (user.Role() != Roles.Client)
        {
            return Refusal.Forbidden("Only a client reads their access log.").ToProblem();
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
            return Refusal.NotFound("No such family member.").ToProblem();
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
}

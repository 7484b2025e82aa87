using Consent.Api.Data;
using Consent.Api.Domain;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Consent.Api.Endpoints;

/// <summary>Emergency access: a treating professional reads a client's data without consent, stating why, for at most 72 hours; and reading it back.</summary>
public static partial class ConsentEndpoints
{
    private static async Task<Results<Created<EmergencyAccessView>, ValidationProblem, ProblemHttpResult>> EmergencyAccessAsync(
        EmergencyAccessRequest request, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, TimeProvider time, CancellationToken ct)
    {
        var user = http.User;
        if (!user.HasRole(EmergencyRoles))
        {
            return Refusal.Forbidden("Only a treating professional may use emergency access.").ToProblem();
        }

        var reason = request.Reason?.Trim();
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
            return Refusal.NotFound("No such family member.").ToProblem();
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
            : Refusal.NotFound("No such emergency access.").ToProblem();
    }
}

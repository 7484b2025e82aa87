using Consent.Api.Data;
using Consent.Api.Domain;
using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Auth;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Consent.Api.Endpoints;

/// <summary>Child-protection measures: a youth-protection worker records one, after which their institution may read the child's data without consent; and reading it back.</summary>
public static partial class ConsentEndpoints
{
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
            : Refusal.NotFound("No such child-protection measure.").ToProblem();
    }

    private static async Task<Results<Created<MeasureView>, ValidationProblem, ProblemHttpResult>> RecordMeasureAsync(
        MeasureRequest request, HttpContext http, Household household, ConsentStore store, AccessLogWriter access, CancellationToken ct)
    {
        var user = http.User;
        var institution = user.Claim(ClaimNames.Org);
        if (user.Role() != Roles.YouthProtection || institution is null)
        {
            return Refusal.Forbidden("Only a youth-protection worker of a certified institution records a child-protection measure.").ToProblem();
        }

        if (request.Subject is null || request.Subject == Guid.Empty)
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
            return Refusal.NotFound("No such family member.").ToProblem();
        }

        if (ConsentRules.MayRecordMeasure(subject.BirthDate, from) is { } notAMinor)
        {
            return notAMinor.ToProblem();
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
}

using Coordination.Data.Audit;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Outcomes;
using Microsoft.AspNetCore.Http.HttpResults;
using Referral.Api.Data;
using Referral.Api.Documents;
using Referral.Api.Domain;

namespace Referral.Api.Endpoints;

/// <summary>
/// The referral letter and the closure summary as PDF documents, with the practice's and the
/// receiver's details, as a GP files them. Read by the referral's parties only; every fetch is logged.
/// </summary>
public static class ReferralDocumentEndpoints
{
    /// <summary>The letter (<c>GET /{id}/letter.pdf</c>) and the closure summary (<c>GET /{id}/summary.pdf</c>) on the <c>/api/referrals</c> group.</summary>
    public static RouteGroupBuilder MapDocuments(RouteGroupBuilder referrals)
    {
        ArgumentNullException.ThrowIfNull(referrals);
        referrals.MapGet("/{id:guid}/letter.pdf", LetterAsync)
            .WithName("GetReferralLetter")
            .WithSummary("The referral letter as a PDF: practice, receiver, patient, reason, suspected disorder's code and urgency.")
            .Produces<Stream>(StatusCodes.Status200OK, ReferralDocuments.ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);
        referrals.MapGet("/{id:guid}/summary.pdf", SummaryAsync)
            .WithName("GetReferralClosureSummary")
            .WithSummary("The closure summary as a PDF, once the referral is closed: dates, waiting times against the Treeknormen, the receiver's summary.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces<Stream>(StatusCodes.Status200OK, ReferralDocuments.ContentType);
        return referrals;
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> LetterAsync(
        Guid id, HttpContext http, ReferralStore store, AccessLogWriter access, ProfessionalDirectory directory, CancellationToken ct)
    {
        var (referral, _) = await ReadAsync(id, http, store, access, "referral-letter", ct);
        if (referral is null)
        {
            return ReferralStepRules.NoSuchReferral.ToProblem();
        }

        var letter = new ReferralLetter(
            referral.Id, referral.RegisteredOn, await PracticeAsync(referral, directory, ct), await ReceiverAsync(referral, directory, ct),
            Patient(referral), referral.Domain, referral.CareLevel, referral.Reason, referral.SuspectedDsmCode, referral.Urgent, referral.UrgentReason);
        return TypedResults.File(ReferralDocuments.Letter(letter), ReferralDocuments.ContentType, $"verwijsbrief-{referral.Id}.pdf");
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> SummaryAsync(
        Guid id, HttpContext http, ReferralStore store, AccessLogWriter access, ProfessionalDirectory directory, CancellationToken ct)
    {
        var (referral, timeline) = await ReadAsync(id, http, store, access, "referral-closure-summary", ct);
        if (referral is null)
        {
            return ReferralStepRules.NoSuchReferral.ToProblem();
        }

        var closure = timeline.LastOrDefault(e => e.Step == ReferralLifecycle.Close.Name);
        if (referral.Status != ReferralStatuses.Closed || closure is null || await ReceiverAsync(referral, directory, ct) is not { } receiver)
        {
            return Refusal.NotFound("The referral is not closed: there is no closure summary yet.").ToProblem();
        }

        var summary = new ClosureSummaryDocument(
            referral.Id, await PracticeAsync(referral, directory, ct), receiver, Patient(referral), referral.RegisteredOn, referral.IntakeOn,
            referral.TreatmentStartedOn, Coordination.ServiceDefaults.AmsterdamTime.DateOf(new DateTimeOffset(closure.OccurredAt, TimeSpan.Zero)),
            new ClosedBy(closure.ActorName, closure.ActorRole), referral.ClosureSummary ?? string.Empty);
        return TypedResults.File(ReferralDocuments.ClosureSummary(summary), ReferralDocuments.ContentType, $"afsluitbericht-{referral.Id}.pdf");
    }

    /// <summary>The referral and its timeline when the caller is one of its parties; null otherwise. The fetch is logged either way.</summary>
    private static async Task<(ReferralRow? Referral, IReadOnlyList<TimelineEntry> Timeline)> ReadAsync(
        Guid id, HttpContext http, ReferralStore store, AccessLogWriter access, string purpose, CancellationToken ct)
    {
        var referral = await store.FindAsync(id, ct);
        var standing = referral is null ? new ReferralStanding(false, false) : ReferralAccess.Of(ReferralLifecycleEndpoints.ViewerOf(http), referral.Parties);
        await access.WriteAsync(access.Of(http.User, AuditAction.Read, standing.Sees, purpose, "ReferralDocument", id.ToString(), referral?.SubjectBsn) with
        {
            CheckTreatmentRelationship = standing.Sees ? CheckResult.Passed : CheckResult.Failed,
        }, ct);
        return standing.Sees ? (referral, await store.TimelineAsync(id, ct)) : (null, []);
    }

    private static async Task<PracticeDetails> PracticeAsync(ReferralRow referral, ProfessionalDirectory directory, CancellationToken ct)
    {
        var entry = await directory.FindAsync(referral.ReferrerAgb, ct);
        return new PracticeDetails(referral.ReferrerAgb, referral.ReferrerName ?? entry?.Name ?? $"AGB {referral.ReferrerAgb}", referral.AuthorRole,
            Address: entry?.City, Phone: entry?.Phone, Email: entry?.Email);
    }

    private static async Task<ReceiverDetails?> ReceiverAsync(ReferralRow referral, ProfessionalDirectory directory, CancellationToken ct)
    {
        if (referral.ReceiverAgb is not { } agb)
        {
            return null;
        }

        var entry = await directory.FindAsync(agb, ct);
        return new ReceiverDetails(agb, referral.ReceiverName ?? entry?.Name ?? $"AGB {agb}", entry?.City, entry?.Phone, entry?.Email);
    }

    private static PatientDetails Patient(ReferralRow referral) =>
        new(referral.SubjectName, referral.SubjectBsn, referral.SubjectBirthDate, referral.MunicipalityCode, referral.Uzovi);
}

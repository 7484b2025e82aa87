using Hl7.Fhir.Model;

namespace FhirEdge.Api.Domain;

/// <summary>
/// A referral as FHIR gives it back: the ServiceRequest, and the Task whose status is the closed
/// loop (docs/fhir.md). Both carry the referral's id; the people and organisations are named by
/// identifier (BSN, AGB), not by a resource of the edge's own.
/// </summary>
public static class ReferralResources
{
    /// <summary>The platform's own status, as the Task's business status.</summary>
    public const string StatusSystem = "urn:coordination:referral-status";

    /// <summary>The Task status of each referral status.</summary>
    public static Hl7.Fhir.Model.Task.TaskStatus TaskStatusOf(string status) => status switch
    {
        // Sent and not yet looked at (also after a redirect, by its new receiver): requested.
        "received" or "redirected" => Hl7.Fhir.Model.Task.TaskStatus.Requested,
        "triaged" => Hl7.Fhir.Model.Task.TaskStatus.Received,
        // Accepted, and waiting for the intake.
        "accepted" or "waiting" => Hl7.Fhir.Model.Task.TaskStatus.Accepted,
        "rejected" => Hl7.Fhir.Model.Task.TaskStatus.Rejected,
        "in-treatment" => Hl7.Fhir.Model.Task.TaskStatus.InProgress,
        "closed" => Hl7.Fhir.Model.Task.TaskStatus.Completed,
        "cancelled" => Hl7.Fhir.Model.Task.TaskStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a referral status."),
    };

    /// <summary>When the referral last changed: its newest timeline entry, or its submission; to the millisecond, as FHIR writes it.</summary>
    public static DateTimeOffset LastChange(FollowedReferral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var at = referral.Timeline.Count > 0 ? referral.Timeline.Max(t => t.At) : new DateTimeOffset(referral.SubmittedAt, TimeSpan.Zero);
        return new DateTimeOffset(at.Ticks - (at.Ticks % TimeSpan.TicksPerMillisecond), at.Offset);
    }

    /// <summary>An instant as FHIR's dateTime, to the millisecond.</summary>
    public static string Instant(DateTimeOffset at) => at.ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture);

    public static ServiceRequest ServiceRequestOf(FollowedReferral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var request = new ServiceRequest
        {
            Id = referral.Id.ToString(),
            Meta = new Meta { LastUpdated = LastChange(referral) },
            Status = referral.Status switch
            {
                "closed" => RequestStatus.Completed,
                "rejected" or "cancelled" => RequestStatus.Revoked,
                _ => RequestStatus.Active,
            },
            Intent = RequestIntent.Order,
            Priority = referral.Urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Subject = Identified("Patient", ReferralBundle.BsnSystem, referral.SubjectBsn, referral.SubjectName),
            AuthoredOn = Instant(new DateTimeOffset(referral.SubmittedAt, TimeSpan.Zero)),
            Requester = Identified("Organization", ReferralBundle.AgbSystem, referral.ReferrerAgb, referral.ReferrerName),
            ReasonCode = [new CodeableConcept { Text = referral.Reason }],
        };
        if (referral.ReceiverAgb is { } receiver)
        {
            request.Performer = [Identified("Organization", ReferralBundle.AgbSystem, receiver, referral.ReceiverName)];
        }

        return request;
    }

    public static Hl7.Fhir.Model.Task TaskOf(FollowedReferral referral)
    {
        ArgumentNullException.ThrowIfNull(referral);
        var lastChange = LastChange(referral);
        var task = new Hl7.Fhir.Model.Task
        {
            Id = referral.Id.ToString(),
            Meta = new Meta { LastUpdated = lastChange },
            Status = TaskStatusOf(referral.Status),
            BusinessStatus = new CodeableConcept(StatusSystem, referral.Status),
            Intent = Hl7.Fhir.Model.Task.TaskIntent.Order,
            Priority = referral.Urgent ? RequestPriority.Urgent : RequestPriority.Routine,
            Focus = new ResourceReference("ServiceRequest/" + referral.Id),
            For = Identified("Patient", ReferralBundle.BsnSystem, referral.SubjectBsn, referral.SubjectName),
            AuthoredOn = Instant(new DateTimeOffset(referral.SubmittedAt, TimeSpan.Zero)),
            LastModified = Instant(lastChange),
            Requester = Identified("Organization", ReferralBundle.AgbSystem, referral.ReferrerAgb, referral.ReferrerName),
        };
        if (referral.ReceiverAgb is { } receiver)
        {
            task.Owner = Identified("Organization", ReferralBundle.AgbSystem, receiver, referral.ReceiverName);
        }

        // Why it was rejected or cancelled: the reason its last step gave.
        if (task.Status is Hl7.Fhir.Model.Task.TaskStatus.Rejected or Hl7.Fhir.Model.Task.TaskStatus.Cancelled
            && referral.Timeline.Count > 0 && referral.Timeline[^1].Reason is { Length: > 0 } why)
        {
            task.StatusReason = new CodeableConcept { Text = why };
        }

        return task;
    }

    /// <summary>The referral letter (a PDF/A the referral service renders) as a DocumentReference, the PDF inline.</summary>
    public static DocumentReference LetterOf(FollowedReferral referral, byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(referral);
        ArgumentNullException.ThrowIfNull(pdf);
        var submitted = new DateTimeOffset(referral.SubmittedAt, TimeSpan.Zero);
        return new DocumentReference
        {
            Id = referral.Id.ToString(),
            Status = DocumentReferenceStatus.Current,
            Type = new CodeableConcept("http://loinc.org", "57133-1", "Referral note", null),
            Subject = Identified("Patient", ReferralBundle.BsnSystem, referral.SubjectBsn, referral.SubjectName),
            Date = submitted,
            Author = [Identified("Organization", ReferralBundle.AgbSystem, referral.ReferrerAgb, referral.ReferrerName)],
            Content =
            [
                new DocumentReference.ContentComponent
                {
                    Attachment = new Attachment { ContentType = "application/pdf", Language = "nl", Data = pdf, Title = "Verwijsbrief", Creation = Instant(submitted) },
                },
            ],
            Context = new DocumentReference.ContextComponent { Related = [new ResourceReference("ServiceRequest/" + referral.Id)] },
        };
    }

    private static ResourceReference Identified(string type, string system, string value, string? display) => new()
    {
        Type = type,
        Identifier = new Identifier(system, value),
        Display = display,
    };
}

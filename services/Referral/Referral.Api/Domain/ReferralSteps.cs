using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Coordination.ServiceDefaults.Http;
using Coordination.ServiceDefaults.Identifiers;

namespace Referral.Api.Domain;

// The bodies of the lifecycle's steps, as they arrive: everything nullable, so a missing field is
// reported by name. ReferralStepValidator enforces the rules; the annotations state them in the
// OpenAPI document.

public sealed record StepNote(
    [StringLength(1000), Description("A note for the timeline.")] string? Note);

public sealed record StepReason(
    [Required, StringLength(1000, MinimumLength = 1), Description("Why: the referrer reads it on the timeline.")] string? Reason);

public sealed record RedirectInput(
    [Required, Description("The organisation the referral is sent on to, picked from the directory.")] ReceiverInput? To,
    [Required, StringLength(1000, MinimumLength = 1), Description("Why it is sent on.")] string? Reason);

public sealed record IntakeInput(
    [Required, Description("The intake's date (Amsterdam): planned, or the day it took place.")] DateOnly? IntakeDate,
    [Description("Whether the intake took place on that date (true) or is planned (false, the default). Only a held intake stops the waiting-time clock.")] bool? Held);

public sealed record TreatmentStartInput(
    [Required, Description("The day treatment started (Amsterdam): today or earlier, not before the intake.")] DateOnly? TreatmentStartDate);

public sealed record ClosureInput(
    [Required, StringLength(4000, MinimumLength = 1), Description("The summary for the referrer: what was done, the outcome, what the GP should know.")] string? Summary);

public sealed record SupplementInput(
    [Required, StringLength(1000, MinimumLength = 1), Description("Why the referral is supplemented.")] string? Reason,
    [StringLength(4000), Description("The added information.")] string? Text,
    [MaxLength(20), Description("Metadata of attachments sent along (the documents themselves travel by the referrer's own channel).")] IReadOnlyList<AttachmentInput>? Attachments);

public sealed record AttachmentInput(
    [Required, StringLength(200, MinimumLength = 1), Description("The file name.")] string? Name,
    [Required, StringLength(100, MinimumLength = 3), Description("Its media type, e.g. application/pdf.")] string? MediaType,
    [Range(0, 104857600), Description("Its size in bytes.")] long? SizeBytes);

/// <summary>An attachment's metadata, as the timeline keeps it.</summary>
public sealed record Attachment(string Name, string MediaType, long? SizeBytes);

/// <summary>The organisation a referral is addressed to.</summary>
public sealed record Receiver(string Agb, string Name);

/// <summary>
/// One validated step: what it changes. Each step fills the fields it needs; the rest stay null.
/// </summary>
public sealed record StepChange(
    ReferralStep Step,
    string? Reason = null,
    string? Note = null,
    Receiver? To = null,
    DateOnly? IntakeDate = null,
    bool IntakeHeld = false,
    DateOnly? TreatmentStart = null,
    string? Summary = null,
    string? Text = null,
    IReadOnlyList<Attachment>? Attachments = null);

/// <summary>
/// The rules of the steps' bodies (domain.md, "Referral"), as of today in Amsterdam: reasons and
/// summaries bounded in length, dates that must lie in the past not in the future. Rules that need
/// the stored referral (an intake before the referral date) are <see cref="ReferralStepRules"/>. Pure.
/// </summary>
public static class ReferralStepValidator
{
    public const int MaxReasonLength = 1000;
    public const int MaxTextLength = 4000;
    public const int MaxAttachments = 20;
    public const long MaxAttachmentBytes = 100L * 1024 * 1024;

    /// <summary>How far ahead an intake may be planned.</summary>
    public const int MaxPlanningDays = 365;

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Note(ReferralStep step, StepNote? input) =>
        Validate(step, fail =>
        {
            var note = TextFields.Bounded(input?.Note, "note", MaxReasonLength, required: false, fail);
            return new StepChange(step, Note: note);
        });

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Reason(ReferralStep step, StepReason input) =>
        Validate(step, fail => new StepChange(step, Reason: TextFields.Bounded(input.Reason, "reason", MaxReasonLength, required: true, fail)));

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Redirect(RedirectInput input) =>
        Validate(ReferralLifecycle.Redirect, fail =>
        {
            Receiver? to = null;
            if (input.To is null)
            {
                fail("to", "The organisation the referral is sent on to is required.");
            }
            else
            {
                if (!DutchIdentifiers.IsValidAgb(input.To.Agb))
                {
                    fail("to.agb", "The organisation is named by its 8-digit AGB code.");
                }

                var name = TextFields.Bounded(input.To.Name, "to.name", 200, required: true, fail);
                to = name is null || input.To.Agb is null ? null : new Receiver(input.To.Agb, name);
            }

            return new StepChange(ReferralLifecycle.Redirect, Reason: TextFields.Bounded(input.Reason, "reason", MaxReasonLength, required: true, fail), To: to);
        });

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Intake(IntakeInput input, DateOnly today) =>
        Validate(ReferralLifecycle.ScheduleIntake, fail =>
        {
            var held = input.Held ?? false;
            if (input.IntakeDate is not { } date)
            {
                fail("intakeDate", "The intake date is required.");
            }
            else if (held && date > today)
            {
                fail("intakeDate", "An intake that took place is dated today or earlier; a later date is planned (held: false).");
            }
            else if (!held && date < today)
            {
                fail("intakeDate", "A planned intake lies today or ahead; an intake that already took place says held: true.");
            }
            else if (date > today.AddDays(MaxPlanningDays))
            {
                fail("intakeDate", $"An intake is planned at most {MaxPlanningDays} days ahead.");
            }

            return new StepChange(ReferralLifecycle.ScheduleIntake, IntakeDate: input.IntakeDate, IntakeHeld: held);
        });

    public static (StepChange? Change, Dictionary<string, string[]> Errors) TreatmentStart(TreatmentStartInput input, DateOnly today) =>
        Validate(ReferralLifecycle.StartTreatment, fail =>
        {
            if (input.TreatmentStartDate is not { } date)
            {
                fail("treatmentStartDate", "The treatment start date is required.");
            }
            else if (date > today)
            {
                fail("treatmentStartDate", "Treatment is recorded as started on the day it started: today or earlier.");
            }

            return new StepChange(ReferralLifecycle.StartTreatment, TreatmentStart: input.TreatmentStartDate);
        });

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Closure(ClosureInput input) =>
        Validate(ReferralLifecycle.Close, fail =>
            new StepChange(ReferralLifecycle.Close, Summary: TextFields.Bounded(input.Summary, "summary", MaxTextLength, required: true, fail)));

    public static (StepChange? Change, Dictionary<string, string[]> Errors) Supplement(SupplementInput input) =>
        Validate(ReferralLifecycle.Supplement, fail =>
        {
            var reason = TextFields.Bounded(input.Reason, "reason", MaxReasonLength, required: true, fail);
            var text = TextFields.Bounded(input.Text, "text", MaxTextLength, required: false, fail);
            var attachments = new List<Attachment>();
            var given = input.Attachments ?? [];
            if (given.Count > MaxAttachments)
            {
                fail("attachments", $"At most {MaxAttachments} attachments per supplement.");
            }

            for (var i = 0; i < given.Count && i < MaxAttachments; i++)
            {
                var a = given[i];
                var name = TextFields.Bounded(a?.Name, $"attachments[{i}].name", 200, required: true, fail);
                var mediaType = a?.MediaType?.Trim();
                if (mediaType is null || mediaType.Length is < 3 or > 100 || !mediaType.Contains('/', StringComparison.Ordinal))
                {
                    fail($"attachments[{i}].mediaType", "A media type such as application/pdf is required.");
                }

                if (a?.SizeBytes is < 0 or > MaxAttachmentBytes)
                {
                    fail($"attachments[{i}].sizeBytes", $"The size is between 0 and {MaxAttachmentBytes} bytes.");
                }

                if (name is not null && mediaType is not null)
                {
                    attachments.Add(new Attachment(name, mediaType, a!.SizeBytes));
                }
            }

            if (text is null && given.Count == 0)
            {
                fail("text", "A supplement adds text, attachments or both.");
            }

            return new StepChange(ReferralLifecycle.Supplement, Reason: reason, Text: text, Attachments: attachments);
        });

    private static (StepChange? Change, Dictionary<string, string[]> Errors) Validate(ReferralStep step, Func<Action<string, string>, StepChange> build)
    {
        var errors = new Dictionary<string, string[]>();
        var change = build((field, message) => errors.TryAdd(field, [message]));
        return errors.Count == 0 ? (change, errors) : (null, errors);
    }
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Consent.Contracts;
using Coordination.ServiceDefaults.Identifiers;

namespace Consent.Api.Domain;

// Requests as they arrive: everything nullable, so that a missing field is reported by name
// instead of failing deserialisation. ConsentValidator enforces the rules; the annotations state
// them in the OpenAPI document.

public sealed record DeclareRequest(
    [Required, Description("The member id of the person the consent is about (never a BSN).")] Guid? Subject,
    [Required, AllowedValues(ConsentPurposes.FamilyCareTeam, ConsentPurposes.Mdo, ConsentPurposes.Professional, ConsentPurposes.FamilyMember),
     Description("What the data may be used for: family-care-team (the clinicians of my family members), mdo (a multidisciplinary consultation), "
        + "professional (one named professional or organisation outside the care team), family-member (one person in my family).")] string? Purpose,
    [Required, Description("Who may receive the data.")] RecipientInput? Recipient,
    [Description("When the consent holds; from today and until withdrawn when left out. A second declarant may leave it out to join the open decision's period.")] PeriodInput? Period);

public sealed record RecipientInput(
    [Required, AllowedValues(RecipientKinds.Organisation, RecipientKinds.Professional, RecipientKinds.FamilyMember, RecipientKinds.CareTeam),
     Description("organisation (AGB code), professional (personal AGB code), family-member (member id), care-team (family id: every professional on it, now and later).")] string? Kind,
    [Required, StringLength(36, MinimumLength = 8), Description("An 8-digit AGB code, a member id or a family id, by kind.")] string? Id);

public sealed record PeriodInput(
    [Description("First Amsterdam day the consent holds; not before today for a new decision.")] DateOnly? From,
    [Description("Last Amsterdam day it holds; not before From. Until withdrawn when left out.")] DateOnly? Until);

public sealed record WithdrawRequest(
    [StringLength(1000), Description("Why, in the family's words; optional.")] string? Reason);

public sealed record EmergencyAccessRequest(
    [Required, Description("The member id of the client whose data is needed.")] Guid? Subject,
    [Required, StringLength(1000, MinimumLength = 10), Description("Why the data is needed now without consent; shown to the client.")] string? Reason,
    [Range(1, 72), Description("How long, in hours; at most and by default 72.")] int? Hours);

public sealed record MeasureRequest(
    [Required, Description("The member id of the child under the measure.")] Guid? Subject,
    [Required, AllowedValues("ots", "voogdij", "jeugdreclassering", "gesloten-jeugdhulp"),
     Description("ots (ondertoezichtstelling), voogdij (guardianship), jeugdreclassering (youth probation), gesloten-jeugdhulp (secure youth care).")] string? Measure,
    [Required, StringLength(100, MinimumLength = 1), Description("The reference of the court's decision (beschikking) that imposed the measure.")] string? Decision,
    [Required, Description("First Amsterdam day of the measure.")] DateOnly? From,
    [Required, Description("Last Amsterdam day of the measure, as the decision states it.")] DateOnly? Until);

/// <summary>A declaration request that passed the shape rules; <paramref name="PeriodGiven"/> is false when the request left the period out.</summary>
public sealed record ValidDeclaration(Guid Subject, Purpose Purpose, string RecipientKind, string RecipientId, DateOnly From, DateOnly? Until, bool PeriodGiven);

/// <summary>The shape rules of the consent requests; the age, custody and recipient rules need the household and come after.</summary>
public static class ConsentValidator
{
    /// <summary>The child-protection measures that need no consent (domain.md).</summary>
    public static readonly IReadOnlyList<string> Measures = ["ots", "voogdij", "jeugdreclassering", "gesloten-jeugdhulp"];

    /// <summary>The longest emergency access, in hours.</summary>
    public const int MaxEmergencyHours = 72;

    /// <summary>Validates a declaration as of <paramref name="today"/> (Amsterdam); every error keyed by its field.</summary>
    public static (ValidDeclaration? Valid, Dictionary<string, string[]> Errors) Validate(DeclareRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        if (request.Subject is null || request.Subject == Guid.Empty)
        {
            Fail("subject", "The subject's member id is required.");
        }

        var purpose = Purposes.Find(request.Purpose);
        if (purpose is null)
        {
            Fail("purpose", $"Unknown purpose; use one of: {string.Join(", ", Purposes.All.Select(p => p.Code))}.");
        }

        var kind = request.Recipient?.Kind;
        var id = request.Recipient?.Id?.Trim();
        if (request.Recipient is null)
        {
            Fail("recipient", "The recipient is required.");
        }
        else if (!RecipientKinds.All.Contains(kind))
        {
            Fail("recipient.kind", $"Unknown recipient kind; use one of: {string.Join(", ", RecipientKinds.All)}.");
        }
        else if (purpose is not null && !purpose.RecipientKinds.Contains(kind))
        {
            Fail("recipient.kind", $"The purpose {purpose.Code} allows these recipients: {string.Join(", ", purpose.RecipientKinds)}.");
        }
        else if (kind is RecipientKinds.Organisation or RecipientKinds.Professional && !DutchIdentifiers.IsValidAgb(id))
        {
            Fail("recipient.id", "An organisation or professional is named by an 8-digit AGB code.");
        }
        else if (kind is RecipientKinds.FamilyMember or RecipientKinds.CareTeam && !Guid.TryParse(id, out _))
        {
            Fail("recipient.id", kind == RecipientKinds.CareTeam ? "A care team is named by its family id." : "A family member is named by their member id.");
        }

        // A start in the past is refused for a new decision only (the store knows): a second
        // declarant may name the open decision's period, which began before today.
        var from = request.Period?.From ?? today;
        var until = request.Period?.Until;
        if (until is { } end && end < from)
        {
            Fail("period.until", "The period ends before it starts.");
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        // A GUID is stored in one spelling, so the same recipient always matches.
        var recipientId = Guid.TryParse(id, out var guid) ? guid.ToString("D") : id!;
        return (new ValidDeclaration(request.Subject!.Value, purpose!, kind!, recipientId, from, until, request.Period is not null), errors);
    }
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace FamilyPlan.Api.Domain;

// Requests as they arrive: everything nullable, so that a missing field is reported by name
// instead of failing deserialisation. CareTaskRequests enforces the rules; the annotations state
// them in the OpenAPI document.

public sealed record CompletePlanTaskRequest(
    [Required, AllowedValues(CheckOutcomes.NoConcerns, CheckOutcomes.Concerns),
     Description("What the check found. A kindcheck with concerns opens the five steps of the Meldcode huiselijk geweld en kindermishandeling.")] string? Outcome,
    [StringLength(CareTaskRequests.MaxNoteLength), Description("What was asked and found, in the professional's words; optional.")] string? Note);

public sealed record PlanMeldcodeStepRequest(
    [Required, StringLength(CareTaskRequests.MaxNoteLength, MinimumLength = 1),
     Description("What was done in this step and what it found: the Meldcode asks for each step to be recorded.")] string? Note);

/// <summary>The rules of the task requests; every error keyed by its field.</summary>
public static class CareTaskRequests
{
    /// <summary>The longest note kept (the column's length in every dialect).</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>The outcome and the note (trimmed, null when blank), or the errors.</summary>
    public static (string? Outcome, string? Note, Dictionary<string, string[]> Errors) Validate(CompletePlanTaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        if (request.Outcome is null)
        {
            errors["outcome"] = [$"The outcome is required: one of {string.Join(", ", CheckOutcomes.All)}."];
        }
        else if (!CheckOutcomes.All.Contains(request.Outcome))
        {
            errors["outcome"] = [$"Unknown outcome; use one of {string.Join(", ", CheckOutcomes.All)}."];
        }

        var note = NoteOf(request.Note, required: false, errors);
        return (errors.Count == 0 ? request.Outcome : null, note, errors);
    }

    /// <summary>The note (trimmed), or the errors.</summary>
    public static (string? Note, Dictionary<string, string[]> Errors) Validate(PlanMeldcodeStepRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        var note = NoteOf(request.Note, required: true, errors);
        return (note, errors);
    }

    private static string? NoteOf(string? note, bool required, Dictionary<string, string[]> errors)
    {
        var trimmed = note?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors["note"] = ["The note is required: record what was done in this step."];
            }

            return null;
        }

        if (trimmed.Length > MaxNoteLength)
        {
            errors["note"] = [$"At most {MaxNoteLength} characters."];
            return null;
        }

        return trimmed;
    }
}

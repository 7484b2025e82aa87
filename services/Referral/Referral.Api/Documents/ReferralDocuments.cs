using System.Globalization;
using Coordination.ServiceDefaults.Auth;
using Referral.Api.Domain;

namespace Referral.Api.Documents;

/// <summary>
/// The referral letter and the closure summary as PDF documents, as a GP files them: title,
/// practice, receiver and patient blocks, the body, and a footer with the referral's id and
/// "pagina x van n" on every page. Pure: no I/O; the same input gives the same document apart
/// from the file identifier PdfPig stamps in the trailer. Dutch headings, English where useful.
/// PDF/A-2B with DejaVu Sans embedded: every Latin, Greek or Cyrillic name is shown and extracted as
/// written; what the font has no glyph for (an emoji, Japanese) is shown as '?', never thrown on.
/// </summary>
public static class ReferralDocuments
{
    /// <summary>What the receiver block says while the referral waits in the regional intake pool.</summary>
    public const string NotYetAddressed = "Nog niet geadresseerd: de verwijzing wacht in de regionale intakepool (not yet addressed: regional intake pool).";

    /// <summary>The PDF's content type.</summary>
    public const string ContentType = "application/pdf";

    /// <summary>The referral letter as a PDF.</summary>
    public static byte[] Letter(ReferralLetter letter)
    {
        ArgumentNullException.ThrowIfNull(letter);
        ArgumentNullException.ThrowIfNull(letter.Practice);
        ArgumentNullException.ThrowIfNull(letter.Subject);

        using var pdf = new PdfFlow("Verwijsbrief GGZ");
        pdf.Title("Verwijsbrief GGZ", "Referral letter");
        pdf.Field("Verwijzing (referral)", letter.ReferralId.ToString());
        pdf.Field("Datum aanmelding", Date(letter.Registered));
        if (letter.Urgent)
        {
            pdf.Space(4);
            pdf.Paragraph("SPOED – urgent referral: " + (letter.UrgentReason ?? "(geen reden vermeld)"), bold: true);
        }

        pdf.Heading("Verwijzer (referring practice)");
        PracticeBlock(pdf, letter.Practice);

        pdf.Heading("Ontvanger (receiver)");
        if (letter.Receiver is null)
        {
            pdf.Paragraph(NotYetAddressed);
        }
        else
        {
            ReceiverBlock(pdf, letter.Receiver);
        }

        pdf.Heading("Patiënt (patient)");
        PatientBlock(pdf, letter.Subject, full: true);

        pdf.Heading("Verwijzing (referral)");
        pdf.Field("Zorgdomein", DomainText(letter.Domain));
        if (letter.Domain == ReferralValidator.Adult)
        {
            pdf.Field("Zorgniveau", CareLevelText(letter.CareLevel));
        }

        pdf.Field("DSM-5-classificatie", letter.SuspectedDsmCode is { Length: > 0 } code ? $"{code}, vermoedelijk (suspected; ICD-10-CM-code)" : "niet vermeld (not stated)");
        pdf.Field("Urgentie", letter.Urgent ? "spoed (urgent)" : "regulier (routine)", boldValue: letter.Urgent);
        if (letter.Urgent)
        {
            pdf.Field("Reden voor spoed", letter.UrgentReason ?? "(geen reden vermeld)");
        }

        pdf.Heading("Reden van verwijzing (reason for referral)");
        pdf.Paragraph(letter.Reason ?? string.Empty);

        pdf.Space(14);
        pdf.Paragraph($"Met collegiale groet, {AuthorText(letter.Practice)}, {letter.Practice.Name}.");
        return pdf.Build(Footer("Verwijsbrief", letter.ReferralId));
    }

    /// <summary>The closure summary as a PDF, from the receiver to the referring practice, with the Treeknorm waits.</summary>
    public static byte[] ClosureSummary(ClosureSummaryDocument summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(summary.Practice);
        ArgumentNullException.ThrowIfNull(summary.Receiver);
        ArgumentNullException.ThrowIfNull(summary.Subject);
        ArgumentNullException.ThrowIfNull(summary.ClosedBy);

        using var pdf = new PdfFlow("Afsluitbericht GGZ");
        pdf.Title("Afsluitbericht GGZ", "Closure summary");
        pdf.Field("Verwijzing (referral)", summary.ReferralId.ToString());
        pdf.Field("Datum afsluiting", Date(summary.Closed));

        pdf.Heading("Aan: verwijzer (to: referring practice)");
        PracticeBlock(pdf, summary.Practice);

        pdf.Heading("Van: behandelaar (from: receiver)");
        ReceiverBlock(pdf, summary.Receiver);
        pdf.Field("Afgesloten door", $"{summary.ClosedBy.Name} ({summary.ClosedBy.Role})");

        pdf.Heading("Patiënt (patient)");
        PatientBlock(pdf, summary.Subject, full: false);

        pdf.Heading("Data (dates)");
        pdf.Field("Aanmelding", Date(summary.Registered));
        pdf.Field("Intake", summary.Intake is { } intake ? Date(intake) : "geen intake (none took place)");
        pdf.Field("Start behandeling", summary.TreatmentStart is { } start ? Date(start) : "niet gestart (not started)");
        pdf.Field("Afsluiting", Date(summary.Closed));

        pdf.Heading("Wachttijden (Treeknormen GGZ)");
        pdf.Field("Aanmelding tot intake", IntakeWait(summary));
        pdf.Field("Intake tot behandeling", TreatmentWait(summary));

        pdf.Heading("Samenvatting (summary)");
        pdf.Paragraph(summary.Summary ?? string.Empty);
        return pdf.Build(Footer("Afsluitbericht", summary.ReferralId));
    }

    private static void PracticeBlock(PdfFlow pdf, PracticeDetails practice)
    {
        pdf.Field("Praktijk", practice.Name);
        pdf.Field("AGB-code", practice.Agb);
        pdf.Field("Auteur", AuthorText(practice) + (practice.AuthorRole == Roles.Poh ? " namens de huisarts (on the GP's behalf)" : string.Empty));
        pdf.Field("Adres", practice.Address);
        pdf.Field("Telefoon", practice.Phone);
        pdf.Field("E-mail", practice.Email);
    }

    private static void ReceiverBlock(PdfFlow pdf, ReceiverDetails receiver)
    {
        pdf.Field("Organisatie", receiver.Name);
        pdf.Field("AGB-code", receiver.Agb);
        pdf.Field("Adres", receiver.Address);
        pdf.Field("Telefoon", receiver.Phone);
        pdf.Field("E-mail", receiver.Email);
    }

    private static void PatientBlock(PdfFlow pdf, PatientDetails patient, bool full)
    {
        pdf.Field("Naam", patient.Name);
        pdf.Field("BSN", patient.Bsn);
        pdf.Field("Geboortedatum", Date(patient.BirthDate));
        if (full)
        {
            pdf.Field("Gemeente (CBS-code)", patient.MunicipalityCode);
            pdf.Field("Zorgverzekeraar (UZOVI)", patient.Uzovi);
        }
    }

    private static string AuthorText(PracticeDetails practice)
    {
        var role = practice.AuthorRole switch
        {
            Roles.Gp => "huisarts",
            Roles.Poh => "POH-GGZ",
            _ => throw new ArgumentException($"The author is a GP ({Roles.Gp}) or a POH-GGZ ({Roles.Poh}), not '{practice.AuthorRole}'.", nameof(practice)),
        };
        return practice.AuthorName is { Length: > 0 } name ? $"{name}, {role}" : role;
    }

    private static string DomainText(string domain) => domain switch
    {
        ReferralValidator.Youth => "Jeugd-GGZ, Jeugdwet (youth)",
        ReferralValidator.Adult => "Volwassenen-GGZ, Zvw (adult)",
        _ => throw new ArgumentException($"The domain is {ReferralValidator.Youth} or {ReferralValidator.Adult}, not '{domain}'.", nameof(domain)),
    };

    private static string CareLevelText(string? careLevel) => careLevel switch
    {
        "basic" => "generalistische basis-ggz (basic)",
        "specialised" => "specialistische ggz (specialised)",
        null => "niet vermeld (not stated)",
        _ => careLevel,
    };

    private static string IntakeWait(ClosureSummaryDocument summary)
    {
        if (summary.Intake is null)
        {
            return $"geen intake (no intake); norm {WaitingTimeNorms.IntakeNormDays} dagen";
        }

        var clock = WaitingTimeNorms.IntakeClock(summary.Registered, summary.Intake, null, summary.Closed);
        return Wait(clock);
    }

    private static string TreatmentWait(ClosureSummaryDocument summary)
    {
        if (summary.Intake is null || summary.TreatmentStart is null)
        {
            return $"geen start behandeling (treatment did not start); norm {WaitingTimeNorms.TreatmentNormDays} dagen";
        }

        var clock = WaitingTimeNorms.TreatmentClock(summary.Intake, summary.TreatmentStart, null, summary.Closed)!;
        return Wait(clock);
    }

    private static string Wait(NormClock clock) => string.Create(
        CultureInfo.InvariantCulture,
        $"{clock.DaysWaited} dagen (days), norm {clock.NormDays} dagen: {(clock.Breached ? "overschreden (norm breached)" : "binnen de norm (within the norm)")}");

    private static string Date(DateOnly date) => date.ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);

    private static string Footer(string kind, Guid referralId) => $"{kind} – verwijzing {referralId}";
}

using System.Text;
using System.Text.RegularExpressions;
using Referral.Api.Documents;

namespace Referral.Tests;

/// <summary>
/// The referral letter and the closure summary as PDF: what a GP files must say who referred
/// whom to whom, why, and — for the summary — how long the patient waited against the
/// Treeknormen. Read back with PdfPig, as text.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class ReferralDocumentsTests
{
    private static readonly Guid ReferralId = Guid.Parse("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f");

    private static readonly PracticeDetails Practice = new(
        "01012345", "Huisartsenpraktijk Lombok", "gp", "dr. A. Bakker", "Kanaalweg 12, 3526 KM Utrecht", "030-1234567", "praktijk@lombok.example");

    private static readonly ReceiverDetails Receiver = new(
        "73730001", "GGZ Centraal Utrecht", "Utrecht", "030-7654321", "intake@ggz.example");

    private static ReferralLetter Adult() => new(
        ReferralId,
        new DateOnly(2026, 11, 23),
        Practice,
        Receiver,
        new PatientDetails("Sandra de Vries", "999900006", new DateOnly(1990, 6, 2), "0344", "3311"),
        "adult",
        "basic",
        "Low mood for three months, sleeps badly, stopped working.",
        "F32.0",
        Urgent: false);

    private static ReferralLetter Youth() => Adult() with
    {
        Subject = new PatientDetails("Daan de Vries", "999900018", new DateOnly(2011, 3, 14), "0344", null),
        Domain = "youth",
        CareLevel = null,
        SuspectedDsmCode = null,
        Reason = "Truancy and withdrawal at school.",
    };

    private static ClosureSummaryDocument Summary() => new(
        ReferralId,
        Practice,
        Receiver,
        new PatientDetails("Sandra de Vries", "999900006", new DateOnly(1990, 6, 2)),
        Registered: new DateOnly(2026, 9, 1),
        Intake: new DateOnly(2026, 9, 30),          // day 29: a breach of the 28-day norm
        TreatmentStart: new DateOnly(2026, 11, 20), // 51 days after the intake: within 70
        Closed: new DateOnly(2027, 3, 5),
        new ClosedBy("J. Jansen", "GZ-psycholoog"),
        "Twelve sessions of CBT; mood improved, back at work. Relapse plan agreed with the patient.");

    [Fact]
    public void A_letter_is_a_pdf()
    {
        var pdf = ReferralDocuments.Letter(Adult());
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        Assert.Single(PdfText.Pages(pdf));
    }

    [Fact]
    public void A_letter_carries_the_practices_and_the_receivers_details()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult()));
        Assert.Contains("Praktijk Huisartsenpraktijk Lombok", body, StringComparison.Ordinal);
        Assert.Contains("AGB-code 01012345", body, StringComparison.Ordinal);
        Assert.Contains("Auteur dr. A. Bakker, huisarts", body, StringComparison.Ordinal);
        Assert.Contains("Kanaalweg 12, 3526 KM Utrecht", body, StringComparison.Ordinal);
        Assert.Contains("Organisatie GGZ Centraal Utrecht", body, StringComparison.Ordinal);
        Assert.Contains("AGB-code 73730001", body, StringComparison.Ordinal);
        Assert.Contains("Telefoon 030-7654321", body, StringComparison.Ordinal);
        Assert.Contains("E-mail intake@ggz.example", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_letter_carries_the_patients_name_bsn_birth_date_municipality_and_insurer()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult()));
        Assert.Contains("Naam Sandra de Vries", body, StringComparison.Ordinal);
        Assert.Contains("BSN 999900006", body, StringComparison.Ordinal);
        Assert.Contains("Geboortedatum 02-06-1990", body, StringComparison.Ordinal);
        Assert.Contains("Gemeente (CBS-code) 0344", body, StringComparison.Ordinal);
        Assert.Contains("Zorgverzekeraar (UZOVI) 3311", body, StringComparison.Ordinal);
        Assert.Contains("Datum aanmelding 23-11-2026", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_letter_states_the_reason_the_suspected_dsm_code_the_law_and_the_care_level()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult()));
        Assert.Contains("Low mood for three months, sleeps badly, stopped working.", body, StringComparison.Ordinal);
        Assert.Contains("DSM-5-classificatie F32.0, vermoedelijk (suspected; ICD-10-CM-code)", body, StringComparison.Ordinal);
        Assert.Contains("Zvw", body, StringComparison.Ordinal);
        Assert.Contains("generalistische basis-ggz (basic)", body, StringComparison.Ordinal);
        Assert.Contains("Urgentie regulier (routine)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("SPOED", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_youth_letter_names_the_jeugdwet_and_no_care_level()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Youth()));
        Assert.Contains("Jeugd-GGZ, Jeugdwet", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Zorgniveau", body, StringComparison.Ordinal);
        Assert.DoesNotContain("UZOVI", body, StringComparison.Ordinal);
        Assert.Contains("DSM-5-classificatie niet vermeld (not stated)", body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_urgent_letter_says_so_and_why()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult() with { Urgent = true, UrgentReason = "Suicidal thoughts with a plan." }));
        Assert.Contains("SPOED – urgent referral: Suicidal thoughts with a plan.", body, StringComparison.Ordinal);
        Assert.Contains("Urgentie spoed (urgent)", body, StringComparison.Ordinal);
        Assert.Contains("Reden voor spoed Suicidal thoughts with a plan.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_poh_ggz_writes_on_the_gps_behalf()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult() with { Practice = Practice with { AuthorRole = "poh", AuthorName = "M. Visser" } }));
        Assert.Contains("Auteur M. Visser, POH-GGZ namens de huisarts", body, StringComparison.Ordinal);
    }

    [Fact]
    public void An_author_who_is_neither_gp_nor_poh_is_refused() =>
        Assert.Throws<ArgumentException>(() => ReferralDocuments.Letter(Adult() with { Practice = Practice with { AuthorRole = "clinician" } }));

    [Fact]
    public void An_unaddressed_letter_says_it_waits_in_the_regional_intake_pool()
    {
        var body = PdfText.Body(ReferralDocuments.Letter(Adult() with { Receiver = null }));
        Assert.Contains("Nog niet geadresseerd", body, StringComparison.Ordinal);
        Assert.Contains("regionale intakepool (not yet addressed: regional intake pool)", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Organisatie", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_of_4000_characters_flows_onto_a_second_page_and_is_complete()
    {
        var reason = LongReason(4000);
        var pdf = ReferralDocuments.Letter(Adult() with { Reason = reason });

        var pages = PdfText.Pages(pdf);
        Assert.True(pages.Count > 1, $"Expected more than one page, got {pages.Count}.");
        Assert.Contains(reason, PdfText.Body(pdf), StringComparison.Ordinal);
        Assert.Contains("Met collegiale groet", pages[^1], StringComparison.Ordinal);
        Assert.Contains("Verwijsbrief GGZ (vervolg / continued)", pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_word_wider_than_the_page_is_broken_not_cut()
    {
        var word = string.Concat(Enumerable.Repeat("abcdefghij", 40));
        var pdf = ReferralDocuments.Letter(Adult() with { Reason = word });
        Assert.Contains(word, PdfText.Body(pdf).Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Line_breaks_in_the_reason_keep_its_paragraphs()
    {
        var pdf = ReferralDocuments.Letter(Adult() with { Reason = "First paragraph.\r\n\r\nSecond paragraph.\nThird line." });
        var body = PdfText.Body(pdf);
        Assert.Contains("First paragraph. Second paragraph. Third line.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_has_the_referral_id_and_its_page_number_of_the_total()
    {
        var pdf = ReferralDocuments.Letter(Adult() with { Reason = LongReason(4000) + "\n" + LongReason(4000) });
        var footers = PdfText.Footers(pdf);
        Assert.True(footers.Count >= 2);
        for (var i = 0; i < footers.Count; i++)
        {
            Assert.Contains($"Verwijsbrief – verwijzing {ReferralId}", footers[i], StringComparison.Ordinal);
            Assert.Contains($"pagina {i + 1} van {footers.Count} (page {i + 1} of {footers.Count})", footers[i], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Dutch_characters_round_trip()
    {
        var letter = Adult() with
        {
            Subject = Adult().Subject with { Name = "Zoë Çelik-Hüsnü van Hoëvell" },
            Practice = Practice with { Name = "Huisartsenpraktijk De Drieëndertig Ööievaars" },
            Reason = "Patiënte heeft geïsoleerd geleefd, café-bezoek vermijdt ze; ruzie over €120 — „zo gaat het niet”.",
        };

        var body = PdfText.Body(ReferralDocuments.Letter(letter));
        Assert.Contains("Naam Zoë Çelik-Hüsnü van Hoëvell", body, StringComparison.Ordinal);
        Assert.Contains("Huisartsenpraktijk De Drieëndertig Ööievaars", body, StringComparison.Ordinal);
        Assert.Contains(letter.Reason, body, StringComparison.Ordinal);
        Assert.Contains("Patiënt (patient)", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Łukasz Yıldız-Øberg")]
    [InlineData("Zoë Ğül")]
    [InlineData("Ștefan Łęcki-Őrsi, Αλέξης Ђорђевић")]
    public void A_name_outside_the_dutch_alphabet_is_extracted_from_the_letter_as_it_was_written(string name)
    {
        // Issue 19: the hand-written WinAnsi mapping turned ł, ı and ğ into '?' or dropped their mark.
        var letter = Adult() with { Subject = Adult().Subject with { Name = name }, Reason = $"Verwezen door de huisarts van {name}." };
        var pdf = ReferralDocuments.Letter(letter);

        var body = PdfText.Body(pdf);
        Assert.Contains($"Naam {name}", body, StringComparison.Ordinal);
        Assert.Contains($"Verwezen door de huisarts van {name}.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_letter_and_summary_is_pdf_a_2b_with_its_fonts_embedded()
    {
        foreach (var pdf in new[] { ReferralDocuments.Letter(Adult()), ReferralDocuments.ClosureSummary(Summary()) })
        {
            using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
            Assert.True(document.TryGetXmpMetadata(out var xmp));
            var metadata = xmp.GetXDocument().ToString();
            Assert.Contains("<pdfaid:part>2</pdfaid:part>", metadata, StringComparison.Ordinal);
            Assert.Contains("<pdfaid:conformance>B</pdfaid:conformance>", metadata, StringComparison.Ordinal);
            Assert.True(document.Structure.Catalog.CatalogDictionary.ContainsKey(UglyToad.PdfPig.Tokens.NameToken.OutputIntents));
            var fonts = document.GetPages().SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
            Assert.NotEmpty(fonts);
            Assert.All(fonts, f => Assert.Contains("DejaVuSans", f, StringComparison.Ordinal));
            var raw = Encoding.Latin1.GetString(pdf);
            Assert.Contains("/FontFile2", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("/Helvetica", raw, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Characters_the_font_has_no_glyph_for_are_replaced_rather_than_thrown_on()
    {
        var letter = Adult() with
        {
            Subject = Adult().Subject with { Name = "Łukasz Wałęsa-Őrs" },
            Reason = "Says 😀 a lot; writes 日本 and Ωmega; the ﬁle is “decomposed” e\u0308 and\u00A0spaced\u200B; lone \uD800 surrogate.",
        };

        var body = PdfText.Body(ReferralDocuments.Letter(letter));
        Assert.Contains("Naam Łukasz Wałęsa-Őrs", body, StringComparison.Ordinal);
        Assert.Contains("Says ? a lot; writes ?? and Ωmega; the ﬁle is “decomposed” ë and spaced; lone ? surrogate.", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reason_in_more_characters_than_one_simple_font_holds_is_shown_with_the_rest_replaced()
    {
        // A simple TrueType font in PDF holds 255 characters; Cyrillic, Greek and Latin Extended together hold more.
        int[] codes = [.. Enumerable.Range(0x0100, 0x017F - 0x0100), .. Enumerable.Range(0x0391, 0x03A9 - 0x0391), .. Enumerable.Range(0x0410, 0x044F - 0x0410)];
        var many = new string(codes.Select(c => (char)c).ToArray());
        var body = PdfText.Body(ReferralDocuments.Letter(Adult() with { Reason = many }));

        Assert.Contains("Naam Sandra de Vries", body, StringComparison.Ordinal);
        // The reason has no space, so it is broken at the line's end, where the extracted text has a space.
        Assert.Contains(many[..100], body.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("?", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_letter_gives_the_same_pdf_apart_from_the_file_id_pdfpig_stamps()
    {
        static string WithoutId(byte[] pdf) => FileId().Replace(Encoding.Latin1.GetString(pdf), "/ID []");
        Assert.Equal(WithoutId(ReferralDocuments.Letter(Adult())), WithoutId(ReferralDocuments.Letter(Adult())));
    }

    [Fact]
    public void A_closure_summary_is_addressed_to_the_practice_from_the_receiver()
    {
        var pdf = ReferralDocuments.ClosureSummary(Summary());
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        var body = PdfText.Body(pdf);
        Assert.Contains("Aan: verwijzer (to: referring practice) Praktijk Huisartsenpraktijk Lombok AGB-code 01012345", body, StringComparison.Ordinal);
        Assert.Contains("Van: behandelaar (from: receiver) Organisatie GGZ Centraal Utrecht AGB-code 73730001", body, StringComparison.Ordinal);
        Assert.Contains("Afgesloten door J. Jansen (GZ-psycholoog)", body, StringComparison.Ordinal);
        Assert.Contains("Naam Sandra de Vries BSN 999900006 Geboortedatum 02-06-1990", body, StringComparison.Ordinal);
        Assert.Contains(Summary().Summary, body, StringComparison.Ordinal);
        Assert.Contains($"Afsluitbericht – verwijzing {ReferralId}", PdfText.Footers(pdf)[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_closure_summary_gives_the_dates_and_the_treeknorm_waits_against_28_and_70_days()
    {
        var body = PdfText.Body(ReferralDocuments.ClosureSummary(Summary()));
        Assert.Contains("Aanmelding 01-09-2026 Intake 30-09-2026 Start behandeling 20-11-2026 Afsluiting 05-03-2027", body, StringComparison.Ordinal);
        Assert.Contains("Aanmelding tot intake 29 dagen (days), norm 28 dagen: overschreden (norm breached)", body, StringComparison.Ordinal);
        Assert.Contains("Intake tot behandeling 51 dagen (days), norm 70 dagen: binnen de norm (within the norm)", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Waits_of_exactly_28_and_70_days_are_within_the_norms()
    {
        var registered = new DateOnly(2026, 9, 1);
        var summary = Summary() with { Registered = registered, Intake = registered.AddDays(28), TreatmentStart = registered.AddDays(28 + 70) };
        var body = PdfText.Body(ReferralDocuments.ClosureSummary(summary));
        Assert.Contains("Aanmelding tot intake 28 dagen (days), norm 28 dagen: binnen de norm", body, StringComparison.Ordinal);
        Assert.Contains("Intake tot behandeling 70 dagen (days), norm 70 dagen: binnen de norm", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_closure_without_an_intake_says_no_wait_was_measured()
    {
        var body = PdfText.Body(ReferralDocuments.ClosureSummary(Summary() with { Intake = null, TreatmentStart = null }));
        Assert.Contains("Intake geen intake (none took place)", body, StringComparison.Ordinal);
        Assert.Contains("Aanmelding tot intake geen intake (no intake); norm 28 dagen", body, StringComparison.Ordinal);
        Assert.Contains("Intake tot behandeling geen start behandeling (treatment did not start); norm 70 dagen", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_summary_flows_onto_further_pages_and_is_complete()
    {
        var text = LongReason(6000);
        var pdf = ReferralDocuments.ClosureSummary(Summary() with { Summary = text });
        Assert.True(PdfText.Pages(pdf).Count > 1);
        Assert.Contains(text, PdfText.Body(pdf), StringComparison.Ordinal);
    }

    /// <summary>Numbered words up to <paramref name="length"/> characters, so a lost or repeated line shows.</summary>
    private static string LongReason(int length)
    {
        var text = new StringBuilder();
        for (var i = 1; text.Length < length; i++)
        {
            text.Append(i % 9 == 0 ? $"zin{i}. " : $"woord{i} ");
        }

        return text.ToString(0, length).TrimEnd();
    }

    [GeneratedRegex("/ID \\[[^\\]]*\\]")]
    private static partial Regex FileId();
}

using System.Globalization;
using Coordination.Portal.Resources;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Identifiers;

namespace Coordination.Portal.Referrals;

/// <summary>One person of the household, as the form holds it.</summary>
public sealed class MemberForm
{
    public string? Bsn { get; set; }

    public string? Name { get; set; }

    public string? BirthDate { get; set; }

    public string? Relation { get; set; }

    public bool Custody { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Bsn) && string.IsNullOrWhiteSpace(Name) && string.IsNullOrWhiteSpace(BirthDate);
}

/// <summary>
/// The referral form across its steps: every value travels with every post (the steps not shown as
/// hidden fields), so nothing is kept on the server until the referral is sent, and then by the API.
/// </summary>
public sealed class ReferralForm
{
    public const int Patient = 1;
    public const int Household = 2;
    public const int Question = 3;
    public const int Receiver = 4;
    public const int Check = 5;
    public const int HouseholdRows = 4;

    public int Step { get; set; } = Patient;

    /// <summary>next, back, search or send: which button was pressed.</summary>
    public string? Action { get; set; }

    /// <summary>Made once when the form opens and sent with the referral: a second click sends the same key, and the API makes one referral.</summary>
    public string IdempotencyKey { get; set; } = Guid.NewGuid().ToString("N");

    public string? SubjectBsn { get; set; }

    public string? SubjectName { get; set; }

    public string? SubjectBirthDate { get; set; }

    public string? MunicipalityCode { get; set; }

    public string? Uzovi { get; set; }

    public List<MemberForm> Members { get; set; } = [];

    public string? Reason { get; set; }

    public string? Domain { get; set; }

    public string? CareLevel { get; set; }

    public string? DsmCode { get; set; }

    public string? DsmDescription { get; set; }

    public bool Urgent { get; set; }

    public string? UrgentReason { get; set; }

    public string? DirectoryQuery { get; set; }

    public string? ReceiverAgb { get; set; }

    public string? ReceiverName { get; set; }

    /// <summary>The receiver picked from the directory, as its radio button posts it: <c>agb|name</c>, or empty for the intake pool.</summary>
    public string? ReceiverChoice
    {
        get => string.IsNullOrEmpty(ReceiverAgb) ? string.Empty : $"{ReceiverAgb}|{ReceiverName}";
        set
        {
            var parts = (value ?? string.Empty).Split('|', 2);
            ReceiverAgb = parts[0].Length == 0 ? null : parts[0];
            ReceiverName = parts.Length == 2 && parts[0].Length > 0 ? parts[1] : null;
        }
    }

    /// <summary>The household rows the form shows: those filled in, and empty ones up to <see cref="HouseholdRows"/>.</summary>
    public void PadMembers()
    {
        while (Members.Count < HouseholdRows)
        {
            Members.Add(new MemberForm());
        }
    }

    /// <summary>The step on which a field of the API's (or the form's own) errors is entered.</summary>
    public static int StepOf(string field) => field switch
    {
        _ when field.StartsWith("subject", StringComparison.Ordinal) => Patient,
        _ when field.StartsWith("household", StringComparison.Ordinal) => Household,
        _ when field.StartsWith("receiver", StringComparison.Ordinal) => Receiver,
        _ => Question,
    };

    /// <summary>The body of <c>POST /api/referrals</c>, as the API names its fields.</summary>
    public object ToRequest(string referrerAgb, string? referrerName) => new
    {
        subject = new { bsn = SubjectBsn?.Trim(), name = SubjectName?.Trim(), birthDate = SubjectBirthDate, municipalityCode = MunicipalityCode?.Trim(), uzovi = Blank(Uzovi) },
        household = Members.Where(m => !m.IsEmpty).Select(m => new { bsn = m.Bsn?.Trim(), name = Blank(m.Name), birthDate = m.BirthDate, relation = m.Relation, custody = m.Relation == "parent" ? m.Custody : (bool?)null }).ToList(),
        referrer = new { agb = referrerAgb, type = "02", name = referrerName },
        domain = Domain,
        reason = Reason?.Trim(),
        suspectedDsm = string.IsNullOrWhiteSpace(DsmCode) ? null : new { code = DsmCode.Trim().ToUpperInvariant(), description = DsmDescription?.Trim() },
        careLevel = Domain == "adult" ? CareLevel : null,
        urgent = Urgent,
        urgentReason = Urgent ? UrgentReason?.Trim() : null,
        receiver = string.IsNullOrWhiteSpace(ReceiverAgb) ? null : new { agb = ReceiverAgb, name = ReceiverName },
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// The form's own checks, the API's rules before sending (a wrong BSN is named before anything is
/// sent), in Dutch, keyed by the API's field names so that the API's answers land in the same place.
/// </summary>
public static class ReferralFormRules
{
    public static Dictionary<string, string> Check(ReferralForm form, int upToStep, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(form);
        var errors = new Dictionary<string, string>();
        if (upToStep >= ReferralForm.Patient)
        {
            Bsn(form.SubjectBsn, "subject.bsn", errors);
            Required(form.SubjectName, "subject.name", Texts.ErrorNameRequired, errors);
            BirthDate(form.SubjectBirthDate, "subject.birthDate", today, errors);
            if (!DutchIdentifiers.IsValidMunicipalityCode(form.MunicipalityCode?.Trim()))
            {
                errors["subject.municipalityCode"] = Texts.ErrorMunicipalityCode;
            }

            if (!string.IsNullOrWhiteSpace(form.Uzovi) && !DutchIdentifiers.IsValidUzovi(form.Uzovi.Trim()))
            {
                errors["subject.uzovi"] = Texts.ErrorUzovi;
            }
        }

        if (upToStep >= ReferralForm.Household)
        {
            var seen = new HashSet<string> { form.SubjectBsn?.Trim() ?? string.Empty };
            for (var i = 0; i < form.Members.Count; i++)
            {
                var member = form.Members[i];
                if (member.IsEmpty)
                {
                    continue;
                }

                var path = $"household[{i}]";
                if (Bsn(member.Bsn, path + ".bsn", errors) && !seen.Add(member.Bsn!.Trim()))
                {
                    errors[path + ".bsn"] = Texts.ErrorBsnTwice;
                }

                BirthDate(member.BirthDate, path + ".birthDate", today, errors);
                Required(member.Relation, path + ".relation", Texts.ErrorRelationRequired, errors);
            }
        }

        if (upToStep >= ReferralForm.Question)
        {
            Required(form.Reason, "reason", Texts.ErrorReasonRequired, errors);
            if (form.Domain is not ("youth" or "adult"))
            {
                errors["domain"] = Texts.ErrorDomainRequired;
            }
            else if (DateOnly.TryParse(form.SubjectBirthDate, CultureInfo.InvariantCulture, out var birth) && birth <= today)
            {
                var adult = AmsterdamTime.AgeOn(birth, today) >= 18;
                if (form.Domain == "youth" && adult)
                {
                    errors["domain"] = Texts.ErrorYouthIsUnder18;
                }
                else if (form.Domain == "adult" && !adult)
                {
                    errors["domain"] = Texts.ErrorAdultIs18;
                }
            }

            if (form.Domain == "adult")
            {
                if (form.CareLevel is not ("basic" or "specialised"))
                {
                    errors["careLevel"] = Texts.ErrorCareLevel;
                }

                Required(form.DsmCode, "suspectedDsm.code", Texts.ErrorDsmRequired, errors);
                Required(form.DsmDescription, "suspectedDsm.description", Texts.ErrorDsmDescription, errors);
                if (string.IsNullOrWhiteSpace(form.Uzovi))
                {
                    errors["subject.uzovi"] = Texts.ErrorUzoviAdult;
                }
            }

            if (form.Urgent && string.IsNullOrWhiteSpace(form.UrgentReason))
            {
                errors["urgentReason"] = Texts.ErrorUrgentReason;
            }
        }

        return errors;
    }

    private static void Required(string? value, string field, string message, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = message;
        }
    }

    private static bool Bsn(string? bsn, string field, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(bsn))
        {
            errors[field] = Texts.ErrorBsnRequired;
            return false;
        }

        if (!DutchIdentifiers.IsValidBsn(bsn.Trim()))
        {
            errors[field] = Texts.ErrorBsnInvalid;
            return false;
        }

        return true;
    }

    private static void BirthDate(string? value, string field, DateOnly today, Dictionary<string, string> errors)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            errors[field] = Texts.ErrorBirthDate;
        }
        else if (date > today)
        {
            errors[field] = Texts.ErrorBirthDateFuture;
        }
    }
}

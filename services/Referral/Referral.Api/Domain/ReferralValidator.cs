using System.Text.RegularExpressions;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Identifiers;
using Referral.Contracts;

namespace Referral.Api.Domain;

/// <summary>A referral that passed every rule, ready to store.</summary>
public sealed record ValidReferral(
    ReferredPerson Subject,
    IReadOnlyList<HouseholdMember> Household,
    string ReferrerAgb,
    string ReferrerType,
    string? ReferrerName,
    string Domain,
    string Reason,
    DsmClassification? SuspectedDsm,
    string? CareLevel,
    bool Urgent,
    string? UrgentReason = null,
    string? ReceiverAgb = null,
    string? ReceiverName = null);

/// <summary>
/// The rules a referral must pass (domain.md, "Identifiers" and "Referral"). Pure: the caller
/// passes today's date. Every error is keyed by the field's path in the request body.
/// </summary>
public static partial class ReferralValidator
{
    public const string Youth = "youth";
    public const string Adult = "adult";

    /// <summary>iJw COD327 referrer types.</summary>
    public static readonly IReadOnlySet<string> ReferrerTypes = new HashSet<string> { "01", "02", "03", "04", "05", "06", "08" };

    public static readonly IReadOnlySet<string> Relations = new HashSet<string> { "parent", "child", "partner", "sibling", "grandparent", "other" };

    public static readonly IReadOnlySet<string> CareLevels = new HashSet<string> { "basic", "specialised" };

    private const int MaxNameLength = 200;
    private const int MaxReasonLength = 4000;
    private const int MaxUrgentReasonLength = 1000;

    /// <summary>Validates <paramref name="request"/> as of <paramref name="today"/> (Europe/Amsterdam).</summary>
    public static (ValidReferral? Referral, Dictionary<string, string[]> Errors) Validate(ReferralRequest request, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var subject = request.Subject;
        if (subject is null)
        {
            Fail("subject", "The subject (the person referred) is required.");
        }
        else
        {
            CheckBsn(subject.Bsn, "subject.bsn", Fail);
            CheckName(subject.Name, "subject.name", required: true, Fail);
            CheckBirthDate(subject.BirthDate, "subject.birthDate", today, Fail);
            if (string.IsNullOrWhiteSpace(subject.MunicipalityCode))
            {
                Fail("subject.municipalityCode", "The municipality code of residence is required.");
            }
            else if (!DutchIdentifiers.IsValidMunicipalityCode(subject.MunicipalityCode))
            {
                Fail("subject.municipalityCode", "A CBS municipality code is exactly 4 digits.");
            }

            if (subject.Uzovi is not null && !DutchIdentifiers.IsValidUzovi(subject.Uzovi))
            {
                Fail("subject.uzovi", "A UZOVI code is exactly 4 digits.");
            }
        }

        var household = request.Household ?? [];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (subject?.Bsn is not null)
        {
            seen.Add(subject.Bsn);
        }

        for (var i = 0; i < household.Count; i++)
        {
            var member = household[i];
            var path = $"household[{i}]";
            if (member is null)
            {
                Fail(path, "A household member may not be null.");
                continue;
            }

            if (CheckBsn(member.Bsn, path + ".bsn", Fail) && !seen.Add(member.Bsn!))
            {
                Fail(path + ".bsn", "This BSN already appears in the referral.");
            }

            CheckName(member.Name, path + ".name", required: false, Fail);
            CheckBirthDate(member.BirthDate, path + ".birthDate", today, Fail);
            if (string.IsNullOrWhiteSpace(member.Relation))
            {
                Fail(path + ".relation", "The relation to the subject is required.");
            }
            else if (!Relations.Contains(member.Relation))
            {
                Fail(path + ".relation", $"Unknown relation; use one of: {string.Join(", ", Relations)}.");
            }
        }

        var referrer = request.Referrer;
        if (referrer is null)
        {
            Fail("referrer", "The referrer is required.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(referrer.Agb))
            {
                Fail("referrer.agb", "The referrer's AGB code is required.");
            }
            else if (!DutchIdentifiers.IsValidAgb(referrer.Agb))
            {
                Fail("referrer.agb", "An AGB code is exactly 8 digits.");
            }

            if (referrer.Type is not null && !ReferrerTypes.Contains(referrer.Type))
            {
                Fail("referrer.type", "Unknown referrer type; use an iJw COD327 code: 01, 02, 03, 04, 05, 06 or 08.");
            }

            CheckName(referrer.Name, "referrer.name", required: false, Fail);
        }

        if (string.IsNullOrWhiteSpace(request.Domain))
        {
            Fail("domain", "The target domain is required: youth or adult.");
        }
        else if (request.Domain is not (Youth or Adult))
        {
            Fail("domain", "The target domain is youth or adult.");
        }

        if (string.IsNullOrWhiteSpace(request.Reason))
        {
            Fail("reason", "The reason for referral is required.");
        }
        else if (request.Reason.Length > MaxReasonLength)
        {
            Fail("reason", $"The reason is at most {MaxReasonLength} characters.");
        }

        if (request.CareLevel is not null && !CareLevels.Contains(request.CareLevel))
        {
            Fail("careLevel", "The care level is basic or specialised.");
        }

        if (request.SuspectedDsm is { } dsm)
        {
            if (string.IsNullOrWhiteSpace(dsm.Code) || !IcdCode().IsMatch(dsm.Code))
            {
                Fail("suspectedDsm.code", "A DSM-5 classification is given as its ICD-10-CM code, e.g. F32.0.");
            }

            if (string.IsNullOrWhiteSpace(dsm.Description))
            {
                Fail("suspectedDsm.description", "The classification's description is required.");
            }
            else if (dsm.Description.Length > MaxNameLength)
            {
                Fail("suspectedDsm.description", $"The classification's description is at most {MaxNameLength} characters.");
            }
        }

        if (request.Domain == Adult && subject is not null)
        {
            // Zvw: adult GGZ needs a suspected DSM-5 disorder, and the insurer pays.
            if (request.SuspectedDsm is null)
            {
                Fail("suspectedDsm", "A referral to adult GGZ must state a suspected DSM-5 disorder.");
            }

            if (subject.Uzovi is null)
            {
                Fail("subject.uzovi", "A referral to adult GGZ needs the insurer's UZOVI code.");
            }

            if (subject.BirthDate is { } born && born <= today && AmsterdamTime.AgeOn(born, today) < 18)
            {
                Fail("domain", "Adult GGZ is for people of 18 and over; refer a minor to youth care.");
            }

            if (string.IsNullOrWhiteSpace(referrer?.Name))
            {
                Fail("referrer.name", "A referral to adult GGZ must carry the referrer's name.");
            }
        }

        if (request.Domain == Youth && subject?.BirthDate is { } birth && birth <= today && AmsterdamTime.AgeOn(birth, today) >= 18)
        {
            // Jeugdwet 18–23 is continuation of care found necessary before 18, decided in the funding route, not a new referral.
            Fail("domain", "Youth care is for people under 18; refer an adult to adult GGZ.");
        }

        if (request.Urgent == true && string.IsNullOrWhiteSpace(request.UrgentReason))
        {
            Fail("urgentReason", "An urgent referral says why it is urgent.");
        }
        else if (request.UrgentReason is { Length: > MaxUrgentReasonLength })
        {
            Fail("urgentReason", $"The reason for urgency is at most {MaxUrgentReasonLength} characters.");
        }

        if (request.Receiver is { } receiver)
        {
            if (!DutchIdentifiers.IsValidAgb(receiver.Agb))
            {
                Fail("receiver.agb", "The receiving organisation is named by its 8-digit AGB code.");
            }

            CheckName(receiver.Name, "receiver.name", required: true, Fail);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var valid = new ValidReferral(
            new ReferredPerson(subject!.Bsn!, subject.Name!.Trim(), subject.BirthDate!.Value, subject.MunicipalityCode!, subject.Uzovi),
            household.Select(m => new HouseholdMember(m.Bsn!, m.Name?.Trim(), m.BirthDate!.Value, m.Relation!, m.Custody)).ToList(),
            referrer!.Agb!,
            referrer.Type ?? "02",
            referrer.Name?.Trim(),
            request.Domain!,
            request.Reason!.Trim(),
            request.SuspectedDsm is { } d ? new DsmClassification(d.Code!, d.Description!.Trim()) : null,
            request.CareLevel,
            request.Urgent ?? false,
            request.Urgent == true ? request.UrgentReason!.Trim() : null,
            request.Receiver?.Agb,
            request.Receiver?.Name?.Trim());
        return (valid, errors);
    }

    private static bool CheckBsn(string? bsn, string field, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(bsn))
        {
            fail(field, "The BSN is required.");
            return false;
        }

        if (!DutchIdentifiers.IsValidBsn(bsn))
        {
            fail(field, "Not a valid BSN: 9 digits that pass the eleven-test.");
            return false;
        }

        return true;
    }

    private static void CheckName(string? name, string field, bool required, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            if (required)
            {
                fail(field, "The name is required.");
            }
        }
        else if (name.Length > MaxNameLength)
        {
            fail(field, $"The name is at most {MaxNameLength} characters.");
        }
    }

    private static void CheckBirthDate(DateOnly? birthDate, string field, DateOnly today, Action<string, string> fail)
    {
        if (birthDate is null)
        {
            fail(field, "The date of birth is required (yyyy-MM-dd).");
        }
        else if (birthDate > today)
        {
            fail(field, "The date of birth lies in the future.");
        }
        else if (birthDate < today.AddYears(-130))
        {
            fail(field, "The date of birth is more than 130 years ago.");
        }
    }

    [GeneratedRegex("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$")]
    private static partial Regex IcdCode();
}

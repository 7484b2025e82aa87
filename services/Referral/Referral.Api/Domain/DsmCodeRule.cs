using System.Text.RegularExpressions;

namespace Referral.Api.Domain;

/// <summary>
/// The rule that a suspected DSM-5 classification carries a known code (domain.md, "Identifiers":
/// unknown codes are refused), against <see cref="DsmCodeList"/>. Pure, and meant to run after
/// the request's format check on <c>suspectedDsm.code</c>: a missing or malformed code is that
/// check's to refuse, so this rule says nothing about it and a field never gets two messages.
/// Its id is <see cref="ReferralRules.DsmCodeUnknown"/>.
/// </summary>
public static partial class DsmCodeRule
{
    /// <summary>The field in the request body the error belongs to.</summary>
    public const string Field = "suspectedDsm.code";

    /// <summary>
    /// The error for <paramref name="code"/>, or null when it is known — or missing or malformed,
    /// which the format check reports.
    /// </summary>
    public static string? Check(string? code) =>
        !IsWellFormed(code) || DsmCodeList.IsKnown(code)
            ? null
            : $"Unknown DSM-5 classification code {code}: it is not in the platform's list of ICD-10-CM codes "
              + $"({DsmCodeList.Source}, {DsmCodeList.Release}; a partial list). Check the code, or state its category, e.g. F32.";

    /// <summary>
    /// Whether <paramref name="code"/> has the shape of an ICD-10-CM code: a letter, two digits,
    /// and after a dot one to four digits or capitals (the same pattern as ReferralValidator's format check).
    /// </summary>
    public static bool IsWellFormed(string? code) => code is not null && IcdCode().IsMatch(code);

    [GeneratedRegex("^[A-Z][0-9]{2}(\\.[0-9A-Z]{1,4})?$")]
    private static partial Regex IcdCode();
}

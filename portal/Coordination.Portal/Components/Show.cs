using System.Globalization;
using Coordination.Portal.Api;
using Coordination.Portal.Resources;
using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Auth;

namespace Coordination.Portal.Components;

/// <summary>How the portal writes the API's values for people: dates and times in Amsterdam, codes as words.</summary>
public static class Show
{
    public static string DateTime(DateTime utc) =>
        AmsterdamTime.ToLocal(utc).ToString("d MMMM yyyy, HH:mm", CultureInfo.CurrentCulture);

    public static string DateTime(DateTimeOffset instant) => DateTime(instant.UtcDateTime);

    public static string Time(DateTimeOffset instant) =>
        AmsterdamTime.ToLocal(instant).ToString("HH:mm", CultureInfo.CurrentCulture);

    public static string Date(DateOnly day) => day.ToString("d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>An amount in whole euros, written as the Netherlands writes it (€ 2.131) whatever the page's language.</summary>
    public static string Euros(decimal euros) => euros.ToString("C0", Dutch);

    private static readonly CultureInfo Dutch = CultureInfo.GetCultureInfo("nl-NL");

    /// <summary>A coordinate of a drawing (SVG wants a point, whatever the language).</summary>
    public static string Svg(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>A date with its weekday, for a deadline counted in working days.</summary>
    public static string Weekday(DateOnly day) => day.ToString("dddd d MMMM yyyy", CultureInfo.CurrentCulture);

    /// <summary>A code of the API (a status, a domain, a norm) in words: the text <c>{kind}_{code}</c>, or the code itself.</summary>
    public static string Code(string kind, string? code) =>
        code is null ? string.Empty : Texts.ResourceManager.GetString($"{kind}_{code.Replace('-', '_')}", CultureInfo.CurrentUICulture) ?? code;

    /// <summary>
    /// The caption of a page of referrals: the number it shows, called the whole list's only when it is the whole
    /// list (the first page, with none after it); the API no longer counts what it does not send.
    /// </summary>
    public static string ReferralCount(int shown, bool whole) =>
        string.Format(CultureInfo.CurrentCulture, whole ? Texts.ReferralCount : Texts.ReferralCountShown, shown);

    /// <summary>A role in words; a clinician's with their domain (youth or adult care) where known.</summary>
    public static string Role(string? role, string? domain) =>
        Code("Role", role == Roles.Clinician && domain is not null ? $"{role}_{domain}" : role);

    /// <summary>The clock that matters most: a breached one, else the running one.</summary>
    public static NormClock? MainClock(IReadOnlyList<NormClock> clocks) =>
        clocks.FirstOrDefault(c => c.Breached && !c.Stopped) ?? clocks.FirstOrDefault(c => !c.Stopped) ?? (clocks.Count > 0 ? clocks[^1] : null);
}

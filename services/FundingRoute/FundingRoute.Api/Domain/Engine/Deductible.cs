using System.Globalization;

namespace FundingRoute.Api.Domain.Engine;

/// <summary>
/// The Zvw deductible (eigen risico): from the first day of the month after the 18th birthday, pro
/// rata in that year; its amount set per calendar year, kept as data (domain.md).
/// </summary>
public static class Deductible
{
    /// <summary>The amount per calendar year, in euros, as the domain description gives it.</summary>
    public static readonly IReadOnlyDictionary<int, decimal> AmountPerYear = new Dictionary<int, decimal> { [2025] = 385m, [2026] = 385m };

    /// <summary>The first day the deductible applies to someone born on <paramref name="birthDate"/>.</summary>
    public static DateOnly AppliesFrom(DateOnly birthDate)
    {
        var eighteen = Coordination.ServiceDefaults.AmsterdamTime.BirthdayAt(birthDate, 18);
        return new DateOnly(eighteen.Year, eighteen.Month, 1).AddMonths(1);
    }

    /// <summary>
    /// The deductible of <paramref name="year"/> for someone born on <paramref name="birthDate"/>:
    /// the whole amount, a share by the months it applies in the year they turn eighteen, or nothing
    /// before; null when the year's amount is not known.
    /// </summary>
    public static decimal? For(DateOnly birthDate, int year)
    {
        if (!AmountPerYear.TryGetValue(year, out var amount))
        {
            return null;
        }

        var from = AppliesFrom(birthDate);
        return from.Year < year ? amount
            : from.Year > year ? 0m
            : Math.Round(amount * (13 - from.Month) / 12m, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>The facts the deductible rule used, for its citation.</summary>
    internal static Dictionary<string, string> Facts(DateOnly birthDate, DateOnly on)
    {
        var facts = new Dictionary<string, string>
        {
            ["deductibleFrom"] = AppliesFrom(birthDate).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        };
        if (For(birthDate, on.Year) is { } amount)
        {
            facts["deductibleThisYear"] = amount.ToString("0.00", CultureInfo.InvariantCulture);
        }

        return facts;
    }
}

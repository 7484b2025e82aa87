namespace Coordination.ServiceDefaults.Identifiers;

/// <summary>Validation of the Dutch identifiers in <c>domain.md</c>; pure functions.</summary>
public static class DutchIdentifiers
{
    /// <summary>
    /// A BSN is 9 digits, not all zeros, and passes the eleven-test:
    /// (9·d1 + 8·d2 + … + 2·d8 − 1·d9) mod 11 = 0.
    /// </summary>
    public static bool IsValidBsn(string? bsn)
    {
        if (!IsDigits(bsn, 9) || bsn == "000000000")
        {
            return false;
        }

        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            sum += (9 - i) * (bsn[i] - '0');
        }

        sum -= bsn[8] - '0';
        return sum % 11 == 0;
    }

    /// <summary>An AGB code is exactly 8 digits.</summary>
    public static bool IsValidAgb(string? agb) => IsDigits(agb, 8);

    /// <summary>A UZOVI code is exactly 4 digits.</summary>
    public static bool IsValidUzovi(string? uzovi) => IsDigits(uzovi, 4);

    /// <summary>A CBS municipality code is exactly 4 digits.</summary>
    public static bool IsValidMunicipalityCode(string? code) => IsDigits(code, 4);

    private static bool IsDigits([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value, int length) =>
        value is not null && value.Length == length && value.All(char.IsAsciiDigit);
}

using Coordination.ServiceDefaults;
using Coordination.ServiceDefaults.Identifiers;

namespace BuildingBlocks.Tests;

[Trait("Category", "Unit")]
public sealed class DutchIdentifiersTests
{
    [Theory]
    [InlineData("999900006")]
    [InlineData("999900018")]
    [InlineData("999999990")]
    [InlineData("111222333")]
    public void A_bsn_that_passes_the_eleven_test_is_valid(string bsn) => Assert.True(DutchIdentifiers.IsValidBsn(bsn));

    [Theory]
    [InlineData("999900007")]
    [InlineData("000000000")]
    [InlineData("99990000")]
    [InlineData("9999000060")]
    [InlineData("99990000a")]
    [InlineData(" 99990000")]
    [InlineData("")]
    [InlineData(null)]
    public void Anything_else_is_not_a_bsn(string? bsn) => Assert.False(DutchIdentifiers.IsValidBsn(bsn));

    [Fact]
    public void The_eleven_test_weighs_the_last_digit_minus_one()
    {
        // 9·1+8·1+7·1+6·2+5·2+4·2+3·3+2·3 = 69; 69 − 3 = 66 = 6·11.
        Assert.True(DutchIdentifiers.IsValidBsn("111222333"));
        Assert.False(DutchIdentifiers.IsValidBsn("111222334"));
    }

    [Theory]
    [InlineData("01012345", true)]
    [InlineData("0101234", false)]
    [InlineData("010123456", false)]
    [InlineData("0101234x", false)]
    public void An_agb_code_is_8_digits(string agb, bool valid) => Assert.Equal(valid, DutchIdentifiers.IsValidAgb(agb));

    [Theory]
    [InlineData("3311", true)]
    [InlineData("0344", true)]
    [InlineData("344", false)]
    [InlineData("03440", false)]
    public void Uzovi_and_municipality_codes_are_4_digits(string code, bool valid)
    {
        Assert.Equal(valid, DutchIdentifiers.IsValidUzovi(code));
        Assert.Equal(valid, DutchIdentifiers.IsValidMunicipalityCode(code));
    }

    [Theory]
    [InlineData("2008-11-23", "2026-11-23", 18)]
    [InlineData("2008-11-24", "2026-11-23", 17)]
    [InlineData("2008-02-29", "2026-02-28", 17)]
    [InlineData("2008-02-29", "2026-03-01", 18)]
    public void Age_counts_whole_years_from_the_birthday(string born, string on, int age) =>
        Assert.Equal(age, AmsterdamTime.AgeOn(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Today_is_the_date_in_amsterdam_not_in_utc()
    {
        // 23:30 UTC on 23 November is 00:30 on 24 November in Amsterdam (CET, UTC+1).
        var time = new FixedTime(new DateTimeOffset(2026, 11, 23, 23, 30, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 11, 24), AmsterdamTime.Today(time));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

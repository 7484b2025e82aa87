using Referral.Api.Domain;

namespace Referral.Tests;

/// <summary>
/// The ICD-10-CM codes a suspected DSM-5 classification may carry (domain.md: unknown codes are
/// refused), and the rule that refuses an unknown one.
/// </summary>
[Trait("Category", "Unit")]
public sealed class DsmCodeListTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Fact]
    public void The_list_names_its_public_domain_source_and_release_and_says_it_is_partial()
    {
        Assert.Equal("ICD-10-CM, US National Center for Health Statistics, public domain", DsmCodeList.Source);
        Assert.Equal("FY2026", DsmCodeList.Release);
        Assert.True(DsmCodeList.IsPartial);
        Assert.InRange(DsmCodeList.Codes.Count, 100, 1000);
    }

    [Theory]
    [InlineData("F31")]
    [InlineData("F31.9")]
    [InlineData("F32")]
    [InlineData("F32.0")]
    [InlineData("F32.A")]
    [InlineData("F41.1")]
    [InlineData("F43.21")]
    public void The_codes_the_fixtures_use_are_known(string code)
    {
        Assert.True(DsmCodeList.IsKnown(code));
        Assert.Null(DsmCodeRule.Check(code));
    }

    [Theory]
    [InlineData("F32")]
    [InlineData("F43")]
    [InlineData("F43.2")]
    [InlineData("F50.01")]
    [InlineData("F17.21")]
    public void A_header_of_a_listed_code_is_known_as_a_header(string code)
    {
        Assert.True(DsmCodeList.IsKnown(code));
        Assert.True(DsmCodeList.IsHeader(code));
        Assert.Null(DsmCodeList.TitleOf(code));
    }

    [Fact]
    public void A_listed_code_has_its_icd10cm_title_and_is_no_header()
    {
        Assert.Equal("Generalized anxiety disorder", DsmCodeList.TitleOf("F41.1"));
        Assert.Equal("Depression, unspecified", DsmCodeList.TitleOf("F32.A"));
        Assert.False(DsmCodeList.IsHeader("F41.1"));
    }

    [Fact]
    public void Every_listed_code_is_a_well_formed_mental_disorder_or_sleep_wake_code_with_a_title()
    {
        Assert.All(DsmCodeList.Codes, code =>
        {
            Assert.True(DsmCodeRule.IsWellFormed(code), code);
            Assert.True(code.StartsWith('F') || code.StartsWith("G47", StringComparison.Ordinal), code);
            Assert.False(string.IsNullOrWhiteSpace(DsmCodeList.TitleOf(code)), code);
        });
    }

    [Theory]
    [InlineData("F99.99")]
    [InlineData("X12")]
    [InlineData("F32.7")]
    [InlineData("F43.3")]
    [InlineData("Z99")]
    public void A_well_formed_unknown_code_is_refused(string code)
    {
        Assert.False(DsmCodeList.IsKnown(code));
        var error = DsmCodeRule.Check(code);
        Assert.NotNull(error);
        Assert.Contains(code, error, StringComparison.Ordinal);
        Assert.Contains("partial", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rule_has_an_id_and_a_field()
    {
        Assert.Equal("dsm-code-unknown", ReferralRules.DsmCodeUnknown);
        Assert.Equal("suspectedDsm.code", DsmCodeRule.Field);
    }

    [Theory]
    [InlineData("32.0")]
    [InlineData("depression")]
    [InlineData("F3")]
    [InlineData("F32.00000")]
    [InlineData(" F32.0")]
    public void A_malformed_code_is_left_to_the_format_check_which_refuses_it(string code)
    {
        Assert.Null(DsmCodeRule.Check(code));
        Assert.Equal(["suspectedDsm.code"], ReferralValidator.Validate(AdultWith(code), Today).Errors.Keys);
    }

    [Theory]
    [InlineData("f32.0")]
    [InlineData("F32.a")]
    public void Codes_are_upper_case_a_lower_case_one_is_the_format_checks_to_refuse(string code)
    {
        Assert.False(DsmCodeList.IsKnown(code));
        Assert.False(DsmCodeRule.IsWellFormed(code));
        Assert.Null(DsmCodeRule.Check(code));
        Assert.Equal(["suspectedDsm.code"], ReferralValidator.Validate(AdultWith(code), Today).Errors.Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_code_is_not_this_rules_to_refuse(string? code)
    {
        Assert.False(DsmCodeList.IsKnown(code));
        Assert.Null(DsmCodeRule.Check(code));
    }

    [Theory]
    [InlineData("F32.0")]
    [InlineData("F43.21")]
    [InlineData("F99.99")]
    [InlineData("X12")]
    public void The_rule_and_the_validators_format_check_agree_on_what_is_well_formed(string code)
    {
        Assert.True(DsmCodeRule.IsWellFormed(code));
        Assert.Empty(ReferralValidator.Validate(AdultWith(code), Today).Errors);
    }

    private static ReferralRequest AdultWith(string code) => new(
        new PersonInput("999900006", "Sandra de Vries", new DateOnly(1990, 6, 2), "0344", "3311"),
        [],
        new ReferrerInput("01012345", "02", "Huisartsenpraktijk Lombok"),
        "adult", "Low mood.", new DsmInput(code, "x"), "basic", null);
}

using Referral.Api.Domain;

namespace Referral.Tests;

[Trait("Category", "Unit")]
public sealed class ReferralValidatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    private static ReferralRequest Youth() => new(
        new PersonInput("999900018", "Daan de Vries", new DateOnly(2011, 3, 14), "0344", null),
        [new HouseholdInput("999900006", "Sandra de Vries", new DateOnly(1990, 6, 2), "parent", true)],
        new ReferrerInput("01012345", "02", "Huisartsenpraktijk Lombok"),
        "youth", "Truancy.", null, null, null);

    private static ReferralRequest Adult() => Youth() with
    {
        Subject = new PersonInput("999900006", "Sandra de Vries", new DateOnly(1990, 6, 2), "0344", "3311"),
        Household = [],
        Domain = "adult",
        SuspectedDsm = new DsmInput("F32.0", "Major depressive disorder, single episode, mild"),
    };

    private static string[] ErrorFields(ReferralRequest request) => ReferralValidator.Validate(request, Today).Errors.Keys.Order().ToArray();

    [Fact]
    public void A_complete_youth_referral_is_valid_and_defaults_to_a_gp_referrer()
    {
        var (referral, errors) = ReferralValidator.Validate(Youth() with { Referrer = new ReferrerInput("01012345", null, null) }, Today);
        Assert.Empty(errors);
        Assert.Equal("02", referral!.ReferrerType);
        Assert.Equal("999900006", Assert.Single(referral.Household).Bsn);
    }

    [Fact]
    public void A_complete_adult_referral_is_valid() => Assert.Empty(ErrorFields(Adult()));

    [Theory]
    [InlineData("999900019", "subject.bsn")]
    [InlineData("12345678", "subject.bsn")]
    [InlineData("000000000", "subject.bsn")]
    public void An_invalid_bsn_is_refused(string bsn, string field) =>
        Assert.Equal([field], ErrorFields(Youth() with { Subject = Youth().Subject! with { Bsn = bsn } }));

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("0101234A")]
    public void An_agb_code_that_is_not_8_digits_is_refused(string agb) =>
        Assert.Equal(["referrer.agb"], ErrorFields(Youth() with { Referrer = new ReferrerInput(agb, "02", null) }));

    [Theory]
    [InlineData("344")]
    [InlineData("03444")]
    [InlineData("03a4")]
    public void A_municipality_code_that_is_not_4_digits_is_refused(string code) =>
        Assert.Equal(["subject.municipalityCode"], ErrorFields(Youth() with { Subject = Youth().Subject! with { MunicipalityCode = code } }));

    [Fact]
    public void A_uzovi_that_is_not_4_digits_is_refused() =>
        Assert.Equal(["subject.uzovi"], ErrorFields(Adult() with { Subject = Adult().Subject! with { Uzovi = "331" } }));

    [Fact]
    public void A_date_of_birth_in_the_future_is_refused() =>
        Assert.Equal(["subject.birthDate"], ErrorFields(Youth() with { Subject = Youth().Subject! with { BirthDate = Today.AddDays(1) } }));

    [Fact]
    public void Born_today_is_not_in_the_future() =>
        Assert.Empty(ErrorFields(Youth() with { Subject = Youth().Subject! with { BirthDate = Today } }));

    [Fact]
    public void Missing_fields_are_each_named()
    {
        var empty = new ReferralRequest(new PersonInput(null, null, null, null, null), null, new ReferrerInput(null, null, null), null, null, null, null, null);
        Assert.Equal(
            ["domain", "reason", "referrer.agb", "subject.birthDate", "subject.bsn", "subject.municipalityCode", "subject.name"],
            ErrorFields(empty));
    }

    [Fact]
    public void A_household_member_is_checked_like_the_subject()
    {
        var request = Youth() with { Household = [new HouseholdInput("999900019", null, Today.AddDays(3), "cousin", null)] };
        Assert.Equal(["household[0].birthDate", "household[0].bsn", "household[0].relation"], ErrorFields(request));
    }

    [Fact]
    public void The_subject_cannot_be_in_their_own_household() =>
        Assert.Equal(["household[0].bsn"], ErrorFields(Youth() with { Household = [new HouseholdInput("999900018", null, new DateOnly(2011, 3, 14), "sibling", null)] }));

    [Fact]
    public void Adult_ggz_needs_a_suspected_dsm_disorder_an_insurer_and_the_referrer_name() =>
        Assert.Equal(
            ["referrer.name", "subject.uzovi", "suspectedDsm"],
            ErrorFields(Adult() with { SuspectedDsm = null, Subject = Adult().Subject! with { Uzovi = null }, Referrer = new ReferrerInput("01012345", "02", null) }));

    [Fact]
    public void A_minor_cannot_be_referred_to_adult_ggz() =>
        Assert.Equal(["domain"], ErrorFields(Adult() with { Subject = Adult().Subject! with { BirthDate = Today.AddYears(-18).AddDays(1) } }));

    [Fact]
    public void On_the_eighteenth_birthday_youth_ggz_is_closed_to_a_new_referral()
    {
        var turning18 = Youth() with { Subject = Youth().Subject! with { BirthDate = Today.AddYears(-18) } };
        Assert.Equal(["domain"], ErrorFields(turning18));
        Assert.Empty(ErrorFields(turning18 with { Subject = turning18.Subject! with { BirthDate = Today.AddYears(-18).AddDays(1) } }));
    }

    [Fact]
    public void A_classification_description_longer_than_200_characters_is_refused() =>
        Assert.Equal(["suspectedDsm.description"], ErrorFields(Adult() with { SuspectedDsm = new DsmInput("F32.0", new string('x', 201)) }));

    [Fact]
    public void On_the_eighteenth_birthday_adult_ggz_is_open() =>
        Assert.Empty(ErrorFields(Adult() with { Subject = Adult().Subject! with { BirthDate = Today.AddYears(-18) } }));

    [Theory]
    [InlineData("32.0")]
    [InlineData("depression")]
    [InlineData("F3")]
    public void A_dsm_classification_is_given_as_an_icd10cm_code(string code) =>
        Assert.Equal(["suspectedDsm.code"], ErrorFields(Adult() with { SuspectedDsm = new DsmInput(code, "x") }));

    [Theory]
    [InlineData("F32")]
    [InlineData("F43.21")]
    public void Icd10cm_codes_with_and_without_subcategory_are_accepted(string code) =>
        Assert.Empty(ErrorFields(Adult() with { SuspectedDsm = new DsmInput(code, "x") }));

    [Theory]
    [InlineData("07")]
    [InlineData("2")]
    public void An_unknown_referrer_type_is_refused(string type) =>
        Assert.Equal(["referrer.type"], ErrorFields(Youth() with { Referrer = new ReferrerInput("01012345", type, null) }));
}

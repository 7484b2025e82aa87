using Consent.Api.Domain;
using Coordination.ServiceDefaults.Outcomes;

namespace Consent.Tests;

/// <summary>
/// The consent rules' refusals, decided in <see cref="ConsentRules"/> alone with no platform: each
/// names its rule, whose words are the detail, under one title; and every rule is in the catalog.
/// </summary>
[Trait("Category", "Unit")]
public sealed class ConsentRefusalTests
{
    private static readonly Guid Family = Guid.NewGuid();
    private static readonly Guid Subject = Guid.NewGuid();
    private static readonly Guid Sibling = Guid.NewGuid();

    [Fact]
    public void A_refusal_by_the_age_rule_cites_the_rule_in_its_detail()
    {
        var decision = ConsentRules.MayDeclare(DeclarantKind.Parent, Custody.Custodial, new DateOnly(2008, 1, 1), new DateOnly(2026, 11, 23));
        var refusal = decision.AsRefusal();

        Assert.NotNull(refusal);
        Assert.Equal(RefusalKind.RuleBroken, refusal.Kind);
        Assert.Equal(ConsentRules.From16RuleId, refusal.Rule);
        Assert.Equal(ConsentRules.RefusedTitle, refusal.Title);
        Assert.Equal(decision.Rule, refusal.Detail);
        Assert.Null(refusal.Field);
    }

    [Fact]
    public void An_allowed_decision_is_no_refusal() =>
        Assert.Null(ConsentRules.MayDeclare(DeclarantKind.Subject, Custody.NotCustodial, new DateOnly(2008, 1, 1), new DateOnly(2026, 11, 23)).AsRefusal());

    [Fact]
    public void A_client_declares_for_themselves_or_their_own_child_only()
    {
        Assert.Null(ConsentRules.MayDeclareFor(Subject, Subject, callerIsParent: false));
        Assert.Null(ConsentRules.MayDeclareFor(Guid.NewGuid(), Subject, callerIsParent: true));

        var refusal = ConsentRules.MayDeclareFor(Guid.NewGuid(), Subject, callerIsParent: false);
        Assert.Equal(RefusalKind.RuleBroken, refusal?.Kind);
        Assert.Equal(ConsentRules.NotADeclarantRuleId, refusal?.Rule);
        Assert.Equal("You may declare only for yourself or for your own child.", refusal?.Detail);
        Assert.Equal(ConsentRules.NotADeclarant, refusal);
    }

    [Fact]
    public void A_consent_names_the_care_team_of_the_subjects_own_family()
    {
        Assert.Null(ConsentRules.MayName(RecipientKinds.CareTeam, Family.ToString("D"), Family, Subject, recipientFamilyId: null));

        var refusal = ConsentRules.MayName(RecipientKinds.CareTeam, Guid.NewGuid().ToString("D"), Family, Subject, recipientFamilyId: null);
        Assert.Equal(RefusalKind.RuleBroken, refusal?.Kind);
        Assert.Equal(ConsentRules.CareTeamOfOwnFamilyRuleId, refusal?.Rule);
        Assert.Equal(ConsentRules.RefusedTitle, refusal?.Title);
    }

    [Fact]
    public void A_consent_names_another_known_person_in_the_subjects_own_family()
    {
        Assert.Null(ConsentRules.MayName(RecipientKinds.FamilyMember, Sibling.ToString("D"), Family, Subject, Family));

        Assert.Equal(ConsentRules.FamilyMemberOfOwnFamilyRuleId,
            ConsentRules.MayName(RecipientKinds.FamilyMember, Sibling.ToString("D"), Family, Subject, recipientFamilyId: null)?.Rule);
        Assert.Equal(ConsentRules.FamilyMemberOfOwnFamilyRuleId,
            ConsentRules.MayName(RecipientKinds.FamilyMember, Sibling.ToString("D"), Family, Subject, Guid.NewGuid())?.Rule);
        Assert.Equal(ConsentRules.FamilyMemberOfOwnFamilyRuleId,
            ConsentRules.MayName(RecipientKinds.FamilyMember, Subject.ToString("D"), Family, Subject, Family)?.Rule);
    }

    [Fact]
    public void An_organisation_or_professional_is_named_without_a_family_check()
    {
        Assert.Null(ConsentRules.MayName(RecipientKinds.Organisation, "06010001", Family, Subject, recipientFamilyId: null));
        Assert.Null(ConsentRules.MayName(RecipientKinds.Professional, "01012345", Family, Subject, recipientFamilyId: null));
    }

    [Fact]
    public void A_declaration_with_another_period_names_the_open_consent()
    {
        var open = Guid.NewGuid();
        var refusal = ConsentRules.PeriodDiffers(open);

        Assert.Equal(RefusalKind.RuleBroken, refusal.Kind);
        Assert.Equal(ConsentRules.PeriodDiffersRuleId, refusal.Rule);
        Assert.Contains(open.ToString(), refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_child_protection_measure_is_for_a_minor_on_its_first_day()
    {
        var birth = new DateOnly(2008, 11, 23);
        Assert.Null(ConsentRules.MayRecordMeasure(birth, new DateOnly(2026, 11, 22)));

        var refusal = ConsentRules.MayRecordMeasure(birth, new DateOnly(2026, 11, 23));
        Assert.Equal(RefusalKind.RuleBroken, refusal?.Kind);
        Assert.Equal(ConsentRules.MeasureForAMinorRuleId, refusal?.Rule);
        Assert.Null(refusal?.Field);
    }

    [Fact]
    public void Every_rule_the_consent_service_names_is_in_the_catalog()
    {
        string[] named =
        [
            ConsentRules.Under12RuleId, ConsentRules.From12RuleId, ConsentRules.From16RuleId, ConsentRules.ParentalAuthorityRuleId,
            ConsentRules.CustodyDisputedRuleId, ConsentRules.CustodyRequiredRuleId, ConsentRules.NotADeclarantRuleId,
            ConsentRules.PeriodDiffersRuleId, ConsentRules.CareTeamOfOwnFamilyRuleId, ConsentRules.FamilyMemberOfOwnFamilyRuleId,
            ConsentRules.MeasureForAMinorRuleId, ConsentRules.NoConsentRuleId, ConsentRules.EmergencyRuleId, ConsentRules.MeasureRuleId,
        ];

        Assert.Equal(named.Order(StringComparer.Ordinal), ConsentRules.All.Keys.Order(StringComparer.Ordinal));
        Assert.All(ConsentRules.All.Values, description => Assert.False(string.IsNullOrWhiteSpace(description)));
    }
}

using Consent.Contracts;

namespace Consent.Api.Domain;

/// <summary>An explanation a family reads before agreeing: Dutch at B1 level, and English.</summary>
/// <param name="Nl">Dutch, B1.</param>
/// <param name="En">English.</param>
public sealed record PlainText(string Nl, string En);

/// <summary>One consent purpose: its code, what it means in plain words, and who may receive under it.</summary>
/// <param name="Code">The code (<see cref="ConsentPurposes"/>).</param>
/// <param name="Explanation">What the family agrees to.</param>
/// <param name="RecipientKinds">The kinds of recipient this purpose allows.</param>
public sealed record Purpose(string Code, PlainText Explanation, IReadOnlyList<string> RecipientKinds);

/// <summary>The kinds of recipient a consent can name.</summary>
public static class RecipientKinds
{
    /// <summary>An organisation, by its AGB code.</summary>
    public const string Organisation = "organisation";

    /// <summary>One professional, by their personal AGB code.</summary>
    public const string Professional = "professional";

    /// <summary>A person in the family, by their member id.</summary>
    public const string FamilyMember = "family-member";

    /// <summary>The care team of a family, by the family id: every professional on it, now and later.</summary>
    public const string CareTeam = "care-team";

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<string> All = [Organisation, Professional, FamilyMember, CareTeam];
}

/// <summary>The closed list of purposes (docs/consent.md says why these four).</summary>
public static class Purposes
{
    public static readonly IReadOnlyList<Purpose> All =
    [
        new(ConsentPurposes.FamilyCareTeam, new(
            "U geeft toestemming dat de hulpverleners van uw gezinsleden uw zorggegevens zien. Zo kunnen zij samen één plan maken voor uw gezin. U kunt dit altijd weer intrekken.",
            "You agree that the care professionals of your family members see your care data, so they can make one plan for your family together. You can withdraw this at any time."),
            [RecipientKinds.CareTeam, RecipientKinds.Organisation, RecipientKinds.Professional]),
        new(ConsentPurposes.Mdo, new(
            "U geeft toestemming dat u meedoet aan een overleg met hulpverleners uit verschillende organisaties, of dat zij daar over u praten. U kunt dit altijd weer intrekken.",
            "You agree to take part in a meeting of care professionals from different organisations, or to be discussed there. You can withdraw this at any time."),
            [RecipientKinds.CareTeam, RecipientKinds.Organisation, RecipientKinds.Professional]),
        new(ConsentPurposes.Professional, new(
            "U geeft toestemming dat één hulpverlener of organisatie die u zelf kiest, en die niet in het team rond uw gezin zit, uw zorggegevens ziet. U kunt dit altijd weer intrekken.",
            "You agree that one care professional or organisation you choose, outside the team around your family, sees your care data. You can withdraw this at any time."),
            [RecipientKinds.Organisation, RecipientKinds.Professional]),
        new(ConsentPurposes.FamilyMember, new(
            "U geeft toestemming dat één persoon uit uw gezin, die u zelf kiest, uw deel van het gezinsplan ziet. U kunt dit altijd weer intrekken.",
            "You agree that one person in your family, whom you choose, sees your part of the family plan. You can withdraw this at any time."),
            [RecipientKinds.FamilyMember]),
    ];

    /// <summary>The purpose with <paramref name="code"/>, or null.</summary>
    public static Purpose? Find(string? code) => All.FirstOrDefault(p => p.Code == code);
}

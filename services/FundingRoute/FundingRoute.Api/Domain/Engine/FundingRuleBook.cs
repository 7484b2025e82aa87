namespace FundingRoute.Api.Domain.Engine;

/// <summary>One rule of the rule book: its id, the law and article it rests on, and what it says in Dutch and in English.</summary>
public sealed record FundingRuleText(string Id, string Article, string Nl, string En);

/// <summary>
/// Every rule the funding engine applies, in the order it looks at them (domain.md, "Funding
/// route"), so that a lawyer can read which rules exist, in which order, and why. The articles are
/// as the project's domain description gives them; they have not been checked against the official
/// text of each law.
/// </summary>
public static class FundingRuleBook
{
    // Which law: youth.
    public const string Minor = "jeugdwet-minor";
    public const string FosterCareTo21 = "jeugdwet-foster-care-to-21";
    public const string ContinuationTo23 = "jeugdwet-continuation-to-23";
    public const string GgzMovesToZvwAt18 = "jeugdwet-ggz-moves-to-zvw-at-18";
    public const string YouthAgeLimit = "jeugdwet-age-limit";
    public const string TransitionAt18 = "jeugdwet-transition-at-18";

    // Which municipality: the woonplaatsbeginsel, in its four steps, and a move during care.
    public const string WoonplaatsBrp = "woonplaats-brp-address";
    public const string WoonplaatsBeforeStay = "woonplaats-address-before-stay";
    public const string WoonplaatsMotherAtBirth = "woonplaats-mother-at-birth";
    public const string WoonplaatsWhereChildIs = "woonplaats-where-the-child-is";
    public const string WoonplaatsAbroad = "woonplaats-abroad";
    public const string MoveOldMunicipalityStays = "woonplaats-move-old-municipality-stays";
    public const string MoveNewMunicipality = "woonplaats-move-new-municipality";

    // Adults: Zvw.
    public const string ZvwDisorderAndReferral = "zvw-disorder-and-referral";
    public const string ZvwNoDisorder = "zvw-no-disorder";
    public const string ZvwNoRelationshipTherapy = "zvw-no-relationship-therapy";
    public const string FamilyTherapistCannotBill = "zvw-family-therapist-cannot-bill";
    public const string FamilyTherapyWithinTreatment = "zvw-family-therapy-within-treatment";
    public const string RelativesOneConsult = "zvw-relatives-one-consult";
    public const string RelativesGroupConsult = "zvw-relatives-group-consult";
    public const string PohIsGpCare = "zvw-poh-is-gp-care";
    public const string ZvwDeductible = "zvw-deductible";

    // The other routes.
    public const string Supplementary = "supplementary-insurance";
    public const string SelfPay = "self-pay";
    public const string WmoSupport = "wmo-social-support";
    public const string WlzIndication = "wlz-ciz-indication";
    public const string WlzNeedsIndication = "wlz-needs-indication";

    // What the engine cannot decide.
    public const string MemberUnknown = "funding-member-unknown";
    public const string HelpNotClassified = "funding-help-not-classified";

    /// <summary>The rules, in the order the engine looks at them.</summary>
    public static readonly IReadOnlyList<FundingRuleText> Rules =
    [
        new(Minor, "Jeugdwet art. 1.1, jeugdige, sub 1°",
            "Een jeugdige onder de 18 krijgt jeugdhulp van de gemeente.",
            "A young person under 18 gets youth help from the municipality."),
        new(FosterCareTo21, "Jeugdwet art. 1.1, jeugdige, sub 2°; pleegzorg tot 21",
            "Pleegzorg die voor het 18e jaar begon, loopt onder de Jeugdwet door tot 21.",
            "Foster care that began before 18 continues under the Jeugdwet until 21."),
        new(ContinuationTo23, "Jeugdwet art. 1.1, jeugdige, sub 2°",
            "Jeugdhulp die voor het 18e jaar nodig werd geoordeeld, loopt door tot 23, maar alleen hulp die geen andere wet (Zvw, Wlz, Wmo) biedt.",
            "Youth help found necessary before 18 continues until 23, but only help that no other law (Zvw, Wlz, Wmo) provides."),
        new(GgzMovesToZvwAt18, "Jeugdwet art. 1.1, jeugdige, sub 2°; Zvw art. 10",
            "Ggz-behandeling valt vanaf 18 onder de Zvw; verlengde jeugdhulp dekt die daarom niet.",
            "From 18 mental health treatment falls under the Zvw, so continued youth help does not cover it."),
        new(YouthAgeLimit, "Jeugdwet art. 1.1, jeugdige",
            "Na 18 (pleegzorg: 21; verlengde jeugdhulp: 23) is er geen recht op jeugdhulp meer (iJw reden 9: leeftijdsgrens bereikt).",
            "After 18 (foster care: 21; continued youth help: 23) there is no right to youth help (iJw reason 9: age limit reached)."),
        new(TransitionAt18, "Jeugdwet art. 1.1, jeugdige; iJw reden einde zorg 31",
            "Vanaf 90 dagen voor het 18e jaar wordt de overgang voorbereid: ggz gaat op de verjaardag naar de Zvw (de jeugdroute stopt met reden 31); andere hulp die voor 18 nodig werd geoordeeld kan onder de Jeugdwet doorlopen tot 23.",
            "From 90 days before the 18th birthday the transition is prepared: mental health care moves to the Zvw on the birthday (the youth route stops with reason 31); other help found necessary before 18 may continue under the Jeugdwet until 23."),
        new(WoonplaatsBrp, "Jeugdwet art. 1.1, woonplaats, stap 1",
            "De gemeente van het woonadres in de BRP is verantwoordelijk.",
            "The municipality of the home address in the population register (BRP) is responsible."),
        new(WoonplaatsBeforeStay, "Jeugdwet art. 1.1, woonplaats, stap 2",
            "Verblijft de jeugdige bij een aanbieder, pleegouders, in de Wlz of in een justitiële jeugdinrichting, dan is het BRP-adres vlak voor dat verblijf bepalend.",
            "When the young person stays with a provider, foster parents, in Wlz care or youth detention, the BRP address just before that stay decides."),
        new(WoonplaatsMotherAtBirth, "Jeugdwet art. 1.1, woonplaats, stap 3",
            "Zonder bruikbaar BRP-adres: de gemeente waar de moeder bij de geboorte woonde.",
            "Without a usable BRP address: the municipality where the mother lived at the birth."),
        new(WoonplaatsWhereChildIs, "Jeugdwet art. 1.1, woonplaats, stap 3",
            "Is ook die onbekend, dan de gemeente waar de jeugdige feitelijk verblijft.",
            "If that is unknown too, the municipality where the young person actually is."),
        new(WoonplaatsAbroad, "Jeugdwet art. 1.1, woonplaats, stap 4",
            "Bij een adres in het buitenland: de gemeente waar de jeugdige feitelijk verblijft.",
            "With an address abroad: the municipality where the young person actually is."),
        new(MoveOldMunicipalityStays, "Jeugdwet art. 1.1, woonplaats (verhuizing tijdens jeugdhulp)",
            "Na een verhuizing tijdens niet-residentiële jeugdhulp blijft de oude gemeente verantwoordelijk tot de nieuwe een voorziening treft, hooguit een jaar.",
            "After a move during non-residential youth help the old municipality stays responsible until the new one assigns, for at most a year."),
        new(MoveNewMunicipality, "Jeugdwet art. 1.1, woonplaats (verhuizing tijdens jeugdhulp)",
            "De nieuwe gemeente heeft toegewezen, of het jaar na de verhuizing is om: de nieuwe gemeente is verantwoordelijk.",
            "The new municipality has assigned, or the year after the move has passed: the new municipality is responsible."),
        new(ZvwDisorderAndReferral, "Zvw art. 10; Besluit zorgverzekering art. 2.4",
            "Ggz voor een volwassene valt onder de basisverzekering bij een (vermoede) DSM-5-stoornis en een geldige verwijzing.",
            "Mental health care for an adult is in the basic package with a (suspected) DSM-5 disorder and a valid referral."),
        new(ZvwNoDisorder, "Besluit zorgverzekering art. 2.4",
            "Zonder (vermoede) DSM-5-stoornis en geldige verwijzing vergoedt de basisverzekering geen ggz.",
            "Without a (suspected) DSM-5 disorder and a valid referral the basic package pays no mental health care."),
        new(ZvwNoRelationshipTherapy, "Besluit zorgverzekering art. 2.4 (sinds 2012)",
            "Relatie- of gezinstherapie zonder psychische stoornis valt sinds 2012 niet onder de basisverzekering.",
            "Relationship or family therapy without a psychiatric disorder is not in the basic package since 2012."),
        new(FamilyTherapistCannotBill, "NZa Zorgprestatiemodel, beroepentabel",
            "De systeemtherapeut staat niet in de beroepentabel van de NZa en kan in de volwassenenzorg niet zelf declareren.",
            "The family therapist is not in the NZa profession table and cannot bill adult care on their own."),
        new(FamilyTherapyWithinTreatment, "Zvw art. 10; NZa Zorgprestatiemodel",
            "Gezinstherapie valt alleen onder de basisverzekering als deel van de behandeling van de stoornis van een patiënt, waar gezinsproblemen die behandeling belemmeren.",
            "Family therapy is in the basic package only as part of the treatment of a patient's disorder, where family problems hinder that treatment."),
        new(RelativesOneConsult, "NZa Zorgprestatiemodel, consult met naasten",
            "Een consult met de patiënt en diens naasten is één consult, gedeclareerd op de patiënt.",
            "A consult with the patient and their close relatives is one consult, billed on the patient."),
        new(RelativesGroupConsult, "NZa Zorgprestatiemodel, groepsconsult",
            "Een groepsconsult alleen als een naaste een eigen zorgvraag en verwijzing heeft.",
            "A group consult only when a relative has their own care need and referral."),
        new(PohIsGpCare, "Zvw art. 19 lid 2 (huisartsenzorg)",
            "Zorg door de POH-GGZ is huisartsenzorg: geen eigen risico.",
            "Care by the POH-GGZ is GP care: no deductible."),
        new(ZvwDeductible, "Zvw art. 19",
            "Het eigen risico geldt vanaf de eerste dag van de maand na de 18e verjaardag, naar rato in dat jaar; het bedrag is per jaar vastgesteld.",
            "The deductible applies from the first day of the month after the 18th birthday, pro rata in that year; its amount is set per year."),
        new(Supplementary, "Aanvullende verzekering (polisvoorwaarden)",
            "Sommige aanvullende verzekeringen vergoeden gezins- of relatietherapie.",
            "Some supplementary insurances cover family or relationship therapy."),
        new(SelfPay, "Geen wettelijke dekking",
            "Zelf betalen: gezinstherapie kost €80–200 per sessie van 60–90 minuten.",
            "Self-pay: family therapy costs €80–200 per session of 60–90 minutes."),
        new(WmoSupport, "Wmo 2015 art. 2.3.1",
            "Maatschappelijke ondersteuning (begeleiding thuis, respijtzorg voor mantelzorgers) is van de gemeente.",
            "Social support (supervision at home, respite for carers) is the municipality's."),
        new(WlzIndication, "Wlz art. 3.2.1",
            "Langdurige zorg, zoals opname in een verpleeghuis, valt onder de Wlz met een indicatie van het CIZ.",
            "Long-term care, such as a nursing-home admission, falls under the Wlz with a CIZ indication."),
        new(WlzNeedsIndication, "Wlz art. 3.2.1",
            "Zonder CIZ-indicatie nog geen Wlz-zorg: eerst een indicatie aanvragen.",
            "Without a CIZ indication no Wlz care yet: apply for an indication first."),
        new(MemberUnknown, "Geen verwijzing bekend",
            "Van dit gezinslid is geen verwijzing bekend: wie betaalt kan niet worden bepaald tot er een is.",
            "No referral of this member is on record: who pays cannot be decided until there is one."),
        new(HelpNotClassified, "Geen regel",
            "Het plan noemt deze hulp 'overig': geen regel bepaalt wie betaalt; vraag het de financier.",
            "The plan calls this help 'other': no rule decides who pays; ask the financier."),
    ];

    private static readonly Dictionary<string, FundingRuleText> ById = Rules.ToDictionary(r => r.Id);

    /// <summary>Rule <paramref name="id"/> as applied, with the facts it used (those without a value left out).</summary>
    public static AppliedRule Cite(string id, params (string Name, string? Value)[] facts) =>
        new(Get(id), facts.Where(f => f.Value is not null).ToDictionary(f => f.Name, f => f.Value!));

    /// <summary>The rule <paramref name="id"/>; an id not in the book is a programming error.</summary>
    public static FundingRuleText Get(string id) => ById.TryGetValue(id, out var rule) ? rule : throw new KeyNotFoundException($"No funding rule {id}.");
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Coordination.Testing;

/// <summary>A person of a scenario family: a valid test BSN, a name, a birth date (ages as on <see cref="TestClock.Today"/>).</summary>
public sealed record Person(string Bsn, string Name, DateOnly BirthDate);

/// <summary>
/// The families of ../shared/scenarios/README.md as referral bodies a GP sends. Ages hold on
/// <see cref="TestClock.Today"/> (Monday 23 November 2026).
/// </summary>
public static class Families
{
    /// <summary>The GP of the scenarios.</summary>
    public const string GpAgb = "01012345";

    // Scenario 1: Mark and Sandra (35), Daan (14), Tim (12); Utrecht (0344), UZOVI 3311.
    public static readonly Person Mark = new("999900055", "Mark de Vries", new(1991, 2, 11));
    public static readonly Person Sandra = new("999900006", "Sandra de Vries", new(1991, 6, 2));
    public static readonly Person Daan = new("999900018", "Daan de Vries", new(2012, 4, 20));
    public static readonly Person Tim = new("999900067", "Tim de Vries", new(2014, 5, 10));

    // Scenario 2: Anne (9), her father, mother and brother (6); Amersfoort (0307).
    public static readonly Person Anne = new("999900079", "Anne Bakker", new(2017, 9, 3));
    public static readonly Person AnnesFather = new("999900080", "Joost Bakker", new(1984, 1, 15));
    public static readonly Person AnnesMother = new("999900092", "Femke Bakker", new(1986, 7, 22));
    public static readonly Person AnnesBrother = new("999900109", "Sem Bakker", new(2020, 3, 30));

    // Scenario 3: Lisa (18) in Groningen (0014) with Omar; her mother Ingrid (49) in Zwolle (0193).
    public static readonly Person Lisa = new("999900110", "Lisa Visser", new(2008, 5, 6));
    public static readonly Person Ingrid = new("999900122", "Ingrid Visser", new(1977, 2, 18));
    public static readonly Person Omar = new("999900134", "Omar Haddad", new(2006, 10, 1));

    // Scenario 4: Henk (66) and Els (65), their son Peter (38); Enschede (0153).
    public static readonly Person Henk = new("999900213", "Henk Kuipers", new(1960, 5, 14));
    public static readonly Person Els = new("999900225", "Els Kuipers", new(1961, 8, 30));
    public static readonly Person Peter = new("999900237", "Peter Kuipers", new(1988, 4, 2));

    // Scenario 5: Filip (16), Zoë (19), their parents; Maastricht (0935).
    public static readonly Person Filip = new("999900146", "Filip Janssen", new(2010, 8, 12));
    public static readonly Person Zoe = new("999900158", "Zoë Janssen", new(2007, 4, 25));
    public static readonly Person FilipsMother = new("999900171", "Marieke Janssen", new(1975, 12, 1));
    public static readonly Person FilipsFather = new("999900183", "Ruud Janssen", new(1973, 6, 9));

    /// <summary>A household member of a referral: who, their relation to the subject, and custody where it applies.</summary>
    public static (Person Person, string Relation, bool? Custody) As(this Person person, string relation, bool? custody = null) => (person, relation, custody);

    /// <summary>A youth referral of <paramref name="subject"/> to youth GGZ.</summary>
    public static JsonObject Youth(Person subject, string municipality, string reason, params (Person Person, string Relation, bool? Custody)[] household) =>
        Referral(subject, "youth", municipality, uzovi: null, dsm: null, reason, GpAgb, household);

    /// <summary>An adult referral of <paramref name="subject"/> to basic GGZ with a suspected disorder.</summary>
    public static JsonObject Adult(
        Person subject, string municipality, string uzovi, (string Code, string Description) dsm, string reason, string referrerAgb = GpAgb,
        params (Person Person, string Relation, bool? Custody)[] household)
    {
        var body = Referral(subject, "adult", municipality, uzovi, dsm, reason, referrerAgb, household);
        body["careLevel"] = "basic";
        return body;
    }

    private static JsonObject Referral(
        Person subject, string domain, string municipality, string? uzovi, (string Code, string Description)? dsm, string reason, string referrerAgb,
        (Person Person, string Relation, bool? Custody)[] household)
    {
        var body = new JsonObject
        {
            ["subject"] = new JsonObject
            {
                ["bsn"] = subject.Bsn,
                ["name"] = subject.Name,
                ["birthDate"] = Date(subject.BirthDate),
                ["municipalityCode"] = municipality,
                ["uzovi"] = uzovi,
            },
            ["household"] = new JsonArray(household.Select(h => (JsonNode)new JsonObject
            {
                ["bsn"] = h.Person.Bsn,
                ["name"] = h.Person.Name,
                ["birthDate"] = Date(h.Person.BirthDate),
                ["relation"] = h.Relation,
                ["custody"] = h.Custody,
            }).ToArray()),
            ["referrer"] = new JsonObject { ["agb"] = referrerAgb, ["type"] = "02", ["name"] = "Huisartsenpraktijk" },
            ["domain"] = domain,
            ["reason"] = reason,
        };
        if (dsm is { } d)
        {
            body["suspectedDsm"] = new JsonObject { ["code"] = d.Code, ["description"] = d.Description };
        }

        return body;
    }

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}

namespace Referral.Api.Data;

/// <summary>
/// Demo entries for a newcomer (Development only, <c>Directory:DemoData=true</c>): the practices and
/// professionals of the scenarios in ../shared/scenarios. Every AGB code and contact is invented.
/// </summary>
public static class DemoDirectory
{
    public static readonly IReadOnlyList<DirectoryEntry> Entries =
    [
        Organisation("01012345", "Huisartsenpraktijk Lombok", null, "Utrecht"),
        Professional("01012346", "Dr. P. de Boer", "GP", null, "01012345", "Utrecht"),
        Professional("01012347", "M. Jansen", "POH-GGZ", "adult", "01012345", "Utrecht"),
        Organisation("73730001", "Jeugd-GGZ Utrecht", "youth", "Utrecht"),
        Professional("94012345", "Drs. A. Visser", "youth psychologist", "youth", "73730001", "Utrecht"),
        Organisation("73731111", "Praktijk voor Gezinstherapie De Linde", "both", "Amersfoort"),
        Professional("94031111", "J. de Wit", "family therapist", "both", "73731111", "Amersfoort"),
        Organisation("73732222", "Psychologiepraktijk Noord", "adult", "Groningen"),
        Professional("94042222", "Drs. S. Mulder", "psychologist", "adult", "73732222", "Groningen"),
        Organisation("73733333", "GGZ Specialistisch Zwolle", "adult", "Zwolle"),
        Organisation("73739001", "Gecertificeerde Instelling Midden-Nederland", "youth", "Utrecht"),
        Organisation("73734444", "Wijkteam Enschede-Noord", null, "Enschede"),
        Organisation("73735555", "Thuiszorg Twente", "adult", "Enschede"),
    ];

    private static DirectoryEntry Organisation(string agb, string name, string? domain, string city) => new()
    {
        Agb = agb, Kind = "organisation", Name = name, Domain = domain, City = city,
        Phone = "+31 30 000 " + agb[^4..], Email = $"info-{agb}@example.org",
    };

    private static DirectoryEntry Professional(string agb, string name, string profession, string? domain, string organisation, string city) => new()
    {
        Agb = agb, Kind = "professional", Name = name, Profession = profession, Domain = domain, OrganisationAgb = organisation, City = city,
        Email = $"{agb}@example.org",
    };
}

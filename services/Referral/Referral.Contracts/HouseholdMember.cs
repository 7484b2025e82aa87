namespace Referral.Contracts;

/// <summary>Another member of the referred person's household.</summary>
/// <param name="Bsn">Citizen service number.</param>
/// <param name="Name">Full name, when given.</param>
/// <param name="BirthDate">Date of birth.</param>
/// <param name="Relation">Relation to the referred person: parent, child, partner, sibling, other.</param>
/// <param name="Custody">For a parent of a minor: whether they have custody (gezag).</param>
public sealed record HouseholdMember(string Bsn, string? Name, DateOnly BirthDate, string Relation, bool? Custody);

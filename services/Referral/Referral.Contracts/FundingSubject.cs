namespace Referral.Contracts;

/// <summary>The referred person as a financier-facing service needs them: no name, no clinical content.</summary>
/// <param name="Bsn">The citizen service number.</param>
/// <param name="BirthDate">Date of birth, for the age rules.</param>
/// <param name="MunicipalityCode">CBS code of the BRP address (woonplaatsbeginsel).</param>
/// <param name="Uzovi">The insurer, for adults.</param>
public sealed record FundingSubject(string Bsn, DateOnly BirthDate, string MunicipalityCode, string? Uzovi);
